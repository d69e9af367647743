/**
 * What an uploaded evidence file really is, decided from its content (magic
 * bytes and structure), never from its name or the browser's claim. The name
 * is used only to word a refusal ("…, not a PDF") and to choose among the
 * text kinds, which have no magic (csv, txt, eml).
 *
 * The staged file is read from disk: PDFs and text as a stream in constant
 * memory; zips through their central directory (yauzl); legacy Office and
 * Outlook files (CFB) whole through `cfb`, bounded by the upload limit.
 *
 * Never throws for a bad file: a refusal carries a code and a message that
 * can be shown to the person uploading as it is.
 */
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { constants as zlibConstants, createInflate, inflateSync } from "node:zlib";
import CFB, { type CFB$Container } from "cfb";
import { fileTypeFromBuffer } from "file-type";
import yauzl, { type Entry as ZipEntry, type ZipFile } from "yauzl";
import {
  ACCEPTED_FILES_SENTENCE,
  FILE_KINDS,
  fileExtension,
  kindForFileName,
  withArticle,
  type FileKind,
} from "./file-kinds";
import type { Result } from "~/utils/result";

export const REFUSAL_CODES = [
  "empty",
  "executable",
  "script",
  "markup",
  "archive",
  "zip_bomb",
  "macros",
  "encrypted",
  "damaged",
  "not_text",
  "unsupported_type",
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

/** A PDF with JavaScript, a launch action, an action run on opening, or embedded files: stored, but flagged. */
export type FileWarning = "pdf_active_content";

export type Inspection = Result<
  {
    kind: FileKind;
    contentType: string;
    /** The kind's canonical extension, without the dot, whatever the uploaded name said. */
    extension: string;
    warnings: FileWarning[];
    /** Text kinds only: how the bytes are encoded (serve csv/txt with this charset). */
    charset?: "utf-8" | "windows-1252";
  },
  { code: RefusalCode; message: string }
>;

/**
 * Zip bomb limits, checked on the central directory before anything is
 * decompressed. Real Office files stay far inside them: a 300-slide deck has
 * about 1,500 parts; sheet XML, the most repetitive part, deflates 10–30
 * times; a document full of photos is near 1 (JPEG and PNG do not shrink).
 * Deflate peaks near 1,000, which is what bombs use. The ratio is only
 * checked above 10 MB because small packages of boilerplate XML can exceed
 * it legitimately and can do no harm.
 */
export const ZIP_LIMITS = {
  maxEntries: 10_000,
  maxTotalUncompressedBytes: 1024 ** 3,
  maxRatio: 100,
  ratioCheckedAboveBytes: 10 * 1024 * 1024,
} as const;

const HEAD_BYTES = 64 * 1024;
const CHUNK_BYTES = 64 * 1024;

type Ctx = { path: string; fileName: string; size: number; claimed: FileKind | null };

export async function inspectStagedFile(opts: {
  path: string;
  fileName: string;
  sizeBytes: number;
}): Promise<Inspection> {
  const { size } = await stat(opts.path);
  if (size !== opts.sizeBytes)
    throw new Error(`inspectStagedFile: the staged file has ${size} bytes, not ${opts.sizeBytes}`);
  if (size === 0) return refuse("empty", "The file is empty.");
  const ctx: Ctx = { path: opts.path, fileName: opts.fileName, size, claimed: kindForFileName(opts.fileName) };
  const head = await readHead(opts.path, HEAD_BYTES);

  if (startsWith(head, PDF_MAGIC)) return inspectPdf(ctx);
  if (head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5 || head[2] === 7)) return inspectZip(ctx);
  if (startsWith(head, CFB_MAGIC)) return inspectCfb(ctx);

  // UTF-16 text (FF FE reads as an MPEG audio frame to file-type): the text checks explain it.
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) return inspectText(ctx, head);
  const detected = await fileTypeFromBuffer(head);
  if (detected?.ext === "png" || detected?.ext === "apng") return accept("png");
  if (detected?.ext === "jpg") return accept("jpeg");
  if (startsWith(head, [0x23, 0x21])) return refuseAs(ctx, "script", "a script");
  if (detected?.ext === "rtf")
    return refuse(
      "unsupported_type",
      `${sentence(ctx, "a Rich Text Format (.rtf) document")} Save it as a Word document or PDF and upload that.`,
    );
  // Some signatures are two printable bytes ("BM" for BMP, "MZ"): a file whose start reads as text goes to the text checks.
  if (detected && !new TextScan().feed(head).binary) return inspectText(ctx, head);
  if (detected) return refuseDetected(ctx, detected.ext, detected.mime);
  return inspectText(ctx, head);
}

// ---------------------------------------------------------------- wording

function refuse(code: RefusalCode, message: string): Inspection {
  return { ok: false, code, message };
}

function accept(kind: FileKind, warnings: FileWarning[] = [], charset?: "utf-8" | "windows-1252"): Inspection {
  const { contentType, extensions } = FILE_KINDS[kind];
  return { ok: true, kind, contentType, extension: extensions[0], warnings, ...(charset ? { charset } : {}) };
}

