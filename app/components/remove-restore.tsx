import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "react-router";
import { RemoveSchema } from "~/modules/inspection/edit-form";
import { Button, TextAreaField } from "./form";
import { formatDate, formatDateTime } from "~/utils/format";
import { maxLengths } from "~/utils/text";

const maxRemove = maxLengths(RemoveSchema);

/** Remove (soft delete) or restore, with a reason for the audit log. */
export function RemoveRestore({
  what,
  removedAt,
  consequence,
  lastResult,
  busy,
}: {
  what: string;
  removedAt: Date | string | null;
  consequence: string;
  lastResult?: SubmissionResult<string[]>;
  busy: boolean;
}) {
  const [form, f] = useForm({
    id: "remove-restore",
    lastResult,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RemoveSchema }),
  });
  const removed = removedAt !== null;
  return (
    <section aria-labelledby="remove-heading" className="mt-10 max-w-3xl border-t-2 border-rule pt-6">
      <h2 id="remove-heading">{removed ? `Restore this ${what}` : `Remove this ${what}`}</h2>
      <p className="mb-4">
        {removed ? `Removed on ${formatDate(removedAt)}. Restoring brings it back as it was.` : consequence}
      </p>
      <Form method="post" {...getFormProps(form)} noValidate>
        <input type="hidden" name="intent" value={removed ? "restore" : "remove"} />
        <TextAreaField
          name="reason"
          maxLength={maxRemove.reason}
          label={removed ? "Why restore it?" : "Why remove it?"}
          hint="Kept in the audit log"
          errors={f.reason.errors}
          defaultValue={typeof f.reason.initialValue === "string" ? f.reason.initialValue : undefined}
        />
        <Button type="submit" variant={removed ? "primary" : "warning"} disabled={busy}>
          {removed ? `Restore ${what}` : `Remove ${what}`}
        </Button>
      </Form>
    </section>
  );
}

/** Said when someone else saved the same record first. */
export function EditConflict({ conflict }: { conflict: { changedBy: string | null; changedAt: string } }) {
  return (
    <div role="alert" className="mb-6 border-4 border-danger p-4">
      <h2 className="text-xl">Someone else changed this while you were working</h2>
      <p>
        {conflict.changedBy ?? "Another user"} saved changes at {formatDateTime(conflict.changedAt)}. Your changes have
        not been saved; what you typed is still in the form. Open the page again to see the current values, then reapply
        your changes.
      </p>
    </div>
  );
}
