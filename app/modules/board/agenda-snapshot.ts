/**
 * An agenda item as frozen when the agenda is published: what the board was
 * shown, kept as JSON with a snapshot `version` (app/utils/snapshot.ts).
 * Version 1 is the shape kept since agendas were first published; items frozen
 * before the field existed are read as version 1.
 */
import { z } from "zod";
import { parseActionStatus, parseRag } from "~/modules/action/status";
import { parsedBy, readSnapshot, writeSnapshot } from "~/utils/snapshot";

export const AGENDA_SNAPSHOT_VERSION = 1;

const agendaV1 = z.object({
  title: z.string(),
  inspectionId: z.string(),
  inspectionTitle: z.string(),
  recommendationId: z.string(),
  recommendationReference: z.string(),
  recommendationText: z.string(),
  ownerName: z.string().nullable(),
  status: parsedBy(z.string(), parseActionStatus),
  rag: parsedBy(z.string().nullable(), parseRag),
  ragReason: z.string().nullable(),
  dueDate: z.string().nullable(), // YYYY-MM-DD
  progress: z.number(),
  latestUpdate: z.object({ body: z.string(), at: z.string() }).nullable(),
});

export type AgendaSnapshot = z.output<typeof agendaV1>;

/** The JSON frozen for an agenda item (the current version). */
export function writeAgendaSnapshot(snapshot: AgendaSnapshot): string {
  return writeSnapshot(AGENDA_SNAPSHOT_VERSION, snapshot);
}

/** A frozen agenda item, checked: an unknown version or a malformed snapshot is an AppError naming the item in the logs. */
export function readAgendaSnapshot(json: string, agendaItemId: string): AgendaSnapshot {
  return readSnapshot({ json, what: "published agenda", versions: { 1: agendaV1 }, details: { agendaItemId } });
}
