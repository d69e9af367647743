import { readFormData } from "~/utils/body.server";
import { useRef, useState } from "react";
import { Form, redirect, useActionData, useNavigation } from "react-router";
import type { Route } from "./+types/a.$authority.imports.$draftId";
import {
  Button,
  Checkbox,
  DateInput,
  Field,
  FormPageHead,
  initialText,
  SchemaForm,
  Select,
  Textarea,
  useSchemaForm,
} from "~/components/forms";
import { invalid, parseForm } from "~/components/forms/submission.server";
import { Tag } from "~/components/tag";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { createInspectionFromReview, discardDraft, getDraft } from "~/modules/inspection/import-draft.server";
import { recurringForDraft } from "~/modules/recommendation/recurring.server";
import { ReviewItemSchema, ReviewJudgementSchema, ReviewSchema, type ReviewDefaults } from "~/modules/inspection/forms";
import {
  GRADES,
  INSPECTION_TYPES,
  INSPECTION_TYPE_LABELS,
  RECOMMENDATION_KINDS,
  RECOMMENDATION_KIND_LABELS,
} from "~/modules/inspection/types";
import { formatDate } from "~/utils/format";
import { authorityHref } from "~/utils/links";
import { maxLengths } from "~/utils/text";

/** Each text field's maximum, for maxlength. */
const maxReview = maxLengths(ReviewSchema);
const maxJudgement = maxLengths(ReviewJudgementSchema);
const maxItem = maxLengths(ReviewItemSchema);

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
  const formData = await readFormData(args.request, "longForm");
  // "Discard this import" posts intent "discard" and skips the checks; "Confirm and save" posts the review.
  if (formData.get("intent") === "discard") {
    await discardDraft({ authorityId: user.authority.id, draftId: args.params.draftId });
    return redirect(authorityHref(user.authority.slug, "/"));
  }
  const draft = await getDraft({ authorityId: user.authority.id, draftId: args.params.draftId });
  const submission = parseForm(formData, ReviewSchema);
  if (submission.status !== "success") return invalid(submission);
  const inspection = await createInspectionFromReview({
    authorityId: user.authority.id,
    actorId: user.id,
    value: submission.value,
    sourceText: draft.sourceText || null,
    sourceFileId: draft.sourceFileId,
    requestId: user.requestId,
    draftId: draft.id,
  });
  return redirect(authorityHref(user.authority.slug, "/inspections/:inspectionId", { inspectionId: inspection.id }));
}

type RaisedBefore = { id: string; reference: string; inspectionTitle: string; inspectionDate: string | null };
/** An item as the form holds it: what is in its boxes (a ticked Keep is "on"). */
type ItemValue = {
  keep?: string;
  reference?: string;
  text?: string;
  kind?: string;
  addressedTo?: string;
  timescale?: string;
  subheading?: string;
  unsure?: string;
};

