import { data, Link } from "react-router";
import type { Route } from "./+types/a.$authority.evidence.$evidenceId.v.$versionNumber.preview";
import { FILE_KINDS } from "~/modules/upload/file-kinds";
import { openVersionOfRoute } from "~/modules/evidence/file-response.server";
import { readTextPrefix } from "~/modules/evidence/service.server";
import { pdfPreview } from "~/modules/evidence/pdf-preview.server";
import { authorityHref } from "~/utils/links";

export const meta: Route.MetaFunction = () => [{ title: "Preview evidence – Improvement Board" }];

/** A "reader busy" 503 tells the browser when to try again (a document response carries a loader's headers only through this). */
export const headers: Route.HeadersFunction = ({ loaderHeaders }) => {
  const retryAfter = loaderHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

/** Text previews stop here; the rest is in the download. */
const TEXT_PREVIEW_BYTES = 200 * 1024;
/** PDFs larger than this are not read for a preview. */
const PDF_PREVIEW_BYTES = 20 * 1024 * 1024;

/**
 * A script-free preview: images through <img> from the sandboxed raw route;
 * PDFs as their extracted text (read once per version by pdf.js in the PDF
 * reader sandbox and kept, ADR 014; never rendered by the browser's PDF
 * viewer, so nothing in the file can run);
 * text, CSV and email as plain text. Nothing from the file is ever HTML here.
 */
export async function loader(args: Route.LoaderArgs) {
  const { user, file, versionNumber } = await openVersionOfRoute(args, "preview");
  const evidenceId = args.params.evidenceId;
  const previewable = file.kind ? FILE_KINDS[file.kind].previewable : null;
  const common = { authority: user.authority, evidenceId, versionNumber, fileName: file.fileName };
  /** No preview, and why. */
  const none = (note: string) => ({ ...common, mode: "none" as const, text: null, note });
  if (previewable === "image") {
    file.stream.destroy();
    return { ...common, mode: "image" as const, text: null, note: null };
  }
  if (previewable === "text") {
    const { text, truncated } = await readTextPrefix(file.stream, TEXT_PREVIEW_BYTES);
    return {
      ...common,
      mode: "text" as const,
      text,
      note: truncated ? "Only the beginning of the file is shown. Download it to read the rest." : null,
    };
  }
  if (previewable === "pdf") {
    if (file.sizeBytes > PDF_PREVIEW_BYTES) {
      file.stream.destroy();
      return none("This PDF is too large to preview. Download it to read it.");
    }
    const read = await pdfPreview({ authorityId: user.authority.id, owner: user.id, file });
    if (read.state === "busy")
      return data(none(read.note), { status: 503, headers: { "Retry-After": String(read.retryAfterS) } });
    if (read.state !== "ready") return none(read.note);
    return {
      ...common,
      mode: "pdf" as const,
      text: read.text,
      note: `Text of ${read.pages} page${read.pages === 1 ? "" : "s"}, without layout or pictures. Download the file to see it as printed.`,
    };
  }
  file.stream.destroy();
  return none("This kind of file has no preview. Download it to open it.");
}

export default function Preview({ loaderData }: Route.ComponentProps) {
  const { authority, evidenceId, versionNumber, fileName, mode, text, note } = loaderData;
  const version = { evidenceId, versionNumber: String(versionNumber) };
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-4 text-sm">
        <Link to={authorityHref(authority.slug, "/")}>{authority.name}</Link> ›{" "}
        <Link to={authorityHref(authority.slug, "/evidence/:evidenceId", { evidenceId })}>Evidence</Link> ›{" "}
        <span aria-current="page">Preview</span>
      </nav>
      <h1>Preview of {fileName}</h1>
      <p className="mb-4">
        Version {versionNumber}.{" "}
        <a href={authorityHref(authority.slug, "/evidence/:evidenceId/v/:versionNumber/download", version)}>
          Download the file
        </a>
      </p>
      {note ? <p className="mb-4 text-ink-muted">{note}</p> : null}
      {mode === "image" ? (
        <img
          src={authorityHref(authority.slug, "/evidence/:evidenceId/v/:versionNumber/raw", version)}
          alt={`Preview of ${fileName}`}
          className="max-w-full border border-rule"
        />
      ) : null}
      {(mode === "text" || mode === "pdf") && text !== null ? (
        <pre
          tabIndex={0}
          aria-label={`Text of ${fileName}`}
          className="max-h-[70vh] overflow-auto whitespace-pre-wrap border border-rule bg-surface p-4 text-sm"
        >
          {mode === "pdf" ? text.replace(/\f/g, "\n\n──────── next page ────────\n\n") : text}
        </pre>
      ) : null}
    </>
  );
}
