import { parseWithZod } from "@conform-to/zod/v4";
import { readFormData } from "~/utils/body.server";
import { useState } from "react";
import { data, Form, redirect, useActionData, useNavigation } from "react-router";
import type { Route } from "./+types/a.$authority.imports.$draftId";
import { Button, ErrorSummary } from "~/components/form";
import { Tag } from "~/components/tag";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { createInspectionFromReview, discardDraft, getDraft } from "~/modules/inspection/import-draft.server";
import { recurringForDraft } from "~/modules/recommendation/recurring.server";
import {
  ReviewItemSchema,
  ReviewJudgementSchema,
  ReviewSchema,
  type ReviewDefaults,
} from "~/modules/inspection/forms";
import {
  GRADES,
  INSPECTION_TYPES,
  INSPECTION_TYPE_LABELS,
  RECOMMENDATION_KINDS,
  RECOMMENDATION_KIND_LABELS,
} from "~/modules/inspection/types";
import { formatDate } from "~/utils/format";
import { maxLengths } from "~/utils/text";

/** Each text field's maximum, for maxlength. */
const maxReview = maxLengths(ReviewSchema);
const maxJudgement = maxLengths(ReviewJudgementSchema);
const maxItem = maxLengths(ReviewItemSchema);

export const meta: Route.MetaFunction = () => [{ title: "Check the inspection before saving – Improvement Board" }];

export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "write:inspection:any");
  const draft = await getDraft({ authorityId: user.authority.id, draftId: args.params.draftId });
  const recurring = await recurringForDraft({
    authorityId: user.authority.id,
    texts: draft.defaults.items.map((i) => i.text),
  });
  return {
    authority: user.authority,
    draft: {
      id: draft.id,
      sourceText: draft.sourceText,
      fileName: draft.sourceFile?.fileName ?? null,
      defaults: draft.defaults,
    },
    recurring,
  };
}