/** The reader's result as the form's starting values. */
function formDefaults(d: ReviewDefaults) {
  return {
    type: d.type,
    title: d.title,
    startDate: d.startDate,
    endDate: d.endDate,
    publishedAt: d.publishedAt,
    leadInspector: d.leadInspector,
    judgements: d.judgements,
    items: d.items.map(({ keep, ...item }): ItemValue => ({ ...item, keep: keep ? "on" : undefined })),
  };
}

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
  const [form, fields] = useSchemaForm(ReviewSchema, {
    id: "review",
    lastResult: actionData?.result,
    defaultValue: formDefaults(d),
  });
  const judgements = fields.judgements.getFieldList();
  const items = fields.items.getFieldList();
  // What the reader found earlier for each item, by position; it follows the items through split, merge and add.
  const [raised, setRaised] = useState<RaisedBefore[][]>(() =>
    d.items.map((_, index) => (recurring[index] ?? []) as RaisedBefore[]),
  );
  // Where the caret was last in each item's text (by the item's key), for "Split at the cursor".
  const carets = useRef(new Map<string, number>());

  const current = () => ((fields.items.value ?? []) as (ItemValue | undefined)[]).map((x) => ({ ...x }));
  const setItems = (value: ItemValue[]) => form.update({ name: fields.items.name, value });
  const split = (index: number) => {
    const xs = current();
    const it = xs[index] ?? {};
    const [a, b] = splitText(it.text ?? "", carets.current.get(items[index]?.key ?? ""));
    const second = { ...it, text: b, reference: `${it.reference ?? ""}b`, unsure: undefined };
    setItems([...xs.slice(0, index), { ...it, text: a }, second, ...xs.slice(index + 1)]);
    setRaised((rs) => [...rs.slice(0, index + 1), rs[index] ?? [], ...rs.slice(index + 1)]);
  };
  const mergeNext = (index: number) => {
    const xs = current();
    const a = xs[index] ?? {};
    const b = xs[index + 1];
    if (!b) return;
    setItems([...xs.slice(0, index), { ...a, text: `${a.text ?? ""} ${b.text ?? ""}`.trim() }, ...xs.slice(index + 2)]);
    setRaised((rs) => [
      ...rs.slice(0, index),
      [...(rs[index] ?? []), ...(rs[index + 1] ?? [])],
      ...rs.slice(index + 2),
    ]);
  };
  const addItem = () => {
    const xs = current();
    form.insert({
      name: fields.items.name,
      defaultValue: { keep: "on", reference: `R${xs.length + 1}`, text: "", kind: xs[0]?.kind ?? "improvement_item" },
    });
    setRaised((rs) => [...rs.slice(0, xs.length), []]);
  };

  const kept = items.filter((it) => it.getFieldset().keep.value === "on").length;
  const gradeOptions = GRADES.map((g) => [g, g.replace(/_/g, " ")] as const);
  const kindOptions = RECOMMENDATION_KINDS.map((k) => [k, RECOMMENDATION_KIND_LABELS[k]] as const);

  return (
    <>
      <FormPageHead title="Check the inspection before saving" forms={[form]} />
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
        <SchemaForm form={form} className="lg:col-span-3">
          <fieldset className="mb-8">
            <legend className="mb-4 text-2xl font-bold">Inspection</legend>
            <Select
              field={fields.type}
              label="Type"
              options={INSPECTION_TYPES.map((t) => [t, INSPECTION_TYPE_LABELS[t]] as const)}
            />
            <Field field={fields.title} label="Title" maxLength={maxReview.title} width="" />
            <DateInput field={fields.startDate} legend="First day of inspection" />
            <DateInput field={fields.endDate} legend="Last day of inspection" />
            <DateInput field={fields.publishedAt} legend="Publication date" />
            <Field field={fields.leadInspector} label="Lead inspector" maxLength={maxReview.leadInspector} />
          </fieldset>

          <fieldset className="mb-8">
            <legend className="mb-4 text-2xl font-bold">Judgements ({judgements.length})</legend>
            {judgements.length === 0 ? <p className="mb-4">No graded judgements were found.</p> : null}
            <ol className="space-y-4">
              {judgements.map((judgement, index) => {
                const j = judgement.getFieldset();
                return (
                  <li key={judgement.key} className="border-l-4 border-rule pl-4">
                    <Field
                      field={j.area}
                      label={`Judgement ${index + 1}: area`}
                      maxLength={maxJudgement.area}
                      width=""
                    />
                    <div className="flex flex-wrap items-end gap-x-4">
                      <Field field={j.gradeText} label="Grade as printed" maxLength={maxJudgement.gradeText} />
                      <Select field={j.grade} label="Grade" options={gradeOptions} />
                      <button
                        type="button"
                        className="mb-6 underline"
                        onClick={() => form.remove({ name: fields.judgements.name, index })}
                      >
                        Remove judgement {index + 1}
                      </button>
                    </div>
                  </li>
                );
              })}
            </ol>
            <Button
              type="button"
              variant="secondary"
              onClick={() =>
                form.insert({ name: fields.judgements.name, defaultValue: { area: "", gradeText: "", grade: "good" } })
              }
            >
              Add a judgement
            </Button>
          </fieldset>

          <fieldset className="mb-8">
            <legend className="mb-4 text-2xl font-bold">
              Items to improve ({kept} kept of {items.length})
            </legend>
            <ol className="space-y-6">
              {items.map((item, index) => {
                const it = item.getFieldset();
                const keep = it.keep.value === "on";
                const unsure = initialText(it.unsure);
                const subheading = initialText(it.subheading);
                const text = typeof it.text.value === "string" ? it.text.value : "";
                const earlier = raised[index] ?? [];
                return (
                  <li
                    key={item.key}
                    className={`border-l-4 pl-4 ${keep ? "border-brand" : "border-rule opacity-80"}`}
                    data-testid="review-item"
                  >
                    <div className="flex flex-wrap items-start gap-x-3">
                      <Checkbox field={it.keep} label={<span className="font-bold">Keep item {index + 1}</span>} />
                      {unsure ? <Tag tone="amber">Check: reader unsure</Tag> : null}
                    </div>
                    {unsure ? (
                      <>
                        <input key={it.unsure.key} type="hidden" name={it.unsure.name} defaultValue={unsure} />
                        <p className="mb-2 text-ink-muted">{unsure}</p>
                      </>
                    ) : null}
                    <div
                      onSelect={(e) => {
                        if (e.target instanceof HTMLTextAreaElement)
                          carets.current.set(item.key ?? "", e.target.selectionStart);
                      }}
                    >
                      <Textarea
                        field={it.text}
                        label={`Item ${index + 1} text (word for word)`}
                        maxLength={maxItem.text}
                        rows={Math.min(10, Math.max(3, Math.ceil(text.length / 90)))}
                      />
                    </div>
                    <div className="flex flex-wrap gap-x-4">
                      <Field field={it.reference} label="Reference" maxLength={maxItem.reference} width="max-w-24" />
                      <Select field={it.kind} label="Kind" options={kindOptions} />
                      <Field
                        field={it.addressedTo}
                        label="Addressed to (optional)"
                        maxLength={maxItem.addressedTo}
                        width="max-w-60"
                      />
                      <Field
                        field={it.timescale}
                        label="Timescale (optional)"
                        maxLength={maxItem.timescale}
                        width="max-w-60"
                      />
                    </div>
                    {subheading ? (
                      <input
                        key={it.subheading.key}
                        type="hidden"
                        name={it.subheading.name}
                        defaultValue={subheading}
                      />
                    ) : null}
                    {earlier.length > 0 ? (
                      <div className="mb-3 border-l-4 border-[#3d2375] bg-surface p-2">
                        <p className="font-bold">Raised before</p>
                        <ul>
                          {earlier.map((r) => (
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
                );
              })}
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
            {/* Belongs to the form below, so that discarding skips the review's checks. */}
            <Button
              type="submit"
              form="discard"
              name="intent"
              value="discard"
              variant="secondary"
              disabled={navigation.state !== "idle"}
            >
              Discard this import
            </Button>
          </div>
        </SchemaForm>
        <Form method="post" id="discard" className="hidden" />

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
