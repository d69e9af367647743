/**
 * The loader and action both correction pages share (an inspection's, an
 * item's), for admins: the record with its change history; then save the
 * corrected details under the version check, or remove / restore with a
 * reason. Form errors and conflicts come back with what the user typed, for
 * the form that was submitted (`form`).
 */
import { redirect } from "react-router";
import type { z } from "zod";
import { invalid, parseForm } from "~/components/forms/submission.server";
import { listEntityAudit } from "~/modules/action/history.server";
import { actorOf, type Actor } from "~/modules/auth/actor";
import { requireUserWithPermission, type RouteArgs } from "~/modules/auth/auth.server";
import { readFormData } from "~/utils/body.server";
import { formatDateTime } from "~/utils/format";
import { RemoveSchema } from "./forms";
import type { EditResult } from "./edit.server";

/** Who may correct: an admin. */
const CORRECT = "write:inspection:any";

/** Whose change it is: the signed-in admin, in their authority. */
type Scope = { authorityId: string; actor: Actor };

/** A record a correction page corrects: edit.server's `inspectionCorrection` or `recommendationCorrection`. */
type Correctable<R, V> = {
  entityType: "Inspection" | "Recommendation";
  get: (where: { authorityId: string; id: string }) => Promise<R>;
  edit: (call: Scope & { id: string; value: V }) => Promise<EditResult>;
  setRemoved: (call: Scope & { id: string; removed: boolean; reason: string }) => Promise<void>;
};

/** What a correction page shows: the record `id` (removed ones too, to restore them) and its change history. */
export async function correctionPageData<R extends { id: string }>(
  args: RouteArgs,
  correctable: Pick<Correctable<R, never>, "entityType" | "get">,
  id: string,
) {
  const user = await requireUserWithPermission(args, CORRECT);
  const { entityType } = correctable;
  const record = await correctable.get({ authorityId: user.authority.id, id });
  const history = await listEntityAudit({ authorityId: user.authority.id, entityType, entityId: record.id });
  return { authority: user.authority, record, history };
}

/** Said when someone else saved the same record first. */
export function conflictMessage({ changedBy, changedAt }: { changedBy: string | null; changedAt: string }) {
  return (
    `Someone else changed this while you were working: ${changedBy ?? "another user"} saved changes at ` +
    `${formatDateTime(changedAt)}. Your changes have not been saved; what you typed is ` +
    "still in the form. Open the page again to see the current values, then reapply your changes."
  );
}

export async function correctionAction<Schema extends z.ZodType>(
  args: RouteArgs,
  correctable: Correctable<unknown, z.output<Schema>>,
  {
    id,
    editSchema,
    pagePath,
  }: {
    id: string;
    editSchema: Schema;
    /** The corrected record's own page in the authority `slug`; its correction page is `${pagePath}/edit`. */
    pagePath: (slug: string) => string;
  },
) {
  const user = await requireUserWithPermission(args, CORRECT);
  const scope = { authorityId: user.authority.id, actor: actorOf(user) };
  const formData = await readFormData(args.request, "form");
  const page = pagePath(user.authority.slug);
  // The edit form posts intent "edit"; the remove / restore form "remove" or "restore" (RemoveSchema).
  if (formData.get("intent") === "edit") {
    const submission = parseForm(formData, editSchema);
    if (submission.status !== "success") return invalid(submission, { form: "edit" as const });
    const r = await correctable.edit({ ...scope, id, value: submission.value });
    if (!r.ok)
      return invalid(submission, { form: "edit" as const, formErrors: [conflictMessage(r.conflict)], status: 409 });
    return redirect(page);
  }
  const submission = parseForm(formData, RemoveSchema);
  if (submission.status !== "success") return invalid(submission, { form: "remove" as const });
  const removed = submission.value.intent === "remove";
  await correctable.setRemoved({ ...scope, id, removed, reason: submission.value.reason });
  // A removed record has no page of its own; its correction page offers the restore.
  return redirect(removed ? `${page}/edit` : page);
}
