import { data, Form, redirect, useActionData, useNavigation } from "react-router";
import { readFormData } from "~/utils/body.server";
import { AppError } from "~/utils/errors";
import {
  checkUpload,
  readStaged,
  receiveUpload,
  storeStaged,
  withStaged,
  type StagedFile,
} from "~/modules/upload/upload.server";
import type { Route } from "./+types/a.$authority.inspections.new";
import { Button, ErrorSummary } from "~/components/form";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import {
  MAX_REPORT_BYTES,
  readPastedReport,
  readUploadedReport,
  REPORT_CONTENT,
  REPORT_UPLOAD,
} from "~/modules/inspection/import-read.server";
import { createDraft } from "~/modules/inspection/import-draft.server";
import type { ReviewDefaults } from "~/modules/inspection/review-form";

export const meta: Route.MetaFunction = () => [{ title: "Add an inspection – Improvement Board" }];

/** A "reader busy" 503 tells the browser when to try again (a document response carries an action's headers only through this). */
export const headers: Route.HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "write:inspection:any");
  return { authority: user.authority, maxMb: Math.round(MAX_REPORT_BYTES / 1024 / 1024) };
}

type ActionResult = { field: "file" | "text"; message: string; text?: string };

export async function action(args: Route.ActionArgs) {
  const user = await requireUserWithPermission(args, "write:inspection:any");
  const { request } = args;
  const base = `/a/${user.authority.slug}`;
  const length = Number(request.headers.get("Content-Length") ?? 0);
  if (length > MAX_REPORT_BYTES + 64 * 1024) {
    return data<ActionResult>(
      {
        field: "file",
        message: `The selected file must be smaller than ${Math.round(MAX_REPORT_BYTES / 1024 / 1024)} MB`,
      },
      { status: 413 },
    );
  }
  // A PDF upload takes the one upload path (ADR 020): streamed to the staging
  // area (counted as it arrives, refused past the limit), so a large or hostile
  // body is never held in memory; checked by content; only an accepted file is
  // read, once, to parse it, and then committed to storage. Pasted text and the
  // manual start are ordinary bounded forms.
  const multipart = /^multipart\/form-data/i.test(request.headers.get("Content-Type") ?? "");
  let fields: Record<string, string>;
  let upload: StagedFile | null = null;
  if (multipart) {
    try {
      ({ fields, file: upload } = await receiveUpload({ request, ...REPORT_UPLOAD }));
    } catch (error) {
      if (error instanceof AppError && error.status < 500)
        return data<ActionResult>({ field: "file", message: error.message }, { status: error.status });
      throw error;
    }
  } else {
    const formData = await readFormData(request, { maxBytes: MAX_REPORT_BYTES + 64 * 1024 });
    fields = Object.fromEntries([...formData.entries()].filter((e): e is [string, string] => typeof e[1] === "string"));
  }
  // The staged file is removed afterwards whatever happened (once committed, it is no longer in staging).
  return withStaged(upload, (file) =>
    startDraft({ user, base, intent: fields.intent, text: fields.text, upload: file }),
  );
}

async function startDraft({
  user,
  base,
  intent,
  text: pasted,
  upload,
}: {
  user: { id: string; authority: { id: string } };
  base: string;
  intent: string | undefined;
  text: string | undefined;
  upload: StagedFile | null;
}) {
  let defaults: ReviewDefaults;
  let sourceText = "";
  let sourceFileId: string | null = null;
  if (intent === "upload") {
    if (!upload || upload.sizeBytes === 0) {
      return data<ActionResult>(
        { field: "file", message: upload?.fileName ? "The selected file is empty" : "Select a PDF of the report" },
        { status: 400 },
      );
    }
    const checked = await checkUpload(upload, REPORT_CONTENT);
    if (!checked.ok) return data<ActionResult>({ field: "file", message: checked.message }, { status: 400 });
    // pdf.js (in the reader sandbox, ADR 014) takes the whole PDF over IPC, so
    // the bytes are read here, from the staged file, only now that its size and
    // kind are checked. The request body itself was never held in memory.
    const bytes = await readStaged(upload);
    const read = await readUploadedReport({ bytes, owner: user.id });
    if (!read.ok && read.retryAfterS !== undefined)
      return data<ActionResult>(
        { field: "file", message: read.message },
        { status: 503, headers: { "Retry-After": String(read.retryAfterS) } },
      );
    if (!read.ok) return data<ActionResult>({ field: "file", message: read.message }, { status: 400 });
    const stored = await storeStaged({
      file: upload,
      authorityId: user.authority.id,
      uploadedById: user.id,
      fileName: upload.fileName || "report.pdf",
      contentType: checked.contentType,
    });
    defaults = read.defaults;
    sourceText = read.text;
    sourceFileId = stored.id;
  } else if (intent === "paste") {
    const text = pasted ?? "";
    const read = readPastedReport({ text });
    if (!read.ok) return data<ActionResult>({ field: "text", message: read.message, text }, { status: 400 });
    defaults = read.defaults;
    sourceText = text;
  } else if (intent === "manual") {
    defaults = { type: "ilacs_standard", title: "", judgements: [], items: [] };
  } else {
    return data<ActionResult>({ field: "file", message: "Choose how to add the inspection" }, { status: 400 });
  }
  const draft = await createDraft({
    authorityId: user.authority.id,
    createdById: user.id,
    sourceText,
    sourceFileId,
    defaults,
  });
  return redirect(`${base}/imports/${draft.id}`);
}

