import { useEffect, useRef, useState } from "react";
import { data, Form, Link, redirect, useNavigation } from "react-router";
import type { Route } from "./+types/a.$authority.actions.$actionId.evidence.new";
import { EvidenceFields, emptyEvidenceValues, type EvidenceFieldValues } from "~/components/evidence-fields";
import { Button } from "~/components/form";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { actorOf } from "~/modules/auth/actor";
import { ACCEPT_ATTRIBUTE, FILE_KINDS, maxUploadBytes } from "~/modules/upload/file-kinds";
import { EvidenceUploadSchema, titleFromFileName } from "~/modules/evidence/forms";
import { actionForUpload } from "~/modules/evidence/service.server";
import { handleEvidenceUpload, type UploadResponse } from "~/modules/evidence/upload-action.server";

export const meta: Route.MetaFunction = () => [{ title: "Upload evidence – Improvement Board" }];

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
  if (result.ok) return redirect(`/a/${user.authority.slug}/evidence/${result.evidenceId}?uploaded=1`);
  return data(result, { status: result.status });
}

const kindsText = [...new Set(Object.values(FILE_KINDS).map((k) => k.label))].join(", ");
const sizeText = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;

type Card = {
  key: string;
  file: File;
  values: EvidenceFieldValues;
  errors: Partial<Record<keyof EvidenceFieldValues, string[]>>;
  state: "ready" | "uploading" | "done" | "failed";
  /** Bytes sent so far. */
  sent: number;
  message: string | null;
  evidenceId: string | null;
  warnings: string[];
};

function valuesToForm(values: EvidenceFieldValues): FormData {
  const fd = new FormData();
  fd.set("title", values.title);
  fd.set("type", values.type);
  fd.set("effectiveDate", values.effectiveDate);
  fd.set("reviewDate", values.reviewDate);
  fd.set("description", values.description);
  if (values.containsPersonalData) fd.set("containsPersonalData", "on");
  return fd;
}

function clientErrors(values: EvidenceFieldValues): Card["errors"] {
  const r = EvidenceUploadSchema.safeParse(Object.fromEntries([...valuesToForm(values).entries()]));
  if (r.success) return {};
  const errors: Card["errors"] = {};
  for (const issue of r.error.issues) {
    const k = issue.path[0] as keyof EvidenceFieldValues;
    errors[k] ??= [issue.message];
  }
  return errors;
}

