import { useEffect, useRef, useState, type ReactNode } from "react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Link, redirect, useNavigation } from "react-router";
import type { Route } from "./+types/a.$authority.actions.$actionId.evidence.new";
import { EvidenceFields, EVIDENCE_FIELD_NAMES, type EvidenceFieldName } from "~/components/evidence-fields";
import {
  Button,
  FileInput,
  FormPageHead,
  SchemaForm,
  useSchemaForm,
  type AnyField,
  type SummaryEntry,
} from "~/components/forms";
import { invalid, parseForm } from "~/components/forms/submission.server";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { actorOf } from "~/modules/auth/actor";
import { ACCEPT_ATTRIBUTE, FILE_KINDS, maxUploadBytes } from "~/modules/upload/file-kinds";
import { EvidenceFileFormSchema, EvidenceUploadSchema, titleFromFileName } from "~/modules/evidence/forms";
import { actionForUpload } from "~/modules/evidence/service.server";
import { handleEvidenceUpload, type UploadResponse } from "~/modules/evidence/upload-action.server";
import { authorityHref } from "~/utils/links";

const TITLE = "Upload evidence";

export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "update:action:own");
  const action = await actionForUpload({
    authorityId: user.authority.id,
    actor: actorOf(user),
    actionId: args.params.actionId,
  });
  return { authority: user.authority, action, maxBytes: maxUploadBytes(process.env.MAX_UPLOAD_MB) };
}

/** The plain form (no JavaScript): one file per submission. */
export async function action(args: Route.ActionArgs) {
  const user = await requireUserWithPermission(args, "update:action:own");
  const result = await handleEvidenceUpload({ request: args.request, user, actionId: args.params.actionId });
  if (result.ok)
    return redirect(
      `${authorityHref(user.authority.slug, "/evidence/:evidenceId", { evidenceId: result.evidenceId })}?uploaded=1`,
    );
  // The details as they arrived, parsed again with the same schema, so that the page shows them and their errors.
  const posted = new FormData();
  for (const [k, v] of Object.entries(result.values)) posted.set(k, v);
  return invalid(parseForm(posted, EvidenceUploadSchema), {
    formErrors: ["Nothing was saved. What you typed is still here; choose the file again."],
    fieldErrors: { ...result.fieldErrors, ...(result.fileError ? { file: [result.fileError] } : {}) },
    status: result.status,
  });
}

const kindsText = [...new Set(Object.values(FILE_KINDS).map((k) => k.label))].join(", ");
const sizeText = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;

type Card = {
  /** Prefix of the card's field names (and so ids), unique on the page. */
  key: string;
  file: File;
  errors: Partial<Record<EvidenceFieldName, string[]>>;
  state: "ready" | "uploading" | "done" | "failed";
  /** Bytes sent so far. */
  sent: number;
  message: string | null;
  evidenceId: string | null;
  /** The title it was saved with. */
  savedTitle: string | null;
  warnings: string[];
};

/**
 * A card's fields for the kit: named `<card key><field>`, so that every file's
 * fields have their own ids; the errors are the card's own.
 */
function cardFields(card: Card): Record<EvidenceFieldName, AnyField> {
  const field = (name: EvidenceFieldName) => {
    const full = `${card.key}${name}`;
    const errors = card.errors[name];
    return { name: full, key: undefined, initialValue: undefined, errors, allErrors: errors ? { [full]: errors } : {} };
  };
  return Object.fromEntries(EVIDENCE_FIELD_NAMES.map((n) => [n, field(n)])) as unknown as Record<
    EvidenceFieldName,
    AnyField
  >;
}

/** One card's details from the whole form, under their plain names (`title`, `effectiveDate.day`…). */
function cardForm(all: FormData, card: Card): FormData {
  const fd = new FormData();
  for (const [name, value] of all.entries())
    if (name.startsWith(card.key) && typeof value === "string") fd.append(name.slice(card.key.length), value);
  return fd;
}

/** What the browser finds wrong with a card's details (the schema the server uses), by field. */
function clientErrors(fd: FormData): { errors: Card["errors"]; title: string } {
  const submission = parseWithZod(fd, { schema: EvidenceUploadSchema });
  if (submission.status === "success") return { errors: {}, title: submission.value.title };
  const errors: Card["errors"] = {};
  for (const [name, messages] of Object.entries(submission.error ?? {})) {
    const k = name.replace(/\.(day|month|year)$/, "") as EvidenceFieldName;
    if (messages?.length) errors[k] ??= messages;
  }
  return { errors, title: "" };
}

/** Sends one file with its details; reports bytes sent for the progress bar. Fields go first so the server reads them before the file. */
function send(url: string, fd: FormData, file: File, onProgress: (sent: number) => void): Promise<UploadResponse> {
  return new Promise((resolve) => {
    fd.set("file", file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.responseType = "json";
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      const body = xhr.response as UploadResponse | null;
      resolve(
        body ?? {
          ok: false,
          status: xhr.status,
          fileError: `The server answered ${xhr.status}. Nothing was saved; try again.`,
          fieldErrors: {},
          values: {},
        },
      );
    };
    xhr.onerror = () =>
      resolve({
        ok: false,
        status: 0,
        fileError: "The connection was lost during the upload. Nothing was saved; try again.",
        fieldErrors: {},
        values: {},
      });
    xhr.send(fd);
  });
}

