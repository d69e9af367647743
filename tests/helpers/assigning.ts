/**
 * For the notification tests: a world (createWorld) with an admin, an action
 * owner and one unowned action, and `assign(ownerId)`, which has the admin
 * set the action's owner through the action pipeline, so that the
 * notifications follow as they do in the app.
 */
import { applyActionChange } from "../../app/modules/action/apply.server";
import { createWorld } from "./world";

export async function assigningWorld({ title = "Strengthen strategy discussions" }: { title?: string } = {}) {
  const w = await createWorld();
  const admin = await w.member("admin");
  const owner = await w.member("action_owner");
  const row = await w.action({ title });
  const assign = (ownerId: string | null) =>
    applyActionChange({
      authorityId: w.authority.id,
      actor: { id: admin.id, role: "admin" },
      target: { actionId: row.id },
      change: { kind: "bulk", change: { field: "owner", toOwnerId: ownerId } },
    });
  return { ...w, admin, owner, row, assign };
}