/** Sends one file with its details; reports bytes sent for the progress bar. Fields go first so the server reads them before the file. */
function send(url: string, card: Card, onProgress: (sent: number) => void): Promise<UploadResponse> {
  return new Promise((resolve) => {
    const fd = valuesToForm(card.values);
    fd.set("file", card.file, card.file.name);
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
  const base = `/a/${authority.slug}`;
  const [enhanced, setEnhanced] = useState(false);
  useEffect(() => setEnhanced(true), []);

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-4 text-sm">
        <Link to={base}>{authority.name}</Link> › <Link to={`${base}/actions/${action.id}`}>Action</Link> ›{" "}
        <span aria-current="page">Upload evidence</span>
      </nav>
      <h1>Upload evidence</h1>
      <p className="mb-2">
        For the action <strong>{action.title}</strong> ({action.recommendation.reference},{" "}
        {action.recommendation.inspection.title}).
      </p>
      <p className="mb-6 text-ink-muted" id="kinds-hint">
        Accepted: {kindsText}. Up to {sizeText(maxBytes)} each. Files are checked by their content, not their name.
      </p>
      {enhanced ? (
        <MultiUploader
          uploadUrl={`${base}/actions/${action.id}/evidence/upload`}
          base={base}
          actionId={action.id}
          maxBytes={maxBytes}
        />
      ) : (
        <PlainForm result={actionData ?? null} />
      )}
    </>
  );
}

function PlainForm({ result }: { result: UploadResponse | null }) {
  const navigation = useNavigation();
  const failed = result && !result.ok ? result : null;
  const v = failed?.values ?? {};
  const values: EvidenceFieldValues = {
    title: v.title ?? "",
    type: v.type ?? "",
    effectiveDate: v.effectiveDate ?? "",
    reviewDate: v.reviewDate ?? "",
    description: v.description ?? "",
    containsPersonalData: v.containsPersonalData === "on",
  };
  return (
    <Form method="post" encType="multipart/form-data" noValidate className="max-w-3xl">
      {failed ? (
        <div role="alert" className="mb-6 border-4 border-danger p-4">
          <h2 className="text-xl">Nothing was saved</h2>
          <p>{failed.fileError ?? "Check the details below."} What you typed is still here; choose the file again.</p>
        </div>
      ) : null}
      <EvidenceFields values={values} errors={failed?.fieldErrors ?? {}} />
      <div className="mb-6">
        <label htmlFor="file" className="mb-1 block font-bold">
          File
        </label>
        <input id="file" name="file" type="file" accept={ACCEPT_ATTRIBUTE} aria-describedby="kinds-hint" />
      </div>
      <Button type="submit" disabled={navigation.state !== "idle"}>
        Upload
      </Button>
    </Form>
  );
}

function MultiUploader({
  uploadUrl,
  base,
  actionId,
  maxBytes,
}: {
  uploadUrl: string;
  base: string;
  actionId: string;
  maxBytes: number;
}) {
  const [cards, setCards] = useState<Card[]>([]);
  const [dragging, setDragging] = useState(false);
  const [busy, setBusy] = useState(false);
  const [announce, setAnnounce] = useState("");
  const counter = useRef(0);
  const input = useRef<HTMLInputElement>(null);

  const update = (key: string, patch: Partial<Card>) =>
    setCards((cs) => cs.map((c) => (c.key === key ? { ...c, ...patch } : c)));
  const addFiles = (files: FileList | File[]) => {
    const added: Card[] = [...files].map((file) => ({
      key: `f${counter.current++}-`,
      file,
      values: emptyEvidenceValues(titleFromFileName(file.name)),
      errors: {},
      state: file.size > maxBytes ? "failed" : "ready",
      sent: 0,
      message:
        file.size > maxBytes
          ? `This file is ${sizeText(file.size)}, over the ${sizeText(maxBytes)} limit. It will not be uploaded.`
          : null,
      evidenceId: null,
      warnings: [],
    }));
    setCards((cs) => [...cs, ...added]);
    setAnnounce(`${added.length} file${added.length === 1 ? "" : "s"} added. Describe each one, then upload.`);
  };

  const uploadAll = async () => {
    const pending = cards.filter((c) => c.state === "ready" || (c.state === "failed" && c.file.size <= maxBytes));
    let invalid = 0;
    for (const c of pending) {
      const errors = clientErrors(c.values);
      if (Object.keys(errors).length) invalid++;
      update(c.key, { errors });
    }
    if (invalid) {
      setAnnounce(
        `${invalid} file${invalid === 1 ? " needs" : "s need"} more details before uploading. Errors are shown next to the fields.`,
      );
      return;
    }
    setBusy(true);
    let ok = 0;
    for (const c of pending) {
      update(c.key, { state: "uploading", sent: 0, message: null });
      const r = await send(uploadUrl, c, (sent) => update(c.key, { sent }));
      if (r.ok) {
        ok++;
        update(c.key, {
          state: "done",
          sent: c.file.size,
          evidenceId: r.evidenceId,
          message: r.message,
          warnings: r.warnings,
        });
      } else {
        update(c.key, {
          state: "failed",
          message: r.fileError ?? "Check the details of this file.",
          errors: r.fieldErrors as Card["errors"],
        });
      }
    }
    setBusy(false);
    setAnnounce(
      `${ok} of ${pending.length} file${pending.length === 1 ? "" : "s"} uploaded.${ok < pending.length ? " See the messages on the files that were not." : ""}`,
    );
  };

  const remaining = cards.filter((c) => c.state !== "done").length;
  return (
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
          ref={input}
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

      {cards.map((c, i) => (
        <fieldset key={c.key} className="mb-8 border-2 border-rule p-4" aria-describedby={`${c.key}status`}>
          <legend className="px-2 text-lg font-bold">
            File {i + 1}: {c.file.name} <span className="font-normal">({sizeText(c.file.size)})</span>
          </legend>
          {c.state === "done" ? (
            <p className="mb-2">
              <strong>Uploaded.</strong> <Link to={`${base}/evidence/${c.evidenceId}`}>Open “{c.values.title}”</Link>
            </p>
          ) : (
            <EvidenceFields
              prefix={c.key}
              values={c.values}
              errors={c.errors}
              onChange={(values) => update(c.key, { values })}
            />
          )}
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
          <Button type="button" onClick={() => void uploadAll()} disabled={busy}>
            {busy ? "Uploading…" : `Upload ${remaining === 1 ? "1 file" : `${remaining} files`}`}
          </Button>
        ) : null}
        <Link to={`${base}/actions/${actionId}`}>Back to the action</Link>
      </div>
    </div>
  );
}
