/**
 * The kinds of evidence file that can be uploaded, shared by the upload form
 * (the `accept` attribute, hints) and the server (inspect.server.ts decides a
 * file's kind from its content, then names and serves it from this table).
 *
 * Pure: no Node imports, so the browser bundle can use it.
 */

export type FileKind =
  "pdf" | "docx" | "xlsx" | "pptx" | "doc" | "xls" | "ppt" | "csv" | "txt" | "png" | "jpeg" | "eml" | "msg";

export type FileKindInfo = {
  /** What a person calls it, without an article: "Word document". */
  label: string;
  /** File name extensions, lower case, without the dot. The first is canonical: stored files are downloaded with it. */
  extensions: readonly [string, ...string[]];
  /** The Content-Type the file is served with. */
  contentType: string;
  /** How the app may show it in the page: as an image, in a PDF viewer, as text; null: download only. */
  previewable: "image" | "pdf" | "text" | null;
};

export const FILE_KINDS = {
  pdf: { label: "PDF", extensions: ["pdf"], contentType: "application/pdf", previewable: "pdf" },
  docx: {
    label: "Word document",
    extensions: ["docx"],
    contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    previewable: null,
  },
  xlsx: {
    label: "Excel spreadsheet",
    extensions: ["xlsx"],
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    previewable: null,
  },
  pptx: {
    label: "PowerPoint presentation",
    extensions: ["pptx"],
    contentType: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    previewable: null,
  },
  doc: { label: "Word 97–2003 document", extensions: ["doc"], contentType: "application/msword", previewable: null },
  xls: {
    label: "Excel 97–2003 spreadsheet",
    extensions: ["xls"],
    contentType: "application/vnd.ms-excel",
    previewable: null,
  },
  ppt: {
    label: "PowerPoint 97–2003 presentation",
    extensions: ["ppt"],
    contentType: "application/vnd.ms-powerpoint",
    previewable: null,
  },
  csv: { label: "CSV file", extensions: ["csv"], contentType: "text/csv", previewable: "text" },
  txt: { label: "text file", extensions: ["txt"], contentType: "text/plain", previewable: "text" },
  png: { label: "PNG image", extensions: ["png"], contentType: "image/png", previewable: "image" },
  jpeg: { label: "JPEG image", extensions: ["jpg", "jpeg"], contentType: "image/jpeg", previewable: "image" },
  eml: { label: "email", extensions: ["eml"], contentType: "message/rfc822", previewable: null },
  msg: { label: "Outlook email", extensions: ["msg"], contentType: "application/vnd.ms-outlook", previewable: null },
} as const satisfies Record<FileKind, FileKindInfo>;

export const FILE_KIND_NAMES = Object.keys(FILE_KINDS) as FileKind[];

/** For `<input type="file" accept={ACCEPT_ATTRIBUTE}>`: every extension, then every content type. Only a hint to the browser; the server decides. */
export const ACCEPT_ATTRIBUTE = [
  ...new Set([
    ...FILE_KIND_NAMES.flatMap((k) => FILE_KINDS[k].extensions.map((e) => `.${e}`)),
    ...FILE_KIND_NAMES.map((k) => FILE_KINDS[k].contentType),
  ]),
].join(",");

/** One sentence for hints and refusals. */
export const ACCEPTED_FILES_SENTENCE =
  "Only PDF, Word, Excel, PowerPoint, CSV, text, PNG, JPEG and email files can be uploaded.";

/** The kind whose extensions include the one in this file name (case-insensitive), or null. Only for wording: a file's kind is decided by its content. */
export function kindForFileName(fileName: string): FileKind | null {
  const ext = fileExtension(fileName);
  if (!ext) return null;
  return FILE_KIND_NAMES.find((k) => (FILE_KINDS[k].extensions as readonly string[]).includes(ext)) ?? null;
}

/** The extension of a file name, lower case, without the dot ("" when none). Folders in the name ("C:\fakepath\", "../") are ignored; a leading dot (".bashrc") is not an extension. */
export function fileExtension(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? "";
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : "";
}

/** "a Word document", "an Excel spreadsheet". */
export function withArticle(label: string): string {
  return `${/^[aeiou]/i.test(label) ? "an" : "a"} ${label}`;
}

export const DEFAULT_MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/**
 * The largest upload in bytes, from MAX_UPLOAD_MB (megabytes, may have a
 * fraction: "0.5"). Unset or blank: 50 MB. Anything else throws, so that a
 * mistyped setting stops the server at start-up instead of being ignored.
 */
export function maxUploadBytes(maxUploadMb: string | undefined): number {
  const raw = maxUploadMb?.trim();
  if (!raw) return DEFAULT_MAX_UPLOAD_BYTES;
  const mb = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isFinite(mb) || mb <= 0 || mb > 10 * 1024)
    throw new Error(`MAX_UPLOAD_MB must be a number of megabytes above 0 and at most 10240 (got "${maxUploadMb}").`);
  return Math.floor(mb * 1024 * 1024);
}