/** "This file is an HTML page, not a PDF." (the second part only when the name claims an accepted kind). */
function sentence(ctx: Ctx, what: string): string {
  return `This file is ${what}${ctx.claimed ? `, not ${withArticle(FILE_KINDS[ctx.claimed].label)}` : ""}.`;
}

function refuseAs(ctx: Ctx, code: RefusalCode, what: string, advice = ACCEPTED_FILES_SENTENCE): Inspection {
  return refuse(code, `${sentence(ctx, what)} ${advice}`);
}

/** For a file of the right family that cannot be taken as it is (macros, a password): "This file is a Word document with macros." */
function refuseFamily(code: RefusalCode, what: string, advice: string): Inspection {
  return refuse(code, `This file is ${what}. ${advice}`);
}

function refuseUnknown(ctx: Ctx): Inspection {
  return refuse(
    "unsupported_type",
    ctx.claimed
      ? `This file is not ${withArticle(FILE_KINDS[ctx.claimed].label)}, and its type could not be recognised. ${ACCEPTED_FILES_SENTENCE}`
      : `This file's type could not be recognised. ${ACCEPTED_FILES_SENTENCE}`,
  );
}

const EXECUTABLES: Record<string, string> = {
  exe: "a Windows program",
  elf: "a Linux program",
  mach: "a macOS program",
  class: "a Java program",
  dex: "an Android program",
  wasm: "a WebAssembly program",
  lnk: "a Windows shortcut",
  swf: "a Flash file",
  msi: "a Windows installer",
  crx: "a browser extension",
};
const ARCHIVES = new Set([
  "gz",
  "7z",
  "rar",
  "tar",
  "bz2",
  "xz",
  "zst",
  "lz",
  "lz4",
  "lzh",
  "cab",
  "ar",
  "cpio",
  "arj",
  "Z",
  "rpm",
  "deb",
  "dmg",
  "iso",
  "zip",
]);

function refuseDetected(ctx: Ctx, ext: string, mime: string): Inspection {
  if (EXECUTABLES[ext]) return refuseAs(ctx, "executable", EXECUTABLES[ext]);
  if (ARCHIVES.has(ext))
    return refuseAs(ctx, "archive", `a compressed archive (.${ext})`, "Upload the files inside it one at a time.");
  if (ext === "xml") return refuseAs(ctx, "markup", "an XML document");
  const family = mime.split("/")[0];
  const what =
    family === "image"
      ? `${withArticle(ext.toUpperCase())} image`
      : family === "audio"
        ? `an audio file (.${ext})`
        : family === "video"
          ? `a video file (.${ext})`
          : family === "font"
            ? `a font file (.${ext})`
            : ext === "sqlite"
              ? "a database file"
              : ext === "ps" || ext === "eps"
                ? "a PostScript file"
                : `a .${ext} file`;
  return refuseAs(ctx, "unsupported_type", what);
}

// ---------------------------------------------------------------- bytes

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}

async function readHead(path: string, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const chunk of createReadStream(path, { start: 0, end: max - 1 })) {
    chunks.push(chunk as Buffer);
    n += (chunk as Buffer).length;
  }
  return Buffer.concat(chunks, n);
}

// ---------------------------------------------------------------- PDF

/**
 * Names that make a PDF active (JavaScript, launching programs, attached
 * files, form submission, Flash). An action needs its /S type, so
 * /JavaScript or /Launch is always there with /JS. Short names are counted
 * only outside stream data, where random bytes would spell them now and
 * then. /OpenAction counts when its value is an action dictionary ("<<"),
 * not a destination array (which LibreOffice writes in every PDF).
 */
const PDF_ACTIVE_LONG = new Set([
  "JavaScript",
  "Launch",
  "EmbeddedFile",
  "EmbeddedFiles",
  "FileAttachment",
  "GoToE",
  "RichMedia",
  "SubmitForm",
  "ImportData",
]);
const PDF_ACTIVE_SHORT = new Set(["JS", "XFA"]);
const NAME_FIRST_BYTES = new Set([...PDF_ACTIVE_LONG, ...PDF_ACTIVE_SHORT, "OpenAction"].map((n) => n.charCodeAt(0)));
const NAME_LENGTHS = new Set([...PDF_ACTIVE_LONG, ...PDF_ACTIVE_SHORT, "OpenAction"].map((n) => n.length));
/**
 * Inflating object streams stops here; a file that needs more is flagged rather than trusted.
 * Real object streams hold kilobytes to a few MB. Every inflated byte is scanned on the
 * server's own thread (about 30 MB/s, in 64 KB steps), so this also bounds what one upload
 * costs there: a flate bomb costs about 0.5 s of it (ADR 014).
 */