export async function action(args: Route.ActionArgs) {
  const user = await requireUserWithPermission(args, "write:inspection:any");
  const base = `/a/${user.authority.slug}`;
  const formData = await readFormData(args.request, "longForm");
  if (formData.get("intent") === "discard") {
    await discardDraft({ authorityId: user.authority.id, draftId: args.params.draftId });
    return redirect(base);
  }
  const draft = await getDraft({ authorityId: user.authority.id, draftId: args.params.draftId });
  const submission = parseWithZod(formData, { schema: ReviewSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const inspection = await createInspectionFromReview({
    authorityId: user.authority.id,
    actorId: user.id,
    value: submission.value,
    sourceText: draft.sourceText || null,
    sourceFileId: draft.sourceFileId,
    requestId: user.requestId,
    draftId: draft.id,
  });
  return redirect(`${base}/inspections/${inspection.id}`);
}

type Item = ReviewDefaults["items"][number] & { key: number; raisedBefore: RaisedBefore[] };
type RaisedBefore = { id: string; reference: string; inspectionTitle: string; inspectionDate: string | null };
type Judgement = ReviewDefaults["judgements"][number] & { key: number };

let nextKey = 1;
const keyed = <T,>(x: T) => ({ ...x, key: nextKey++ });

function splitText(text: string, at: number | undefined): [string, string] {
  let pos = at !== undefined && at > 0 && at < text.length ? at : -1;
  if (pos < 0) {
    // No caret inside the text: split at the sentence boundary nearest the middle.
    const mid = text.length / 2;
    let best = -1;
    for (const m of text.matchAll(/[.;:]\s+/g)) {
      const p = (m.index ?? 0) + m[0].length;
      if (best < 0 || Math.abs(p - mid) < Math.abs(best - mid)) best = p;
    }
    pos = best > 0 ? best : Math.floor(mid);
  }
  return [text.slice(0, pos).trim(), text.slice(pos).trim()];
}

export default function ReviewImport({ loaderData }: Route.ComponentProps) {
  const { draft, recurring } = loaderData;
  const d = draft.defaults;
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = (actionData?.result?.error ?? {}) as Record<string, string[] | null | undefined>;
  const err = (name: string) => errors[name]?.[0];

  const [items, setItems] = useState<Item[]>(() =>
    d.items.map((i, index) => keyed({ ...i, raisedBefore: (recurring[index] ?? []) as RaisedBefore[] })),
  );
  const [judgements, setJudgements] = useState<Judgement[]>(() => d.judgements.map((j) => keyed(j)));
  const [carets] = useState(() => new Map<number, number>());

  const update = (key: number, patch: Partial<Item>) =>
    setItems((xs) => xs.map((x) => (x.key === key ? { ...x, ...patch } : x)));
  const split = (index: number) =>
    setItems((xs) => {
      const it = xs[index]!;
      const [a, b] = splitText(it.text, carets.get(it.key));
      const second = keyed({ ...it, text: b, reference: `${it.reference}b`, unsure: undefined });
      return [...xs.slice(0, index), { ...it, text: a }, second, ...xs.slice(index + 1)];
    });
  const mergeNext = (index: number) =>
    setItems((xs) => {
      const a = xs[index]!;
      const b = xs[index + 1];
      if (!b) return xs;
      const merged = { ...a, text: `${a.text} ${b.text}`.trim(), raisedBefore: [...a.raisedBefore, ...b.raisedBefore] };
      return [...xs.slice(0, index), merged, ...xs.slice(index + 2)];
    });
  const addItem = () =>
    setItems((xs) => [
      ...xs,
      keyed({
        keep: true,
        reference: `R${xs.length + 1}`,
        text: "",
        kind: xs[0]?.kind ?? "improvement_item",
        raisedBefore: [],
      }),
    ]);

  const summaryErrors: Record<string, string[]> = {};
  for (const [name, msgs] of Object.entries(errors)) if (msgs?.length) summaryErrors[fieldId(name)] = msgs;
  const kept = items.filter((i) => i.keep).length;

  return (
    <>
      <ErrorSummary errors={summaryErrors} formError={errors[""] ?? null} />
      <h1>Check the inspection before saving</h1>
      <p className="mb-4 max-w-3xl text-lg">
        Nothing is saved until you confirm. Check each item against the report text: keep or drop it, correct it, split
        or merge it, or change its kind.
      </p>
      {d.authorityName && !sameAuthority(d.authorityName, loaderData.authority.name) ? (
        <div role="status" className="mb-6 max-w-3xl border-l-4 border-rag-amber bg-rag-amber-bg p-4">
          <h2 className="text-xl">Check this is the right authority</h2>
          <p>
            The report appears to be about {d.authorityName}, but you are adding it to {loaderData.authority.name}.
          </p>
        </div>
      ) : null}
      {d.notFound ? (
        <div role="status" className="mb-6 max-w-3xl border-l-4 border-rag-amber bg-rag-amber-bg p-4">
          <h2 className="text-xl">No list of improvements was found</h2>
          <p>{d.notFound} Add the items by hand below, or discard this import.</p>
        </div>
      ) : null}
      <div className="grid grid-cols-1 gap-8 lg:grid-cols-5">
        <Form method="post" className="lg:col-span-3" noValidate>
          <fieldset className="mb-8">
            <legend className="mb-4 text-2xl font-bold">Inspection</legend>
            <Field id="type" label="Type" error={err("type")}>
              <select
                id="type"
                name="type"
                defaultValue={d.type}
                className="block w-full max-w-md border-2 border-ink p-1.5"
                aria-invalid={err("type") ? true : undefined}
              >
                {INSPECTION_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {INSPECTION_TYPE_LABELS[t]}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="title" label="Title" error={err("title")}>
              <input
                id="title"
                name="title"
                maxLength={maxReview.title}
                defaultValue={d.title}
                className="block w-full border-2 border-ink p-1.5"
                aria-invalid={err("title") ? true : undefined}
              />
            </Field>
            <div className="flex flex-wrap gap-6">
              <Field id="startDate" label="First day of inspection" error={err("startDate")}>
                <input
                  id="startDate"
                  name="startDate"
                  type="date"
                  defaultValue={d.startDate ?? ""}
                  className="border-2 border-ink p-1.5"
                />
              </Field>
              <Field id="endDate" label="Last day of inspection" error={err("endDate")}>
                <input
                  id="endDate"
                  name="endDate"
                  type="date"
                  defaultValue={d.endDate ?? ""}
                  className="border-2 border-ink p-1.5"
                />
              </Field>
              <Field id="publishedAt" label="Publication date" error={err("publishedAt")}>
                <input
                  id="publishedAt"
                  name="publishedAt"
                  type="date"
                  defaultValue={d.publishedAt ?? ""}
                  className="border-2 border-ink p-1.5"
                />
              </Field>
            </div>
            <Field id="leadInspector" label="Lead inspector" error={err("leadInspector")}>
              <input
                id="leadInspector"
                name="leadInspector"
                maxLength={maxReview.leadInspector}
                defaultValue={d.leadInspector ?? ""}
                className="block w-full max-w-md border-2 border-ink p-1.5"
              />
            </Field>
          </fieldset>

          <fieldset className="mb-8">
            <legend className="mb-4 text-2xl font-bold">Judgements ({judgements.length})</legend>
            {judgements.length === 0 ? <p className="mb-4">No graded judgements were found.</p> : null}
            <ol className="space-y-4">
              {judgements.map((j, index) => (
                <li key={j.key} className="border-l-4 border-rule pl-4">
                  <Field
                    id={`judgements-${index}-area`}
                    label={`Judgement ${index + 1}: area`}
                    error={err(`judgements[${index}].area`)}
                  >
                    <input
                      id={`judgements-${index}-area`}
                      name={`judgements[${index}].area`}
                      maxLength={maxJudgement.area}
                      defaultValue={j.area}
                      className="block w-full border-2 border-ink p-1.5"
                    />
                  </Field>
                  <div className="flex flex-wrap items-end gap-4">
                    <Field
                      id={`judgements-${index}-gradeText`}
                      label="Grade as printed"
                      error={err(`judgements[${index}].gradeText`)}
                    >
                      <input
                        id={`judgements-${index}-gradeText`}
                        name={`judgements[${index}].gradeText`}
                        maxLength={maxJudgement.gradeText}
                        defaultValue={j.gradeText}
                        className="border-2 border-ink p-1.5"
                      />
                    </Field>
                    <Field id={`judgements-${index}-grade`} label="Grade" error={err(`judgements[${index}].grade`)}>
                      <select
                        id={`judgements-${index}-grade`}
                        name={`judgements[${index}].grade`}
                        defaultValue={j.grade}
                        className="border-2 border-ink p-1.5"
                      >
                        {GRADES.map((g) => (
                          <option key={g} value={g}>
                            {g.replace(/_/g, " ")}
                          </option>
                        ))}
                      </select>
                    </Field>
                    <button
                      type="button"
                      className="mb-6 underline"
                      onClick={() => setJudgements((js) => js.filter((x) => x.key !== j.key))}
                    >
                      Remove judgement {index + 1}
                    </button>
                  </div>
                </li>
              ))}
            </ol>
            <Button
              type="button"
              variant="secondary"
              onClick={() => setJudgements((js) => [...js, keyed({ area: "", gradeText: "", grade: "good" })])}
            >
              Add a judgement
            </Button>
          </fieldset>

          <fieldset className="mb-8">
            <legend className="mb-4 text-2xl font-bold">
              Items to improve ({kept} kept of {items.length})
            </legend>
            <ol className="space-y-6">
              {items.map((it, index) => (
                <li
                  key={it.key}
                  className={`border-l-4 pl-4 ${it.keep ? "border-brand" : "border-rule opacity-80"}`}
                  data-testid="review-item"
                >
                  <div className="mb-2 flex flex-wrap items-center gap-3">
                    <input
                      type="checkbox"
                      id={`items-${index}-keep`}
                      name={`items[${index}].keep`}
                      checked={it.keep}
                      onChange={(e) => update(it.key, { keep: e.target.checked })}
                      className="h-6 w-6"
                    />
                    <label htmlFor={`items-${index}-keep`} className="font-bold">
                      Keep item {index + 1}
                    </label>
                    {it.unsure ? <Tag tone="amber">Check: reader unsure</Tag> : null}
                    {it.unsure ? <input type="hidden" name={`items[${index}].unsure`} value={it.unsure} /> : null}
                  </div>
                  {it.unsure ? <p className="mb-2 text-ink-muted">{it.unsure}</p> : null}
                  <Field
                    id={`items-${index}-text`}
                    label={`Item ${index + 1} text (word for word)`}
                    error={err(`items[${index}].text`)}
                  >
                    <textarea
                      id={`items-${index}-text`}
                      name={`items[${index}].text`}
                      maxLength={maxItem.text}
                      value={it.text}
                      rows={Math.min(10, Math.max(3, Math.ceil(it.text.length / 90)))}
                      onChange={(e) => update(it.key, { text: e.target.value })}
                      onSelect={(e) => carets.set(it.key, e.currentTarget.selectionStart)}
                      className="block w-full border-2 border-ink p-1.5"
                    />
                  </Field>
                  <div className="flex flex-wrap gap-4">
                    <Field id={`items-${index}-reference`} label="Reference" error={err(`items[${index}].reference`)}>
                      <input
                        id={`items-${index}-reference`}
                        name={`items[${index}].reference`}
                        maxLength={maxItem.reference}
                        value={it.reference}
                        onChange={(e) => update(it.key, { reference: e.target.value })}
                        className="w-24 border-2 border-ink p-1.5"
                      />
                    </Field>
                    <Field id={`items-${index}-kind`} label="Kind" error={err(`items[${index}].kind`)}>
                      <select
                        id={`items-${index}-kind`}
                        name={`items[${index}].kind`}
                        value={it.kind}
                        onChange={(e) => update(it.key, { kind: e.target.value })}
                        className="border-2 border-ink p-1.5"
                      >
                        {RECOMMENDATION_KINDS.map((k) => (
                          <option key={k} value={k}>
                            {RECOMMENDATION_KIND_LABELS[k]}
                          </option>
                        ))}
                      </select>
                    </Field>
                    <Field
                      id={`items-${index}-addressedTo`}
                      label="Addressed to (optional)"
                      error={err(`items[${index}].addressedTo`)}
                    >
                      <input
                        id={`items-${index}-addressedTo`}
                        name={`items[${index}].addressedTo`}
                        maxLength={maxItem.addressedTo}
                        value={it.addressedTo ?? ""}
                        onChange={(e) => update(it.key, { addressedTo: e.target.value })}
                        className="border-2 border-ink p-1.5"
                      />
                    </Field>
                    <Field
                      id={`items-${index}-timescale`}
                      label="Timescale (optional)"
                      error={err(`items[${index}].timescale`)}
                    >
                      <input
                        id={`items-${index}-timescale`}
                        name={`items[${index}].timescale`}
                        maxLength={maxItem.timescale}
                        value={it.timescale ?? ""}
                        onChange={(e) => update(it.key, { timescale: e.target.value })}
                        className="border-2 border-ink p-1.5"
                      />
                    </Field>
                  </div>
                  {it.subheading ? (
                    <input type="hidden" name={`items[${index}].subheading`} value={it.subheading} />
                  ) : null}
                  {it.raisedBefore.length > 0 ? (
                    <div className="mb-3 border-l-4 border-[#3d2375] bg-surface p-2">
                      <p className="font-bold">Raised before</p>
                      <ul>
                        {it.raisedBefore.map((r) => (
                          <li key={r.id}>
                            {r.reference} in {r.inspectionTitle}
                            {r.inspectionDate ? ` (${formatDate(r.inspectionDate)})` : ""}
                          </li>
                        ))}
                      </ul>
                    </div>
                  ) : null}
                  <div className="flex flex-wrap gap-4">
                    <button type="button" className="underline" onClick={() => split(index)}>
                      Split item {index + 1}
                      <span className="sr-only"> at the cursor</span>
                    </button>
                    {index < items.length - 1 ? (
                      <button type="button" className="underline" onClick={() => mergeNext(index)}>
                        Merge item {index + 1} with the next
                      </button>
                    ) : null}
                  </div>
                </li>
              ))}
            </ol>
            <div className="mt-6">
              <Button type="button" variant="secondary" onClick={addItem}>
                Add an item
              </Button>
            </div>
          </fieldset>

          <div className="flex flex-wrap gap-4">
            <Button type="submit" name="intent" value="confirm" disabled={navigation.state !== "idle"}>
              Confirm and save {kept} item{kept === 1 ? "" : "s"}
            </Button>
            <Button
              type="submit"
              name="intent"
              value="discard"
              variant="secondary"
              formNoValidate
              disabled={navigation.state !== "idle"}
            >
              Discard this import
            </Button>
          </div>
        </Form>

        <section aria-labelledby="source-heading" className="lg:col-span-2">
          <h2 id="source-heading">Report text</h2>
          {draft.fileName ? <p className="mb-2 text-ink-muted">From {draft.fileName}</p> : null}
          {draft.sourceText ? (
            <pre
              tabIndex={0}
              aria-label="Text of the report"
              className="max-h-[80vh] overflow-auto whitespace-pre-wrap border-2 border-rule bg-surface p-3 font-mono text-sm lg:sticky lg:top-4"
            >
              {draft.sourceText}
            </pre>
          ) : (
            <p>No report text: this inspection is being entered by hand.</p>
          )}
        </section>
      </div>
    </>
  );
}

/** Loose comparison of authority names: "Leeds City Council" and "Leeds" are the same. */
function sameAuthority(a: string, b: string) {
  const key = (s: string) =>
    s
      .toLowerCase()
      .replace(/&/g, " and ")
      .replace(/\b(city|county|borough|metropolitan|district|council|royal|of|the|london)\b/g, " ")
      .replace(/[^a-z]+/g, " ")
      .trim();
  const x = key(a);
  const y = key(b);
  return Boolean(x && y && (x.includes(y) || y.includes(x)));
}

/** "items[2].text" → "items-2-text", the id of that field's control. */
function fieldId(name: string) {
  return name
    .replace(/\[(\d+)\]\.?/g, "-$1-")
    .replace(/\./g, "-")
    .replace(/-$/, "");
}

function Field({
  id,
  label,
  error,
  children,
}: {
  id: string;
  label: string;
  error?: string;
  children: React.ReactNode;
}) {
  return (
    <div className={`mb-4 ${error ? "border-l-4 border-danger pl-3" : ""}`}>
      <label htmlFor={id} className="mb-1 block font-bold">
        {label}
        {error ? (
          <span id={`${id}-error`} className="mt-1 block text-danger">
            <span className="sr-only">Error:</span> {error}
          </span>
        ) : null}
      </label>
      {children}
    </div>
  );
}
