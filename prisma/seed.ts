/**
 * Demo data from the real documents (prisma/demo-data.ts). `tsx prisma/seed.ts`
 * seeds only an empty database and prints the demo sign-in details.
 * Action, update and meeting dates are shifted so that the demo story keeps
 * its shape (some overdue, some due soon) whatever day it is run; inspection
 * dates are never shifted.
 */
import { pathToFileURL } from "node:url";
import { DEMO_DATA, type IsoDate } from "./demo-data";
import { createAction, createAuthority, createInspection, createUser } from "./factories";
import { stopJobQueue } from "../app/modules/jobs/runner.server";
import { disconnectDb, getDb, type Db } from "../app/utils/db.server";
import { hashPassword } from "../app/modules/auth/password.server";
import { recordAudit } from "../app/modules/audit/service.server";
import { refreshSearchText } from "../app/modules/action/search-text.server";

const DAY = 86_400_000;

function utcDay(iso: IsoDate): Date {
  return new Date(`${iso}T00:00:00.000Z`);
}

export async function seedDemo({ db, today = new Date() }: { db: Db; today?: Date }) {
  const offsetDays = Math.round(
    (Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - utcDay(DEMO_DATA.today).getTime()) /
      DAY,
  );
  const shift = (iso: IsoDate | null) => (iso ? new Date(utcDay(iso.slice(0, 10)).getTime() + offsetDays * DAY) : null);
  const shiftDateTime = (iso: string) => new Date(new Date(iso).getTime() + offsetDays * DAY);

  const authorityIds = new Map<string, string>();
  const inspectionItems = new Map<string, Map<string, string>>(); // inspection key → reference → recommendation id
  for (const a of DEMO_DATA.authorities) {
    const authority = await createAuthority({ db, name: a.name, slug: a.slug, onsCode: a.onsCode });
    authorityIds.set(a.slug, authority.id);
    for (const i of a.inspections) {
      const inspection = await createInspection({
        db,
        authorityId: authority.id,
        type: i.type,
        title: i.title,
        startDate: utcDay(i.startDate),
        endDate: utcDay(i.endDate),
        publishedAt: i.publishedAt ? utcDay(i.publishedAt) : null,
        leadInspector: i.leadInspector,
        judgements: i.judgements.map((j) => ({ area: j.area, grade: j.grade, gradeText: j.gradeText })),
        recommendations: [...i.items],
      });
      inspectionItems.set(i.key, new Map(inspection.recommendations.map((r) => [r.reference, r.id])));
    }
  }

  const passwordHash = await hashPassword(DEMO_DATA.password);
  const userIds = new Map<string, string>();
  for (const u of DEMO_DATA.users) {
    const memberships = u.memberships.map((m) => ({ authorityId: authorityIds.get(m.authority)!, role: m.role }));
    const user = await createUser({
      db,
      email: u.email,
      name: u.name,
      organisation: u.organisation,
      passwordHash,
      memberships,
    });
    userIds.set(u.email, user.id);
  }

  const actionIds = new Map<string, string>();
  for (const [position, a] of DEMO_DATA.actions.entries()) {
    const authorityId = authorityIds.get(a.authority)!;
    const recommendationId = inspectionItems.get(a.inspectionKey)?.get(a.itemReference);
    if (!recommendationId)
      throw new Error(`Demo action ${a.key} names an unknown item ${a.inspectionKey}/${a.itemReference}`);
    const action = await createAction({
      db,
      authorityId,
      recommendationId,
      ownerId: userIds.get(a.ownerEmail) ?? null,
      title: a.title,
      description: a.description,
      leadService: a.leadService,
      partnerAgencies: a.partnerAgencies.join(", "),
      successMeasure: a.successMeasure,
      startDate: shift(a.startDate),
      dueDate: shift(a.dueDate),
      status: a.status,
      rag: a.rag,
      ragReason: a.ragReason,
      impactRag: a.impactRag,
      impactReason: a.impactReason,
      progress: a.progress,
      blockedReason: a.blockedReason,
      completedAt: shift(a.completedAt),
      position,
    });
    actionIds.set(a.key, action.id);
    let lastUpdateAt: Date | null = null;
    for (const u of a.updates) {
      const at = shift(u.date)!;
      if (!lastUpdateAt || at > lastUpdateAt) lastUpdateAt = at;
      await db.actionUpdate.create({
        data: {
          authorityId,
          actionId: action.id,
          authorId: userIds.get(u.authorEmail) ?? null,
          kind: u.kind,
          body: u.body,
          progress: u.progress,
          rag: u.rag,
          ragReason: u.ragReason,
          status: u.status,
          oldDueDate: shift(u.oldDueDate),
          newDueDate: shift(u.newDueDate),
          createdAt: at,
        },
      });
    }
    if (lastUpdateAt) await db.action.update({ where: { id: action.id }, data: { lastUpdateAt } });
    await refreshSearchText({ tx: db, authorityId, actionId: action.id });
  }

  for (const b of DEMO_DATA.boards) {
    const authorityId = authorityIds.get(b.authority)!;
    const board = await db.board.create({
      data: {
        authorityId,
        name: b.name,
        kind: b.kind,
        scopeAllInspections: b.scopeAllInspections,
        members: {
          create: b.members
            .filter((m) => userIds.has(m.email))
            .map((m) => ({ authorityId, userId: userIds.get(m.email)!, boardRole: m.boardRole })),
        },
      },
    });
    for (const m of b.meetings) {
      const scheduledAt = shiftDateTime(m.scheduledAt);
      const meeting = await db.meeting.create({
        data: {
          authorityId,
          boardId: board.id,
          scheduledAt,
          location: m.location,
          status: m.status,
          ...(m.status === "held" ? { agendaPublishedAt: scheduledAt, heldAt: scheduledAt } : {}),
        },
      });
      // A meeting that has taken place: its agenda and the board's decisions, written back to the actions' timelines.
      for (const [i, d] of (m.decisions ?? []).entries()) {
        const actionId = actionIds.get(d.actionKey);
        if (!actionId) throw new Error(`Demo decision names an unknown action ${d.actionKey}`);
        const item = await db.agendaItem.create({
          data: { authorityId, meetingId: meeting.id, actionId, position: i + 1, reasons: "[]", origin: "added" },
        });
        const decision = await db.boardDecision.create({
          data: {
            authorityId,
            meetingId: meeting.id,
            agendaItemId: item.id,
            actionId,
            decision: d.decision,
            challenge: d.challenge,
            notes: d.notes,
            decidedById: userIds.get(d.decidedByEmail) ?? null,
            createdAt: scheduledAt,
          },
        });
        await db.actionUpdate.create({
          data: {
            authorityId,
            actionId,
            authorId: userIds.get(d.decidedByEmail) ?? null,
            kind: "decision",
            body: `${b.name}: returned with challenge — ${d.challenge}`,
            boardDecisionId: decision.id,
            createdAt: scheduledAt,
          },
        });
      }
    }
  }

  for (const authorityId of authorityIds.values()) {
    await recordAudit({
      authorityId,
      actorId: null,
      action: "seed",
      entityType: "Authority",
      entityId: authorityId,
      requestId: null,
    });
  }
}

export function demoCredentials(): string {
  const lines = [
    "Demo sign-in details (demo data only; every demo user has the same password):",
    `  password: ${DEMO_DATA.password}`,
  ];
  for (const a of DEMO_DATA.authorities) {
    lines.push(`  ${a.name}:`);
    for (const u of DEMO_DATA.users) {
      const m = u.memberships.find((x) => x.authority === a.slug);
      if (m)
        lines.push(
          `    ${m.role.padEnd(13)} ${u.email}${u.memberships.length > 1 ? "  (also in another authority)" : ""}`,
        );
    }
  }
  return lines.join("\n");
}

async function main() {
  const db = getDb();
  const existing = await db.authority.count();
  if (existing > 0 && !process.argv.includes("--force")) {
    console.log(`Database already has ${existing} authorit${existing === 1 ? "y" : "ies"}; not seeding demo data.`);
  } else {
    await seedDemo({ db });
    console.log("Seeded the demo data.");
  }
  if (!process.argv.includes("--quiet")) console.log(demoCredentials());
  await stopJobQueue();
  await disconnectDb();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch(async (error) => {
    console.error(error instanceof Error ? error.message : error);
    await disconnectDb();
    process.exit(1);
  });
}