export default function UploadEvidence({ loaderData, actionData }: Route.ComponentProps) {
  const { authority, action, maxBytes } = loaderData;
  const slug = authority.slug;
  const actionHref = authorityHref(slug, "/actions/:actionId", { actionId: action.id });
  const [enhanced, setEnhanced] = useState(false);
  useEffect(() => setEnhanced(true), []);
  const intro = (
    <>
      <h1>{TITLE}</h1>
      <p className="mb-2">
        For the action <strong>{action.title}</strong> ({action.recommendation.reference},{" "}
        {action.recommendation.inspection.title}).
      </p>
      <p className="mb-6 text-ink-muted" id="kinds-hint">
        Accepted: {kindsText}. Up to {sizeText(maxBytes)} each. Files are checked by their content, not their name.
      </p>
    </>
  );

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-4 text-sm">
        <Link to={authorityHref(slug, "/")}>{authority.name}</Link> › <Link to={actionHref}>Action</Link> ›{" "}
        <span aria-current="page">{TITLE}</span>
      </nav>
      {enhanced ? (
        <MultiUploader
          intro={intro}
          uploadUrl={authorityHref(slug, "/actions/:actionId/evidence/upload", { actionId: action.id })}
          authority={slug}
          actionHref={actionHref}
          maxBytes={maxBytes}
        />
      ) : (
        <PlainForm intro={intro} lastResult={actionData?.result} />
      )}
    </>
  );
}

function PlainForm({
  intro,
  lastResult,
}: {
  intro: ReactNode;
  lastResult?: Parameters<typeof useSchemaForm>[1]["lastResult"];
}) {
  const navigation = useNavigation();
  const [form, fields] = useSchemaForm(EvidenceFileFormSchema, { id: "evidence-upload", lastResult });
  return (
    <>
      <FormPageHead title={TITLE} forms={[form]} />
      {intro}
      <SchemaForm form={form} encType="multipart/form-data" className="max-w-3xl">
        <EvidenceFields fields={fields} />
        <FileInput field={fields.file} label="File" accept={ACCEPT_ATTRIBUTE} />
        <Button type="submit" disabled={navigation.state !== "idle"}>
          Upload
        </Button>
      </SchemaForm>
    </>
  );
}