const MAX_OBJECT_STREAM_BYTES = 16 * 1024 * 1024;
const MAX_OBJECT_STREAMS = 10_000;
/** Compressed bytes kept from the start of each stream, to tell an object stream from the rest. */
const STREAM_HEAD_BYTES = 512;

async function inspectPdf(ctx: Ctx): Promise<Inspection> {
  const active = (await pdfHasActiveContent(ctx.path)) ? (["pdf_active_content"] as FileWarning[]) : [];
  return accept("pdf", active);
}

/**
 * pdfid-style, in constant memory: one pass reads every name in the file
 * with #xx escapes decoded (/J#61vaScript is /JavaScript), by a byte state
 * machine whose state carries across chunks, so a name split between two
 * reads is still whole. PDF 1.5+ writers put the catalog and its actions in
 * compressed object streams, where no name shows in the raw bytes: the pass
 * keeps the first bytes of every stream, recognises object streams by their
 * inflated start (pairs of integers, then an object), and a second pass
 * inflates just those and reads their names the same way. An object stream
 * that will not inflate whole (damaged, cut short by a stray "endstream",
 * or larger than the budget) flags the file: it could hide anything.
 *
 * Not seen: object streams encoded with other filters or predictors, and
 * encrypted files' object streams. pdf.js (unpdf) could be asked for
 * getJSActions/getAttachments if that matters one day.
 */
export async function pdfHasActiveContent(path: string): Promise<boolean> {
  const outer = new PdfScanner(false);
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) outer.feed(chunk as Buffer);
  outer.end();
  if (outer.active || outer.tooManyObjectStreams) return true;
  let budget = MAX_OBJECT_STREAM_BYTES;
  for (const [start, end] of outer.objectStreams) {
    const inner = new PdfScanner(true);
    try {
      await pipeline(
        createReadStream(path, { start, end: end - 1, highWaterMark: CHUNK_BYTES }),
        createInflate(),
        new Writable({
          write(chunk: Buffer, _enc, done) {
            budget -= chunk.length;
            if (budget < 0) return done(new Error("object streams too large"));
            inner.feed(chunk);
            done();
          },
        }),
      );
    } catch {
      return true;
    }
    inner.end();
    if (inner.active) return true;
  }
  return false;
}