export default function NewInspection({ loaderData }: Route.ComponentProps) {
  const { maxMb } = loaderData;
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const fileError = actionData?.field === "file" ? actionData.message : undefined;
  const textError = actionData?.field === "text" ? actionData.message : undefined;
  return (
    <>
      <ErrorSummary errors={{ file: fileError ? [fileError] : undefined, text: textError ? [textError] : undefined }} />
      <h1>Add an inspection</h1>
      <p className="mb-8 max-w-3xl text-lg">
        Upload the Ofsted report or paste its text. We read the inspection details and every item the inspectors asked
        to improve, word for word. You check everything before anything is saved.
      </p>

      <section aria-labelledby="upload-heading" className="mb-10 max-w-3xl">
        <h2 id="upload-heading">Upload the report (PDF)</h2>
        <Form method="post" encType="multipart/form-data">
          <input type="hidden" name="intent" value="upload" />
          <div className={`mb-6 ${fileError ? "border-l-4 border-danger pl-4" : ""}`}>
            <label htmlFor="file" className="mb-1 block font-bold">
              Report PDF
            </label>
            <p id="file-hint" className="mb-1 text-ink-muted">
              The PDF as published by Ofsted, up to {maxMb} MB. A scanned report without a text layer cannot be read:
              paste its text instead.
            </p>
            {fileError ? (
              <p id="file-error" className="mb-1 font-bold text-danger">
                <span className="sr-only">Error:</span> {fileError}
              </p>
            ) : null}
            <input
              id="file"
              name="file"
              type="file"
              accept="application/pdf,.pdf"
              aria-describedby={`file-hint${fileError ? " file-error" : ""}`}
              aria-invalid={fileError ? true : undefined}
              className="block"
            />
          </div>
          <Button type="submit" disabled={busy}>
            Read the report
          </Button>
        </Form>
      </section>

      <section aria-labelledby="paste-heading" className="mb-10 max-w-3xl">
        <h2 id="paste-heading">Or paste the report&apos;s text</h2>
        <Form method="post">
          <input type="hidden" name="intent" value="paste" />
          <div className={`mb-6 ${textError ? "border-l-4 border-danger pl-4" : ""}`}>
            <label htmlFor="text" className="mb-1 block font-bold">
              Report text
            </label>
            {textError ? (
              <p id="text-error" className="mb-1 font-bold text-danger">
                <span className="sr-only">Error:</span> {textError}
              </p>
            ) : null}
            <textarea
              id="text"
              name="text"
              rows={10}
              defaultValue={actionData?.text ?? ""}
              aria-describedby={textError ? "text-error" : undefined}
              aria-invalid={textError ? true : undefined}
              className="block w-full border-2 border-ink p-2 font-mono text-sm"
            />
          </div>
          <Button type="submit" disabled={busy}>
            Read the text
          </Button>
        </Form>
      </section>

      <section aria-labelledby="manual-heading" className="max-w-3xl">
        <h2 id="manual-heading">Or enter it by hand</h2>
        <Form method="post">
          <input type="hidden" name="intent" value="manual" />
          <Button type="submit" variant="secondary" disabled={busy}>
            Enter the inspection by hand
          </Button>
        </Form>
      </section>
    </>
  );
}
