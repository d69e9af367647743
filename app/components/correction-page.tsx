import type { SubmissionResult } from "@conform-to/react";
import { useMemo, type ReactNode } from "react";
import { Link, useNavigation } from "react-router";
import type { z } from "zod";
import { ChangeHistory } from "~/components/audit-list";
import { Button, FormPageHead, SchemaForm, useSchemaForm } from "~/components/forms";
import { useSubmittedForm } from "~/components/forms/submitted";
import { textFieldProps } from "~/components/forms/text-field-props";
import { RemoveRestore, useRemoveRestoreForm } from "~/components/remove-restore";
import { authorityHref } from "~/utils/links";
import { maxLengths } from "~/utils/text";

/** What the correction action answers: which of the page's two forms, and its reply. */
type CorrectionReply = { form: "edit" | "remove"; result: SubmissionResult<string[]> } | undefined;

/** A correction page's details schema. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type DetailsSchema = z.ZodType<unknown, Record<string, any>>;
/** The details form's conform fields. */
type DetailsFields<S extends DetailsSchema> = ReturnType<typeof useSchemaForm<S>>[1];

/**
 * A correction page's two forms: the details (`schema`, its form `id`) and the
 * remove / restore, each with the action's reply when the reply is for it, and
 * which of them was submitted last (the error summary lists its errors).
 */
function useCorrectionForms<S extends DetailsSchema>(schema: S, id: string, reply: CorrectionReply) {
  const [form, fields] = useSchemaForm(schema, { id, lastResult: reply?.form === "edit" ? reply.result : undefined });
  const removal = useRemoveRestoreForm(reply?.form === "remove" ? reply.result : undefined);
  const { submitted, onSubmitCapture } = useSubmittedForm(reply?.form === "remove" ? removal[0].id : form.id);
  return { form, fields, removal, submitted, onSubmitCapture };
}

/** A link in the breadcrumb to a record that may be removed (then it has no page, and is named only). */
export function RecordCrumb({ to, removed, children }: { to: string; removed: boolean; children: string }) {
  return removed ? <span>{children}</span> : <Link to={to}>{children}</Link>;
}

/**
 * The correction page of an inspection or an inspection item (admins): its
 * details form under the version check (`children` gives its fields), the
 * remove / restore form with a reason, and the change history. A removed
 * record shows only why it is out of the plan and the restore.
 */
export function CorrectionPage<S extends DetailsSchema>({
  schema,
  formId,
  reply,
  authority,
  record,
  history,
  title,
  crumbs,
  heading,
  what,
  removedNotice,
  intro,
  consequence,
  children,
}: {
  /** The details form's schema (the one the correction action parses with) and its form's id. */
  schema: S;
  formId: string;
  /** What the correction action answered, if anything. */
  reply: CorrectionReply;
  authority: { slug: string; name: string };
  /** The record as saved: its version for the check, and its values for the text fields. */
  record: { version: number; deletedAt: Date | string | null };
  history: Parameters<typeof ChangeHistory>[0]["events"];
  /** The page's title; `heading` is its h1. */
  title: string;
  /** The breadcrumb between the authority and "Correct". */
  crumbs: ReactNode;
  heading: ReactNode;
  /** The record as the remove / restore form names it ("inspection", "item"). */
  what: string;
  /** Shown instead of the details form while the record is removed. */
  removedNotice: string;
  /** Above the details form. */
  intro: ReactNode;
  /** What removing does, said beside the remove button. */
  consequence: string;
  /** The details form's fields, from its conform `fields`; `text(name)` gives a text field its field, maximum and saved value. */
  children: (form: {
    fields: DetailsFields<S>;
    text: ReturnType<typeof textFieldProps<DetailsFields<S>>>;
  }) => ReactNode;
}) {
  const { form, fields, removal, submitted, onSubmitCapture } = useCorrectionForms(schema, formId, reply);
  const max = useMemo(() => maxLengths(schema), [schema]);
  // The record's own columns are the text fields' saved values (the schema's fields name its columns).
  const text = textFieldProps(fields, max, record as Partial<Record<keyof DetailsFields<S>, unknown>>);
  const busy = useNavigation().state !== "idle";
  return (
    <div onSubmitCapture={onSubmitCapture}>
      <nav aria-label="Breadcrumb" className="mb-4 text-sm">
        <Link to={authorityHref(authority.slug, "/")}>{authority.name}</Link> › {crumbs} ›{" "}
        <span aria-current="page">Correct</span>
      </nav>
      <FormPageHead title={title} forms={[form, removal[0]]} shown={submitted === removal[0].id ? removal[0] : form} />
      <h1>{heading}</h1>
      {record.deletedAt ? (
        <p className="mb-6 border-l-4 border-rag-amber bg-rag-amber-bg p-4 font-bold">{removedNotice}</p>
      ) : (
        <section aria-labelledby="details-heading" className="max-w-3xl">
          <h2 id="details-heading">Details</h2>
          <p className="mb-4 text-ink-muted">{intro}</p>
          <SchemaForm form={form}>
            <input type="hidden" name="intent" value="edit" />
            <input type="hidden" name="version" value={record.version} />
            {children({ fields, text })}
            <Button type="submit" disabled={busy}>
              Save corrections
            </Button>
          </SchemaForm>
        </section>
      )}
      <RemoveRestore form={removal} what={what} removedAt={record.deletedAt} consequence={consequence} busy={busy} />
      <ChangeHistory events={history} className="mt-10" />
    </div>
  );
}
