import type { ReactNode } from "react";
import { Form, redirect, useActionData, useNavigation } from "react-router";
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
import { Button, FileInput, FormPageHead, SchemaForm, Textarea, useSchemaForm } from "~/components/forms";
import type { AnyForm } from "~/components/forms/error-summary";
import { useSubmittedForm } from "~/components/forms/submitted";
import { formDataOf, invalid, parseForm } from "~/components/forms/submission.server";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import {
  MAX_REPORT_BYTES,
  readPastedReport,
  readUploadedReport,
  REPORT_CONTENT,
  REPORT_UPLOAD,
} from "~/modules/inspection/import-read.server";
import { createDraft } from "~/modules/inspection/import-draft.server";
import { ReportPasteSchema, ReportUploadSchema, type ReviewDefaults } from "~/modules/inspection/forms";
import { authorityHref } from "~/utils/links";

/** A "reader busy" 503 tells the browser when to try again (a document response carries an action's headers only through this). */
export const headers: Route.HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "write:inspection:any");
  return { authority: user.authority, maxMb: Math.round(MAX_REPORT_BYTES / 1024 / 1024) };
}

/** The upload form's reply when the file is refused: the message beside "Report PDF". */
const fileProblem = (message: string, status = 400, headers?: HeadersInit) =>
  invalid(parseForm(formDataOf({ intent: "upload" }), ReportUploadSchema), {
    form: "upload" as const,
    fieldErrors: { file: [message] },
    status,
    headers,
  });
/** The paste form's reply when the text cannot be read, with the text kept. */
const textProblem = (text: string, message: string) =>
  invalid(parseForm(formDataOf({ intent: "paste", text }), ReportPasteSchema), {
    form: "paste" as const,
    fieldErrors: { text: [message] },
  });

export async function action(args: Route.ActionArgs) {
  const user = await requireUserWithPermission(args, "write:inspection:any");
  const { request } = args;
  const length = Number(request.headers.get("Content-Length") ?? 0);
  if (length > MAX_REPORT_BYTES + 64 * 1024) {
    return fileProblem(`The selected file must be smaller than ${Math.round(MAX_REPORT_BYTES / 1024 / 1024)} MB`, 413);
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
      if (error instanceof AppError && error.status < 500) return fileProblem(error.message, error.status);
      throw error;
    }
  } else {
    const formData = await readFormData(request, { maxBytes: MAX_REPORT_BYTES + 64 * 1024 });
    fields = Object.fromEntries([...formData.entries()].filter((e): e is [string, string] => typeof e[1] === "string"));
  }
  // The staged file is removed afterwards whatever happened (once committed, it is no longer in staging).
  return withStaged(upload, (file) => startDraft({ user, intent: fields.intent, text: fields.text, upload: file }));
}

async function startDraft({
  user,
  intent,
  text: pasted,
  upload,
}: {
  user: { id: string; authority: { id: string; slug: string } };
  intent: string | undefined;
  text: string | undefined;
  upload: StagedFile | null;
}) {
  let defaults: ReviewDefaults;
  let sourceText = "";
  let sourceFileId: string | null = null;
  if (intent === "upload") {
    if (!upload || upload.sizeBytes === 0) {
      return fileProblem(upload?.fileName ? "The selected file is empty" : "Select a PDF of the report");
    }
    const checked = await checkUpload(upload, REPORT_CONTENT);
    if (!checked.ok) return fileProblem(checked.message);
    // pdf.js (in the reader sandbox, ADR 014) takes the whole PDF over IPC, so
    // the bytes are read here, from the staged file, only now that its size and
    // kind are checked. The request body itself was never held in memory.
    const bytes = await readStaged(upload);
    const read = await readUploadedReport({ bytes, owner: user.id });
    if (!read.ok && read.retryAfterS !== undefined)
      return fileProblem(read.message, 503, { "Retry-After": String(read.retryAfterS) });
    if (!read.ok) return fileProblem(read.message);
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
    if (!read.ok) return textProblem(text, read.message);
    defaults = read.defaults;
    sourceText = text;
  } else if (intent === "manual") {
    defaults = { type: "ilacs_standard", title: "", judgements: [], items: [] };
  } else {
    return fileProblem("Choose how to add the inspection");
  }
  const draft = await createDraft({
    authorityId: user.authority.id,
    createdById: user.id,
    sourceText,
    sourceFileId,
    defaults,
  });
  return redirect(authorityHref(user.authority.slug, "/imports/:draftId", { draftId: draft.id }));
}

/**
 * One way to give the report to the reader: a section with its heading, and
 * the form (posting its id as the intent) with its field and button.
 */
function ReadSection({
  form,
  heading,
  submit,
  busy,
  upload,
  children,
}: {
  form: AnyForm;
  heading: string;
  /** The button's words. */
  submit: string;
  busy: boolean;
  /** The form sends a file. */
  upload?: boolean;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={`${form.id}-heading`} className="mb-10 max-w-3xl">
      <h2 id={`${form.id}-heading`}>{heading}</h2>
      <SchemaForm form={form} encType={upload ? "multipart/form-data" : undefined}>
        <input type="hidden" name="intent" value={form.id} />
        {children}
        <Button type="submit" disabled={busy}>
          {submit}
        </Button>
      </SchemaForm>
    </section>
  );
}

export default function NewInspection({ loaderData }: Route.ComponentProps) {
  const { maxMb } = loaderData;
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const [uploadForm, upload] = useSchemaForm(ReportUploadSchema, {
    id: "upload",
    lastResult: actionData?.form === "upload" ? actionData.result : undefined,
  });
  const [pasteForm, paste] = useSchemaForm(ReportPasteSchema, {
    id: "paste",
    lastResult: actionData?.form === "paste" ? actionData.result : undefined,
  });
  const { submitted, onSubmitCapture } = useSubmittedForm(actionData?.form);
  return (
    <div onSubmitCapture={onSubmitCapture}>
      <FormPageHead
        title="Add an inspection"
        forms={[uploadForm, pasteForm]}
        shown={submitted === pasteForm.id ? pasteForm : uploadForm}
      />
      <h1>Add an inspection</h1>
      <p className="mb-8 max-w-3xl text-lg">
        Upload the Ofsted report or paste its text. We read the inspection details and every item the inspectors asked
        to improve, word for word. You check everything before anything is saved.
      </p>

      <ReadSection form={uploadForm} heading="Upload the report (PDF)" submit="Read the report" busy={busy} upload>
        <FileInput
          field={upload.file}
          label="Report PDF"
          hint={`The PDF as published by Ofsted, up to ${maxMb} MB. A scanned report without a text layer cannot be read: paste its text instead.`}
          accept="application/pdf,.pdf"
        />
      </ReadSection>

      <ReadSection form={pasteForm} heading="Or paste the report's text" submit="Read the text" busy={busy}>
        <Textarea field={paste.text} label="Report text" rows={10} />
      </ReadSection>

      <section aria-labelledby="manual-heading" className="max-w-3xl">
        <h2 id="manual-heading">Or enter it by hand</h2>
        <Form method="post">
          <input type="hidden" name="intent" value="manual" />
          <Button type="submit" variant="secondary" disabled={busy}>
            Enter the inspection by hand
          </Button>
        </Form>
      </section>
    </div>
  );
}