/** The inflated start of an object stream: integer pairs (object number, offset), then the first object. Content streams have an operator there. */
function looksLikeObjectStream(head: Buffer): boolean {
  if (head.length < 2) return false;
  const [cmf, flg] = [head[0]!, head[1]!];
  if ((cmf & 0x0f) !== 8 || cmf >> 4 > 7 || ((cmf << 8) | flg) % 31 !== 0) return false; // not a zlib stream
  let text: string;
  try {
    text = inflateSync(head, { finishFlush: zlibConstants.Z_SYNC_FLUSH, maxOutputLength: 256 * 1024 }).toString(
      "latin1",
    );
  } catch (e) {
    // Expanding a thousandfold at once is not a content stream: let the budgeted pass decide.
    return (e as { code?: string }).code === "ERR_BUFFER_TOO_LARGE";
  }
  const tokens = text.trimStart().split(/[\0\t\n\f\r ]+/);
  let n = 0;
  while (n < tokens.length && /^\d+$/.test(tokens[n]!)) n++;
  const next = tokens[n];
  // Nothing but integers so far (or nothing at all, from a stream cut short): undecided, so the full pass decides.
  if (next === undefined || (next === "" && n === tokens.length - 1)) return true;
  return n >= 2 && /^(?:[<[(/+\-.\d]|true|false|null)/.test(next);
}

const WHITESPACE = 1;
const DELIMITER = 2;
const PDF_CLASS = new Uint8Array(256);
for (const b of [0, 9, 10, 12, 13, 32]) PDF_CLASS[b] = WHITESPACE;
for (const ch of "()<>[]{}/%") PDF_CLASS[ch.charCodeAt(0)] = DELIMITER;

const ENDSTREAM = Buffer.from("endstream");
const STREAM_KEYWORD = Buffer.from("stream");
const ENDSTREAM_FAIL = (() => {
  const f = new Array<number>(ENDSTREAM.length).fill(0);
  for (let i = 1, k = 0; i < ENDSTREAM.length; i++) {
    while (k > 0 && ENDSTREAM[i] !== ENDSTREAM[k]) k = f[k - 1]!;
    if (ENDSTREAM[i] === ENDSTREAM[k]) k++;
    f[i] = k;
  }
  return f;
})();

type OpenStream = { start: number; head: number[] };

class PdfScanner {
  active = false;
  tooManyObjectStreams = false;
  readonly objectStreams: Array<[number, number]> = [];
  private pos = 0;
  private inName = false;
  private name: number[] = [];
  /** How much of "stream" the current keyword has matched so far; -1: it is another word. */
  private tokenMatch = 0;
  private pendingOpenAction = false;
  /** Streams begun ("stream" keyword) and not yet ended: normally one; a stray "stream" in a string or in data adds one. */
  private open: OpenStream[] = [];
  private match = 0;

  /** decoded: inflated object-stream content, which holds objects and no streams; every name counts. */
  constructor(private readonly decoded: boolean) {}

  feed(chunk: Uint8Array) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    let i = 0;
    while (i < buf.length) {
      if (this.insideCompressedStream()) {
        // Compressed stream data holds no names a reader would see (object streams are inflated and
        // read in the second pass): jump to the next "endstream" natively instead of stepping each byte.
        const j = buf.indexOf(ENDSTREAM, i);
        const resume = j >= 0 ? j : Math.max(i, buf.length - (ENDSTREAM.length - 1));
        this.pos += resume - i;
        i = resume;
        this.inName = false;
        this.tokenMatch = -1;
        // Step through "endstream" itself (or the tail that may begin it) so the state machine closes the stream.
        const until = j >= 0 ? j + ENDSTREAM.length : buf.length;
        for (; i < until; i++, this.pos++) this.step(buf[i]!);
        continue;
      }
      this.step(buf[i]!);
      i++;
      this.pos++;
    }
  }

  /** One open stream whose first bytes are a zlib header, and no partial "endstream" match pending. */
  private insideCompressedStream(): boolean {
    if (this.decoded || this.open.length !== 1 || this.match !== 0) return false;
    const head = this.open[0]!.head;
    if (head.length < STREAM_HEAD_BYTES) return false;
    const cmf = head[0]!;
    const flg = head[1]!;
    return (cmf & 0x0f) === 8 && cmf >> 4 <= 7 && ((cmf << 8) | flg) % 31 === 0;
  }

  end() {
    if (this.inName) this.endName();
    this.closeStreams(this.pos);
  }

  private step(b: number) {
    if (this.open.length > 0) {
      for (let i = 0; i < this.open.length; i++) {
        const s = this.open[i]!;
        if (s.head.length >= STREAM_HEAD_BYTES) continue;
        if (s.head.length === 0 && PDF_CLASS[b] === WHITESPACE) s.start = this.pos + 1;
        else s.head.push(b);
      }
      let m = this.match;
      while (m > 0 && b !== ENDSTREAM[m]) m = ENDSTREAM_FAIL[m - 1]!;
      if (b === ENDSTREAM[m]) m++;
      if (m === ENDSTREAM.length) {
        m = 0;
        this.closeStreams(this.pos + 1 - ENDSTREAM.length);
      }
      this.match = m;
    }
    const c = PDF_CLASS[b]!;
    if (this.inName) {
      if (c === 0) {
        if (this.name.length <= 512) this.name.push(b);
        return;
      }
      this.endName();
    }
    if (this.pendingOpenAction && c !== WHITESPACE) {
      this.pendingOpenAction = false;
      if (b === 0x3c) this.active = true; // "<<": an action dictionary runs on opening
    }
    if (c === 0) {
      // Only one keyword matters here ("stream"): compare as we go instead of building the token.
      this.tokenMatch =
        this.tokenMatch >= 0 && this.tokenMatch < STREAM_KEYWORD.length && STREAM_KEYWORD[this.tokenMatch] === b
          ? this.tokenMatch + 1
          : -1;
      return;
    }
    if (this.tokenMatch === STREAM_KEYWORD.length && c === WHITESPACE && !this.decoded) this.openStream();
    this.tokenMatch = 0;
    if (b === 0x2f) {
      this.inName = true;
      this.name.length = 0;
    }
  }

  private endName() {
    this.inName = false;
    const n = this.name;
    // Most names (/F1, /Type, /Length…) cannot be one we look for: skip them before building a string.
    if (
      n.length > 512 ||
      n.length < 2 ||
      ((!NAME_FIRST_BYTES.has(n[0]!) || !NAME_LENGTHS.has(n.length)) && !n.includes(0x23))
    )
      return;
    const s = String.fromCharCode(...n).replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) =>
      String.fromCharCode(parseInt(hex, 16)),
    );
    if (PDF_ACTIVE_LONG.has(s) || (PDF_ACTIVE_SHORT.has(s) && this.open.length === 0)) this.active = true;
    if (s === "OpenAction") this.pendingOpenAction = true;
  }

  private openStream() {
    if (this.open.length >= 8) this.closeStreams(this.pos, 1);
    this.open.push({ start: this.pos + 1, head: [] });
  }

  /** Ends open streams at `end` (all, or the oldest `count`), keeping those that are object streams for the second pass. */
  private closeStreams(end: number, count = this.open.length) {
    for (const s of this.open.splice(0, count)) {
      if (!looksLikeObjectStream(Buffer.from(s.head.slice(0, Math.max(0, end - s.start))))) continue;
      if (this.objectStreams.length < MAX_OBJECT_STREAMS) this.objectStreams.push([s.start, end]);
      else this.tooManyObjectStreams = true;
    }
  }
}

// ---------------------------------------------------------------- zip / OOXML

