/**
 * Small builders over World for what most end-to-end tests need: an
 * authority with its people and one inspection (the items are the real text
 * of Leeds' 2018 ILACS report), and a board with a meeting already held. Each
 * test adds its own actions with `world.action(…)`, so that what it relies on
 * is written in the test.
 */
import type { Page } from "@playwright/test";
import type { Role } from "../../app/modules/auth/permissions";
import { signIn, visit } from "./utils";
import type { TestAuthority, TestUser, World } from "./world";

const DAY = 86_400_000;
/** A date `n` days from now (negative: in the past), at midnight UTC. */
export function daysFromNow(n: number): Date {
  const d = new Date(Date.now() + n * DAY);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

export const ILACS_2018 = {
  type: "ilacs_short",
  title: "Inspection of children's social care services",
  startDate: new Date("2018-10-29"),
  endDate: new Date("2018-11-02"),
  publishedAt: new Date("2018-12-18"),
  leadInspector: "Matt Reed",
  judgements: [
    {
      area: "The impact of leaders on social work practice with children and families",
      gradeText: "Outstanding",
      grade: "outstanding",
    },
    { area: "Overall effectiveness", gradeText: "Outstanding", grade: "outstanding" },
  ],
  recommendations: [
    {
      reference: "R1",
      kind: "improvement_item",
      text: "The consistent involvement of health agencies in strategy discussions.",
    },
    {
      reference: "R2",
      kind: "improvement_item",
      text: "The consideration given to children's culture and identity in all assessments.",
    },
    {
      reference: "R3",
      kind: "improvement_item",
      text: "The quality, recording and review of personal education plans (PEPs) so that they provide clear, consistent and purposeful targets, covering both short- and longer-term objectives.",
    },
  ],
};

export type People = Record<string, { role: Role; name: string; organisation?: string }>;

/** The person who plays each usual part, by the key tests name them with. */
const CAST = {
  admin: { role: "admin", name: "Alex Admin" },
  owner: { role: "action_owner", name: "Owen Shah" },
  chair: { role: "board_member", name: "Margaret Ellison" },
  member: { role: "board_member", name: "Bea Member" },
  viewer: { role: "viewer", name: "Vic Reader" },
  partner: { role: "partner", name: "Priya Nurse", organisation: "Leeds Community Healthcare NHS Trust" },
} satisfies People;

/** The `people` of `authorityWith` for these usual parts: `cast("admin", "owner")`. */
export function cast<K extends keyof typeof CAST>(...parts: K[]): Pick<typeof CAST, K> {
  return Object.fromEntries(parts.map((k) => [k, CAST[k]])) as Pick<typeof CAST, K>;
}

/**
 * An authority, the people named (one user each, member of it with the role
 * given), and one inspection with three items (R1–R3), no actions yet.
 */
export async function authorityWith<P extends People>(
  world: World,
  { name = "Leeds City Council", people }: { name?: string; people: P },
) {
  const authority = await world.authority({ name });
  const users = {} as Record<keyof P, TestUser>;
  for (const [key, p] of Object.entries(people)) {
    users[key as keyof P] = await world.user({
      name: p.name,
      local: key.toLowerCase(),
      organisation: p.organisation ?? null,
      memberships: [{ authority, role: p.role }],
    });
  }
  const inspection = await world.inspection({ authorityId: authority.id, ...ILACS_2018 });
  const [r1, r2, r3] = inspection.recommendations as [
    (typeof inspection.recommendations)[number],
    (typeof inspection.recommendations)[number],
    (typeof inspection.recommendations)[number],
  ];
  return { authority, users, inspection, items: { r1, r2, r3 } };
}

/**
 * Leeds with an admin and one action, "Strategy discussion log" under R1; the
 * admin has signed in and opened the action's page from the action list.
 */
export async function adminOnTheOneAction(page: Page, world: World) {
  const setUp = await authorityWith(world, { people: cast("admin") });
  const { authority, items, users } = setUp;
  await world.action({ authorityId: authority.id, recommendationId: items.r1.id, title: "Strategy discussion log" });
  await signIn(page, users.admin);
  await visit(page, `/a/${authority.slug}/actions`);
  await page.locator("tbody tr").first().getByRole("link").first().click();
  return setUp;
}

/**
 * A board of the authority with the people given on it (the chair first,
 * then members, then observers; nobody when none is named), and one meeting
 * held `heldDaysAgo` days ago at which each action in `returned` was returned
 * with a challenge (its agenda item, decision and timeline entry, as meeting mode writes them).
 */
export async function boardWithHeldMeeting(
  world: World,
  {
    authority,
    name = "Children's Improvement Board",
    chair,
    members = [],
    observers = [],
    heldDaysAgo = 30,
    returned = [],
  }: {
    authority: TestAuthority;
    name?: string;
    chair?: TestUser;
    members?: TestUser[];
    observers?: TestUser[];
    heldDaysAgo?: number;
    returned?: { actionId: string; challenge: string; by: TestUser }[];
  },
) {
  const db = world.db;
  const authorityId = authority.id;
  const seats = [
    ...(chair ? [{ user: chair, boardRole: "chair" as const }] : []),
    ...members.map((user) => ({ user, boardRole: "member" as const })),
    ...observers.map((user) => ({ user, boardRole: "observer" as const })),
  ];
  const board = await db.board.create({
    data: {
      authorityId,
      name,
      kind: "improvement",
      scopeAllInspections: true,
      members: {
        create: seats.map((m) => ({ authorityId, userId: m.user.id, boardRole: m.boardRole })),
      },
    },
  });
  const heldAt = new Date(daysFromNow(-heldDaysAgo).getTime() + 14 * 3_600_000);
  const meeting = await db.meeting.create({
    data: {
      authorityId,
      boardId: board.id,
      scheduledAt: heldAt,
      location: "Civic Hall",
      status: "held",
      agendaPublishedAt: heldAt,
      heldAt,
    },
  });
  for (const [i, r] of returned.entries()) {
    const item = await db.agendaItem.create({
      data: {
        authorityId,
        meetingId: meeting.id,
        actionId: r.actionId,
        position: i + 1,
        reasons: "[]",
        origin: "added",
      },
    });
    const decision = await db.boardDecision.create({
      data: {
        authorityId,
        meetingId: meeting.id,
        agendaItemId: item.id,
        actionId: r.actionId,
        decision: "return",
        challenge: r.challenge,
        notes: "",
        decidedById: r.by.id,
        createdAt: heldAt,
      },
    });
    await db.actionUpdate.create({
      data: {
        authorityId,
        actionId: r.actionId,
        authorId: r.by.id,
        kind: "decision",
        body: `${name}: returned with challenge — ${r.challenge}`,
        boardDecisionId: decision.id,
        createdAt: heldAt,
      },
    });
  }
  return { board, meeting };
}
