/**
 * The action both correction pages share (an inspection's, an item's): save
 * the corrected details under the version check, or remove / restore with a
 * reason. Form errors and conflicts come back with what the user typed, for
 * the form that was submitted (`form`).
 */
import { redirect } from "react-router";
import type { z } from "zod";
import { invalid, parseForm } from "~/components/forms/submission.server";
import { formatDateTime } from "~/utils/format";
import { RemoveSchema } from "./forms";
import type { EditResult } from "./edit.server";

/** Said when someone else saved the same record first. */
export function conflictMessage({ changedBy, changedAt }: { changedBy: string | null; changedAt: string }) {
  return (
    `Someone else changed this while you were working: ${changedBy ?? "another user"} saved changes at ` +
    `${formatDateTime(changedAt)}. Your changes have not been saved; what you typed is ` +
    "still in the form. Open the page again to see the current values, then reapply your changes."
  );
}

export async function correctionAction<Schema extends z.ZodType>({
  formData,
  editSchema,
  save,
  setRemoved,
  pagePath,
}: {
  formData: FormData;
  editSchema: Schema;
  save: (value: z.output<Schema>) => Promise<EditResult>;
  setRemoved: (input: { removed: boolean; reason: string }) => Promise<void>;
  /** The corrected record's own page; its correction page is `${pagePath}/edit`. */
  pagePath: string;
}) {
  // The edit form posts intent "edit"; the remove / restore form "remove" or "restore" (RemoveSchema).
  if (formData.get("intent") === "edit") {
    const submission = parseForm(formData, editSchema);
    if (submission.status !== "success") return invalid(submission, { form: "edit" as const });
    const r = await save(submission.value);
    if (!r.ok)
      return invalid(submission, { form: "edit" as const, formErrors: [conflictMessage(r.conflict)], status: 409 });
    return redirect(pagePath);
  }
  const submission = parseForm(formData, RemoveSchema);
  if (submission.status !== "success") return invalid(submission, { form: "remove" as const });
  const removed = submission.value.intent === "remove";
  await setRemoved({ removed, reason: submission.value.reason });
  // A removed record has no page of its own; its correction page offers the restore.
  return redirect(removed ? `${pagePath}/edit` : pagePath);
}