type MainType = { kind: FileKind } | { code: RefusalCode; what: string; saveAs: string };
const OOXML = "application/vnd.openxmlformats-officedocument.";
const OOXML_MAIN_TYPES: Record<string, MainType> = {
  [`${OOXML}wordprocessingml.document.main+xml`]: { kind: "docx" },
  [`${OOXML}spreadsheetml.sheet.main+xml`]: { kind: "xlsx" },
  [`${OOXML}presentationml.presentation.main+xml`]: { kind: "pptx" },
  "application/vnd.ms-word.document.macroenabled.main+xml": {
    code: "macros",
    what: "a Word document with macros (.docm)",
    saveAs: "a Word document (.docx)",
  },
  "application/vnd.ms-word.template.macroenabledtemplate.main+xml": {
    code: "macros",
    what: "a Word template with macros (.dotm)",
    saveAs: "a Word document (.docx)",
  },
  [`${OOXML}wordprocessingml.template.main+xml`]: {
    code: "unsupported_type",
    what: "a Word template (.dotx)",
    saveAs: "a Word document (.docx)",
  },
  "application/vnd.ms-excel.sheet.macroenabled.main+xml": {
    code: "macros",
    what: "an Excel workbook with macros (.xlsm)",
    saveAs: "an Excel workbook (.xlsx)",
  },
  "application/vnd.ms-excel.template.macroenabled.main+xml": {
    code: "macros",
    what: "an Excel template with macros (.xltm)",
    saveAs: "an Excel workbook (.xlsx)",
  },
  "application/vnd.ms-excel.addin.macroenabled.main+xml": {
    code: "macros",
    what: "an Excel add-in (.xlam)",
    saveAs: "an Excel workbook (.xlsx)",
  },
  "application/vnd.ms-excel.sheet.binary.macroenabled.main": {
    code: "unsupported_type",
    what: "an Excel binary workbook (.xlsb)",
    saveAs: "an Excel workbook (.xlsx)",
  },
  [`${OOXML}spreadsheetml.template.main+xml`]: {
    code: "unsupported_type",
    what: "an Excel template (.xltx)",
    saveAs: "an Excel workbook (.xlsx)",
  },
  "application/vnd.ms-powerpoint.presentation.macroenabled.main+xml": {
    code: "macros",
    what: "a PowerPoint presentation with macros (.pptm)",
    saveAs: "a PowerPoint presentation (.pptx)",
  },
  "application/vnd.ms-powerpoint.slideshow.macroenabled.main+xml": {
    code: "macros",
    what: "a PowerPoint show with macros (.ppsm)",
    saveAs: "a PowerPoint presentation (.pptx)",
  },
  "application/vnd.ms-powerpoint.template.macroenabled.main+xml": {
    code: "macros",
    what: "a PowerPoint template with macros (.potm)",
    saveAs: "a PowerPoint presentation (.pptx)",
  },
  [`${OOXML}presentationml.slideshow.main+xml`]: {
    code: "unsupported_type",
    what: "a PowerPoint show (.ppsx)",
    saveAs: "a PowerPoint presentation (.pptx)",
  },
  [`${OOXML}presentationml.template.main+xml`]: {
    code: "unsupported_type",
    what: "a PowerPoint template (.potx)",
    saveAs: "a PowerPoint presentation (.pptx)",
  },
  "application/vnd.ms-visio.drawing.main+xml": {
    code: "unsupported_type",
    what: "a Visio drawing (.vsdx)",
    saveAs: "a PDF",
  },
};
/** Where each kind's main part usually is, for packages that map it by a Default (extension) rule instead of an Override. */
const USUAL_MAIN_PART: Partial<Record<FileKind, string>> = {
  docx: "word/document.xml",
  xlsx: "xl/workbook.xml",
  pptx: "ppt/presentation.xml",
};
const MAX_CONTENT_TYPES_BYTES = 1024 * 1024;

