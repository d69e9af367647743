import type { SubmissionResult } from "@conform-to/react";
import { Button, SchemaForm, Textarea, useSchemaForm } from "~/components/forms";
import { RemoveSchema } from "~/modules/inspection/forms";
import { formatDate } from "~/utils/format";
import { maxLengths } from "~/utils/text";

const maxRemove = maxLengths(RemoveSchema);

/** The form's id: the page's error summary lists its errors when it was the one submitted. */
export const REMOVE_FORM_ID = "remove-restore";

/**
 * The remove / restore form, for the page to create once: it passes it to
 * `<RemoveRestore>` and its errors to the page's `FormPageHead`.
 * `lastResult` is the action's reply when that reply is for this form.
 */
export function useRemoveRestoreForm(lastResult?: SubmissionResult<string[]> | null) {
  return useSchemaForm(RemoveSchema, { id: REMOVE_FORM_ID, lastResult });
}

/** Remove (soft delete) or restore, with a reason for the audit log. */
export function RemoveRestore({
  form: [form, f],
  what,
  removedAt,
  consequence,
  busy,
}: {
  form: ReturnType<typeof useRemoveRestoreForm>;
  what: string;
  removedAt: Date | string | null;
  consequence: string;
  busy: boolean;
}) {
  const removed = removedAt !== null;
  return (
    <section aria-labelledby="remove-heading" className="mt-10 max-w-3xl border-t-2 border-rule pt-6">
      <h2 id="remove-heading">{removed ? `Restore this ${what}` : `Remove this ${what}`}</h2>
      <p className="mb-4">
        {removed ? `Removed on ${formatDate(removedAt)}. Restoring brings it back as it was.` : consequence}
      </p>
      <SchemaForm form={form}>
        <input type="hidden" name="intent" value={removed ? "restore" : "remove"} />
        <Textarea
          field={f.reason}
          maxLength={maxRemove.reason}
          rows={3}
          label={removed ? "Why restore it?" : "Why remove it?"}
          hint="Kept in the audit log"
        />
        <Button type="submit" variant={removed ? "primary" : "warning"} disabled={busy}>
          {removed ? `Restore ${what}` : `Remove ${what}`}
        </Button>
      </SchemaForm>
    </section>
  );
}
