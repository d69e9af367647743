import type { Db } from "~/utils/db.server";
import { searchTextOf } from "./search-text";

type Tx = Pick<Db, "action" | "actionUpdate">;

/** Recomputes an action's search text from its title, description and updates (call inside the change's transaction). */
export async function refreshSearchText({
  tx,
  authorityId,
  actionId,
}: {
  tx: Tx;
  authorityId: string;
  actionId: string;
}) {
  const action = await tx.action.findFirstOrThrow({
    where: { id: actionId, authorityId },
    select: { title: true, description: true },
  });
  const updates = await tx.actionUpdate.findMany({
    where: { actionId, authorityId },
    orderBy: { createdAt: "asc" },
    select: { body: true },
  });
  await tx.action.update({
    where: { id: actionId },
    data: { searchText: searchTextOf([action.title, action.description, ...updates.map((u) => u.body)]) },
  });
}