const mb = (bytes: number) =>
  bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GB` : `${Math.max(0.1, bytes / 1024 ** 2).toFixed(1)} MB`;

async function inspectZip(ctx: Ctx): Promise<Inspection> {
  const damaged = () =>
    refuse(
      "damaged",
      `This file looks like ${ctx.claimed ? withArticle(FILE_KINDS[ctx.claimed].label) : "a zip or Office file"} but it is damaged, so it cannot be checked. Open it, save a new copy and upload that.`,
    );
  const bomb = (what: string) =>
    refuse(
      "zip_bomb",
      `${sentence(ctx, what)} Files like this are used to crash computer systems. ${ACCEPTED_FILES_SENTENCE}`,
    );
  const expands = (total: number) =>
    `a compressed file that would expand to ${mb(total)} from ${mb(ctx.size)} (a “zip bomb”)`;

  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(ctx.path, {
      lazyEntries: true,
      autoClose: false,
      validateEntrySizes: true,
      decodeStrings: true,
    });
  } catch {
    return damaged();
  }
  try {
    if (zip.entryCount > ZIP_LIMITS.maxEntries)
      return bomb(`a compressed archive of ${zip.entryCount.toLocaleString("en-GB")} files`);
    const entries = new Map<string, ZipEntry>();
    const spans: Array<[number, number]> = [];
    let total = 0;
    let compressed = 0;
    let encrypted = false;
    try {
      for await (const entry of zip.eachEntry()) {
        total += entry.uncompressedSize;
        compressed += entry.compressedSize;
        encrypted ||= entry.isEncrypted();
        spans.push([entry.relativeOffsetOfLocalHeader, entry.compressedSize]);
        entries.set(entry.fileName.toLowerCase(), entry);
      }
    } catch {
      return damaged();
    }
    if (total > ZIP_LIMITS.maxTotalUncompressedBytes) return bomb(expands(total));
    if (total > ZIP_LIMITS.ratioCheckedAboveBytes && total / Math.max(compressed, 1) > ZIP_LIMITS.maxRatio)
      return bomb(expands(total));
    const overlap = "a compressed file whose contents overlap so that they expand many times over (a “zip bomb”)";
    // Entries that share their compressed data (the "overlapping" bomb) expand many times over without a high ratio per entry.
    spans.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < spans.length; i++)
      if (spans[i]![0] < spans[i - 1]![0] + 30 + spans[i - 1]![1]) return bomb(overlap);
    if (compressed > ctx.size) return bomb(overlap);
    if (encrypted)
      return refuseAs(
        ctx,
        "encrypted",
        "a password-protected zip archive",
        "Upload the files inside it one at a time, without a password.",
      );

    const readSmall = async (entry: ZipEntry, max: number): Promise<string | null> => {
      if (entry.uncompressedSize > max) return null;
      const chunks: Buffer[] = [];
      for await (const c of await zip.openReadStreamPromise(entry)) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    };

    const contentTypesEntry = entries.get("[content_types].xml");
    if (!contentTypesEntry)
      return refuseAs(
        ctx,
        "archive",
        await describeZip(entries, readSmall),
        "Upload the files inside it one at a time.",
      );
    let contentTypes: string | null;
    try {
      contentTypes = await readSmall(contentTypesEntry, MAX_CONTENT_TYPES_BYTES);
    } catch {
      return damaged();
    }
    if (contentTypes === null) return damaged();

    const main = findMainPart(contentTypes, entries);
    if (!main) return refuseAs(ctx, "unsupported_type", "an Office Open XML package of a kind that cannot be uploaded");
    if ("code" in main.type)
      return refuseFamily(main.type.code, main.type.what, `Save it as ${main.type.saveAs} and upload that.`);
    if ([...entries.keys()].some((name) => name.endsWith("vbaproject.bin")))
      return refuseFamily(
        "macros",
        `${withArticle(FILE_KINDS[main.type.kind].label)} with macros`,
        "Save a copy without macros and upload that.",
      );
    return accept(main.type.kind);
  } finally {
    zip.close();
  }
}

function xmlAttributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
    out[m[1]!.toLowerCase()] = (m[2] ?? m[3] ?? "").replace(/&amp;/g, "&");
  return out;
}

/** The package's main part from [Content_Types].xml: its content type tells the kind; the part must exist. */
function findMainPart(contentTypes: string, entries: Map<string, ZipEntry>): { type: MainType } | null {
  const found: MainType[] = [];
  for (const [, tag] of contentTypes.matchAll(/<(?:\w+:)?Override\b([^>]*)>/g)) {
    const a = xmlAttributes(tag!);
    const type = OOXML_MAIN_TYPES[(a.contenttype ?? "").trim().toLowerCase()];
    if (!type) continue;
    let part = (a.partname ?? "").replace(/^\//, "");
    try {
      part = decodeURIComponent(part);
    } catch {
      // Not percent-encoded after all: use as it is.
    }
    if (entries.has(part.toLowerCase())) found.push(type);
  }
  for (const [, tag] of contentTypes.matchAll(/<(?:\w+:)?Default\b([^>]*)>/g)) {
    const a = xmlAttributes(tag!);
    const type = OOXML_MAIN_TYPES[(a.contenttype ?? "").trim().toLowerCase()];
    if (
      type &&
      "kind" in type &&
      (a.extension ?? "").toLowerCase() === "xml" &&
      entries.has(USUAL_MAIN_PART[type.kind]!)
    )
      found.push(type);
  }
  // A macro or template marker anywhere wins over a plain document type.
  const type = found.find((t) => "code" in t) ?? found[0];
  return type ? { type } : null;
}

async function describeZip(
  entries: Map<string, ZipEntry>,
  readSmall: (e: ZipEntry, max: number) => Promise<string | null>,
): Promise<string> {
  const mimetype = entries.get("mimetype");
  const declared = mimetype ? ((await readSmall(mimetype, 200).catch(() => null)) ?? "").trim() : "";
  if (declared === "application/vnd.oasis.opendocument.text") return "an OpenDocument text document (.odt)";
  if (declared === "application/vnd.oasis.opendocument.spreadsheet") return "an OpenDocument spreadsheet (.ods)";
  if (declared === "application/vnd.oasis.opendocument.presentation") return "an OpenDocument presentation (.odp)";
  if (declared === "application/epub+zip") return "an e-book (.epub)";
  if (entries.has("androidmanifest.xml")) return "an Android app (.apk)";
  if (entries.has("meta-inf/manifest.mf")) return "a Java archive (.jar)";
  return "a zip archive";
}

// ---------------------------------------------------------------- CFB (Office 97–2003, Outlook)

async function inspectCfb(ctx: Ctx): Promise<Inspection> {
  let container: CFB$Container;
  try {
    container = CFB.read(await readFile(ctx.path), { type: "buffer" });
  } catch {
    return refuse(
      "damaged",
      `This file looks like ${ctx.claimed ? withArticle(FILE_KINDS[ctx.claimed].label) : "an older Office file"} but it is damaged, so it cannot be checked. Open it, save a new copy and upload that.`,
    );
  }
  // Top-level entries, lower case (CFB names compare case-insensitively) → entry type (1 storage, 2 stream).
  const top = new Map<string, number>();
  container.FullPaths.forEach((full, i) => {
    const rest = full.slice(full.indexOf("/") + 1).replace(/\/$/, "");
    if (rest && !rest.includes("/")) top.set(rest.toLowerCase(), container.FileIndex[i]!.type);
  });
  const stream = (name: string) => top.get(name) === 2;
  const storage = (name: string) => top.get(name) === 1;
  const macros = (label: string) =>
    refuseFamily(
      "macros",
      `${withArticle(label)} with macros`,
      "Save a copy without macros (for example as .docx or .xlsx) and upload that.",
    );

  if (stream("encryptioninfo") && stream("encryptedpackage"))
    return refuseFamily(
      "encrypted",
      "a password-protected Office document",
      "Remove the password, save it and upload it again: a protected file cannot be checked for viruses.",
    );
  if (stream("worddocument")) return storage("macros") ? macros(FILE_KINDS.doc.label) : accept("doc");
  if (stream("workbook") || stream("book"))
    return storage("_vba_project_cur") ? macros(FILE_KINDS.xls.label) : accept("xls");
  if (stream("powerpoint document")) return accept("ppt");
  if (top.has("__properties_version1.0") || [...top.keys()].some((n) => n.startsWith("__substg1.0_")))
    return accept("msg");
  if (stream("visiodocument"))
    return refuseAs(ctx, "unsupported_type", "a Visio drawing (.vsd)", "Save it as a PDF and upload that.");
  if (top.has("quill"))
    return refuseAs(ctx, "unsupported_type", "a Publisher document (.pub)", "Save it as a PDF and upload that.");
  if (container.FileIndex[0]?.clsid?.toLowerCase().replace(/-/g, "") === "84100c0000000000c000000000000046")
    return refuseAs(ctx, "executable", EXECUTABLES.msi!);
  return refuseAs(ctx, "unsupported_type", "an older Microsoft file of a kind that cannot be uploaded");
}

// ---------------------------------------------------------------- text (csv, txt, eml)

/** C0 controls that plain text may hold: tab, line feed, vertical tab, form feed, carriage return, DOS end-of-file, escape. */
const TEXT_CONTROLS = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1a, 0x1b]);
/** Bytes that Windows-1252 leaves undefined. */
const CP1252_UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);
const BYTE_CLASS = new Uint8Array(256); // 1 NUL, 2 other control, 3 undefined in cp1252
BYTE_CLASS[0] = 1;
for (let b = 1; b < 0x20; b++) if (!TEXT_CONTROLS.has(b)) BYTE_CLASS[b] = 2;
for (const b of CP1252_UNDEFINED) BYTE_CLASS[b] = 3;

/**
 * Text is UTF-8 (with or without a BOM), or failing that Windows-1252: the
 * "CSV (Comma delimited)" that Excel on Windows saves, with £ and curly
 * quotes as single bytes, is the most common data export in councils.
 * Either way: no NUL, no control characters that text does not use.
 */
class TextScan {
  nul = false;
  control = false;
  utf8 = true;
  cp1252 = true;
  private readonly decoder = new TextDecoder("utf-8", { fatal: true });

  feed(chunk: Uint8Array): this {
    for (let i = 0; i < chunk.length; i++) {
      const c = BYTE_CLASS[chunk[i]!];
      if (c === 1) this.nul = true;
      else if (c === 2) this.control = true;
      else if (c === 3) this.cp1252 = false;
    }
    if (this.utf8) {
      try {
        this.decoder.decode(chunk, { stream: true });
      } catch {
        this.utf8 = false;
      }
    }
    return this;
  }

  end(): this {
    if (this.utf8) {
      try {
        this.decoder.decode();
      } catch {
        this.utf8 = false;
      }
    }
    return this;
  }

  get binary(): boolean {
    return this.nul || this.control || (!this.utf8 && !this.cp1252);
  }
}

const SCRIPT_EXTENSIONS = new Set([
  "bat",
  "cmd",
  "com",
  "ps1",
  "psm1",
  "vbs",
  "vbe",
  "js",
  "jse",
  "mjs",
  "wsf",
  "wsh",
  "hta",
  "sh",
  "bash",
  "py",
  "pl",
  "rb",
  "php",
  "reg",
  "scr",
  "jar",
  "msi",
  "exe",
  "dll",
  "lnk",
]);
const EMAIL_HEADERS = new Set([
  "from",
  "to",
  "cc",
  "subject",
  "date",
  "received",
  "mime-version",
  "message-id",
  "return-path",
  "reply-to",
  "sender",
  "delivered-to",
]);

async function inspectText(ctx: Ctx, head: Buffer): Promise<Inspection> {
  const ext = fileExtension(ctx.fileName);
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff]) || looksUtf16(head))
    return refuseFamily(
      "not_text",
      "text saved as UTF-16 (“Unicode text”)",
      "Save it as UTF-8 (in Excel: “CSV UTF-8”) and upload it again.",
    );

  const scan = new TextScan();
  for await (const chunk of createReadStream(ctx.path, { highWaterMark: CHUNK_BYTES })) {
    scan.feed(chunk as Buffer);
    if (scan.nul || scan.control) break;
  }
  scan.end();
  if (scan.binary) {
    if (ctx.claimed === "csv" || ctx.claimed === "txt" || ctx.claimed === "eml")
      return refuse(
        "not_text",
        `This file is not ${withArticle(FILE_KINDS[ctx.claimed].label)}: it holds binary data, not text. ${ACCEPTED_FILES_SENTENCE}`,
      );
    return refuseUnknown(ctx);
  }
  if (SCRIPT_EXTENSIONS.has(ext)) return refuseAs(ctx, "script", `a script or program (.${ext})`);

  const charset = scan.utf8 ? "utf-8" : "windows-1252";
  const text = new TextDecoder(charset).decode(head).replace(/^(\uFEFF|ï»¿)/, "");
  const complete = head.length === ctx.size;
  const kind: FileKind = ext === "csv" ? "csv" : ext === "eml" && hasEmailHeaders(text, complete) ? "eml" : "txt";

  const markup = findMarkup(text, kind === "eml");
  if (markup && "is" in markup) return refuseAs(ctx, "markup", markup.is);
  if (markup)
    return refuse(
      "markup",
      `This file contains web page code (“${markup.contains}”), which cannot be uploaded in ${withArticle(FILE_KINDS[kind].label)}. If you need to keep it, save the file as a PDF and upload that.`,
    );
  return accept(kind, [], kind === "eml" ? undefined : charset);
}

/** UTF-16 without a byte order mark: every other byte of the start is NUL. */
function looksUtf16(head: Buffer): boolean {
  const n = Math.min(head.length, 512) & ~1;
  if (n < 8) return false;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) even++;
    if (head[i + 1] === 0) odd++;
  }
  return Math.max(even, odd) > (n / 2) * 0.4 && Math.min(even, odd) < (n / 2) * 0.05;
}

/**
 * Markup a browser could render: returns what the file is ("an HTML page")
 * when it starts as markup, the offending code ("<script") when it only
 * contains some in its first 64 KB, or null. An email may carry an HTML body
 * (it is served as message/rfc822, never rendered), so only script is
 * looked for there.
 */
function findMarkup(text: string, isEmail: boolean): { is: string } | { contains: string } | null {
  const lower = text.slice(0, HEAD_BYTES).trimStart().toLowerCase();
  if (/^<(?:[a-z][\w:.-]*(?:[\s/>]|$)|!doctype\b|\?xml\b|!--)/.test(lower)) {
    if (/<svg[\s>]/.test(lower)) return { is: "an SVG image" };
    if (lower.startsWith("<?xml") && !/<html[\s>]/.test(lower)) return { is: "an XML document" };
    return { is: "an HTML page" };
  }
  const needles = isEmail
    ? ["<script", "<iframe", "javascript:"]
    : ["<script", "<html", "<svg", "<iframe", "javascript:"];
  const hit = needles.find((n) => lower.includes(n));
  return hit ? { contains: hit } : null;
}

/** RFC 5322: the message starts with header fields up to a blank line, and at least two of them are ones every email has. */
function hasEmailHeaders(text: string, complete: boolean): boolean {
  const lines = text.split(/\r?\n/);
  const known = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === "") return i > 0 && known.size >= 2;
    if (/^[ \t]/.test(line)) {
      if (i === 0) return false;
      continue;
    }
    const m = /^([!-9;-~]+):/.exec(line);
    if (!m) return false;
    if (EMAIL_HEADERS.has(m[1]!.toLowerCase())) known.add(m[1]!.toLowerCase());
  }
  return complete && known.size >= 2;
}