function MultiUploader({
  intro,
  uploadUrl,
  authority,
  actionHref,
  maxBytes,
}: {
  intro: ReactNode;
  uploadUrl: string;
  authority: string;
  actionHref: string;
  maxBytes: number;
}) {
  const [cards, setCards] = useState<Card[]>([]);
  const [dragging, setDragging] = useState(false);
  const [busy, setBusy] = useState(false);
  const [announce, setAnnounce] = useState("");
  const counter = useRef(0);
  const formRef = useRef<HTMLFormElement>(null);

  const update = (key: string, patch: Partial<Card>) =>
    setCards((cs) => cs.map((c) => (c.key === key ? { ...c, ...patch } : c)));
  const addFiles = (files: FileList | File[]) => {
    const added: Card[] = [...files].map((file) => ({
      key: `f${counter.current++}-`,
      file,
      errors: {},
      state: file.size > maxBytes ? "failed" : "ready",
      sent: 0,
      message:
        file.size > maxBytes
          ? `This file is ${sizeText(file.size)}, over the ${sizeText(maxBytes)} limit. It will not be uploaded.`
          : null,
      evidenceId: null,
      savedTitle: null,
      warnings: [],
    }));
    setCards((cs) => [...cs, ...added]);
    setAnnounce(`${added.length} file${added.length === 1 ? "" : "s"} added. Describe each one, then upload.`);
  };

  const uploadAll = async () => {
    const all = new FormData(formRef.current ?? undefined);
    const pending = cards
      .filter((c) => c.state === "ready" || (c.state === "failed" && c.file.size <= maxBytes))
      .map((c) => ({ card: c, fd: cardForm(all, c) }));
    let invalidCount = 0;
    for (const { card, fd } of pending) {
      const { errors } = clientErrors(fd);
      if (Object.keys(errors).length) invalidCount++;
      update(card.key, { errors });
    }
    if (invalidCount) {
      setAnnounce(
        `${invalidCount} file${invalidCount === 1 ? " needs" : "s need"} more details before uploading. Errors are shown next to the fields.`,
      );
      return;
    }
    setBusy(true);
    let ok = 0;
    for (const { card: c, fd } of pending) {
      const { title } = clientErrors(fd);
      update(c.key, { state: "uploading", sent: 0, message: null });
      const r = await send(uploadUrl, fd, c.file, (sent) => update(c.key, { sent }));
      if (r.ok) {
        ok++;
        update(c.key, {
          state: "done",
          sent: c.file.size,
          evidenceId: r.evidenceId,
          savedTitle: title,
          message: r.message,
          warnings: r.warnings,
        });
      } else {
        const errors: Card["errors"] = {};
        for (const [name, messages] of Object.entries(r.fieldErrors))
          errors[name.replace(/\.(day|month|year)$/, "") as EvidenceFieldName] ??= messages;
        update(c.key, { state: "failed", message: r.fileError ?? "Check the details of this file.", errors });
      }
    }
    setBusy(false);
    setAnnounce(
      `${ok} of ${pending.length} file${pending.length === 1 ? "" : "s"} uploaded.${ok < pending.length ? " See the messages on the files that were not." : ""}`,
    );
  };

  // The summary: each file's problems, linking to the field (or to the file's card for a problem with the file).
  const problems: SummaryEntry[] = cards.flatMap((c, i) => [
    ...(c.state === "failed" && c.message ? [{ message: `File ${i + 1}: ${c.message}`, href: `#${c.key}card` }] : []),
    ...EVIDENCE_FIELD_NAMES.flatMap((n) =>
      c.state !== "done" && c.errors[n]?.length
        ? [{ message: `File ${i + 1}: ${c.errors[n][0]}`, href: `#${c.key}${n}` }]
        : [],
    ),
  ]);
  const remaining = cards.filter((c) => c.state !== "done").length;
  return (
    <>
      <FormPageHead title={TITLE} extra={problems} />
      {intro}
      <div className="max-w-3xl">
        <p className="sr-only" role="status" aria-live="polite">
          {announce}
        </p>
        <div
          className={`mb-6 border-4 border-dashed p-6 text-center ${dragging ? "border-brand bg-brand-light" : "border-rule"}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            if (e.dataTransfer.files.length) addFiles(e.dataTransfer.files);
          }}
          data-testid="drop-zone"
        >
          <p className="mb-3">Drag files here, or</p>
          <label
            htmlFor="files"
            className="inline-block cursor-pointer border-2 border-ink bg-surface px-4 py-2 font-bold"
          >
            Choose files
          </label>
          <input
            id="files"
            type="file"
            multiple
            accept={ACCEPT_ATTRIBUTE}
            aria-describedby="kinds-hint"
            className="sr-only"
            onChange={(e) => {
              if (e.target.files?.length) addFiles(e.target.files);
              e.target.value = "";
            }}
          />
        </div>

        <form
          ref={formRef}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!busy) void uploadAll();
          }}
        >
          {cards.map((c, i) => (
            <fieldset
              key={c.key}
              id={`${c.key}card`}
              tabIndex={-1}
              className="mb-8 border-2 border-rule p-4"
              aria-describedby={`${c.key}status`}
            >
              <legend className="px-2 text-lg font-bold">
                File {i + 1}: {c.file.name} <span className="font-normal">({sizeText(c.file.size)})</span>
              </legend>
              {c.state === "done" ? (
                <p className="mb-2">
                  <strong>Uploaded.</strong>{" "}
                  <Link to={authorityHref(authority, "/evidence/:evidenceId", { evidenceId: c.evidenceId ?? "" })}>
                    Open “{c.savedTitle}”
                  </Link>
                </p>
              ) : c.file.size <= maxBytes ? (
                <EvidenceFields fields={cardFields(c)} defaults={{ title: titleFromFileName(c.file.name) }} />
              ) : null}
              <div className="flex flex-wrap items-center gap-4">
                <progress
                  max={c.file.size || 1}
                  value={c.state === "done" ? c.file.size || 1 : c.sent}
                  aria-label={`Upload progress for ${c.file.name}`}
                  className="h-4 w-64"
                />
                <span id={`${c.key}status`} className={c.state === "failed" ? "font-bold text-danger" : ""}>
                  {c.state === "uploading"
                    ? `${Math.round((c.sent / Math.max(1, c.file.size)) * 100)}% sent`
                    : c.state === "done"
                      ? "Done"
                      : c.state === "failed"
                        ? (c.message ?? "Not uploaded")
                        : "Not uploaded yet"}
                </span>
                {c.state !== "done" && c.state !== "uploading" ? (
                  <button
                    type="button"
                    className="underline"
                    onClick={() => setCards((cs) => cs.filter((x) => x.key !== c.key))}
                    disabled={busy}
                  >
                    Remove<span className="sr-only"> {c.file.name}</span>
                  </button>
                ) : null}
              </div>
              {c.warnings.map((w) => (
                <p key={w} className="mt-2 border-l-4 border-rag-amber pl-3">
                  <strong>Flagged:</strong> {w}
                </p>
              ))}
            </fieldset>
          ))}

          <div className="flex flex-wrap items-center gap-6">
            {remaining > 0 ? (
              <Button type="submit" disabled={busy}>
                {busy ? "Uploading…" : `Upload ${remaining === 1 ? "1 file" : `${remaining} files`}`}
              </Button>
            ) : null}
            <Link to={actionHref}>Back to the action</Link>
          </div>
        </form>
      </div>
    </>
  );
}
