/**
 * Synthetic plans for the page benchmark (tests/bench/run.ts).
 *
 * For each size (1k, 10k, 100k actions) one authority, slug `bench-<size>`,
 * with in proportion: inspections (1 per 200 actions, 4 judgements each),
 * recommendations (1 per 10 actions), owners (1 per 50 actions, about 15 %
 * partner users), actions with statuses, RAG and due dates spread around
 * today, progress updates (0–6 per action, about 3 on average) and audit rows
 * (about 5 per action). The data is reproducible for a given size and day
 * (seeded random numbers), and the authority's admin also owns about 50
 * actions so that "my actions" has something to show.
 *
 * Written through the app's Prisma client (getDb) as multi-row INSERTs, one
 * transaction per chunk of 2,000 actions (see insertRows for why not
 * createMany); a read-back through Prisma at the end checks that ids and
 * dates come back as the app wrote them. Memory stays flat: each chunk is
 * built, written and dropped.
 *
 * Command line (the runner calls it in a child process per engine, because
 * the app's client and environment are fixed per process):
 *
 *   tsx tests/bench/generate.ts --url file:./tests/.tmp/bench/x.db --sizes 1k,10k --out manifest.json
 *
 * migrates the (empty) database with deployMigrations, generates, creates an
 * admin session per authority and writes a JSON manifest (slug, session
 * token, sample action ids, search word, row counts) for the runner.
 */
import { writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { searchTextOf } from "../../app/modules/action/search-text";
import type { Db } from "../../app/utils/db.server";
import { arg } from "./harness";

export const SIZES = { "1k": 1_000, "10k": 10_000, "100k": 100_000 } as const;
export type SizeLabel = keyof typeof SIZES;
export const SIZE_LABELS = Object.keys(SIZES) as SizeLabel[];

/** A word that appears in about 1 action title in 40 and in their updates: the text-search page's query. */
export const SEARCH_WORD = "exploitation";

export type AuthorityManifest = {
  size: SizeLabel;
  slug: string;
  authorityId: string;
  adminUserId: string;
  /** Session token for the admin (the cookie value); its SHA-256 is the Session row id. */
  sessionToken: string;
  /** Live actions spread over the plan, for the action page (the runner rotates through them). */
  sampleActionIds: string[];
  searchWord: string;
  counts: Record<string, number>;
  seconds: number;
};

export type Manifest = {
  url: string;
  engine: "sqlite" | "postgres";
  generatedAt: string;
  authorities: AuthorityManifest[];
};

const DAY = 86_400_000;

// ---- reproducible randomness and ids -----------------------------------------

/** mulberry32: small, fast, seeded. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    /** Picks by weight: [[value, weight], ...]. */
    weighted: <T>(table: readonly (readonly [T, number])[]): T => {
      const total = table.reduce((s, [, w]) => s + w, 0);
      let r = next() * total;
      for (const [v, w] of table) {
        r -= w;
        if (r < 0) return v;
      }
      return table[table.length - 1]![0];
    },
  };
}
type Rng = ReturnType<typeof rng>;

/** cuid-shaped ids (25 chars, starting with "c"); `tag` keeps the sizes apart, the time keeps runs apart. */
function idMaker(tag: string) {
  const stamp = Date.now().toString(36).padStart(9, "0").slice(-9);
  let n = 0;
  return () => {
    n += 1;
    return `c${tag}${stamp}${n.toString(36).padStart(14, "0")}`;
  };
}

// ---- vocabulary ---------------------------------------------------------------

const TOPICS = [
  "return home interviews for children missing from home",
  "child exploitation screening and the multi-agency panel",
  "management oversight of assessments",
  "supervision of social workers",
  "pathway plans for care leavers",
  "placement sufficiency for children in care",
  "private fostering arrangements",
  "the front door and MASH thresholds",
  "strategy meetings with police and health",
  "child protection conferences within timescales",
  "PLO pre-proceedings work",
  "life story work for adopted children",
  "health assessments for children in care",
  "personal education plans",
  "the LADO service and allegations management",
  "homeless 16- and 17-year-olds",
  "disabled children's short breaks",
  "early help assessments",
  "case recording quality",
  "social worker caseloads and recruitment",
  "independent reviewing officer challenge",
  "the voice of the child in plans",
  "contextual safeguarding in schools",
  "domestic abuse notifications",
  "elective home education and children missing education",
  "unaccompanied asylum-seeking children",
  "staying put and staying close",
  "family group conferences",
  "quality assurance and audit",
  "performance data for the improvement board",
  "corporate parenting responsibilities",
  "permanence planning",
  "kinship care assessments",
  "children in unregistered placements",
  "transitions to adult social care",
  "mental health support for children in care",
  "youth justice and out-of-court disposals",
  "neglect toolkit use",
  "advocacy and independent visitors",
  "complaints and learning from them",
] as const;
const VERBS = [
  "Improve",
  "Strengthen",
  "Review",
  "Embed",
  "Audit",
  "Re-design",
  "Train staff on",
  "Report monthly on",
  "Set standards for",
  "Track",
] as const;
const QUALIFIERS = [
  "",
  "",
  "",
  " across all teams",
  " in the north locality",
  " for under-fives",
  " with partner agencies",
  " through monthly audits",
  " by the end of the quarter",
] as const;
const LEAD_SERVICES = [
  "Children's social work service",
  "Children in care service",
  "Leaving care service",
  "Front door (MASH)",
  "Quality assurance unit",
  "Early help service",
  "Workforce development",
  "Performance and intelligence",
  "Fostering service",
  "Safeguarding partnership",
] as const;
const PARTNERS = [
  "Leeds Teaching Hospitals NHS Trust",
  "West Yorkshire Police",
  "Integrated Care Board",
  "Schools and academies",
  "Youth justice service",
  "Probation service",
  "Housing",
  "Voluntary sector alliance",
] as const;
const UPDATE_PHRASES = [
  "Audit of a sample of cases completed; findings shared with team managers.",
  "Training delivered to two teams; attendance was good and feedback positive.",
  "Performance report shows steady improvement this month.",
  "Delay because of staff vacancies; interim cover agreed.",
  "Partner agencies agreed the revised protocol at the strategic group.",
  "Dip sample found recording still inconsistent; follow-up planned.",
  "Practice standards published and briefed at the managers' meeting.",
  "Data quality issues found in the case management system; fix requested.",
  "Children and young people consulted through the children in care council.",
  "Awaiting sign-off by the improvement board.",
] as const;
const FIRST = [
  "Amira",
  "Ben",
  "Chloe",
  "Dev",
  "Ella",
  "Femi",
  "Grace",
  "Harry",
  "Isla",
  "Jack",
  "Kiran",
  "Laura",
  "Mo",
  "Niamh",
  "Owen",
  "Priya",
  "Rhys",
  "Sara",
  "Tom",
  "Zoe",
] as const;
const LAST = [
  "Ahmed",
  "Brown",
  "Clarke",
  "Davies",
  "Evans",
  "Fraser",
  "Green",
  "Hughes",
  "Iqbal",
  "Jones",
  "Khan",
  "Lewis",
  "Murphy",
  "Nowak",
  "Patel",
  "Quinn",
  "Roberts",
  "Smith",
  "Taylor",
  "Wilson",
] as const;
const JUDGEMENT_AREAS = [
  "The impact of leaders on social work practice with children and families",
  "The experiences and progress of children who need help and protection",
  "The experiences and progress of children in care",
  "The experiences and progress of care leavers",
] as const;
const GRADES = [
  ["outstanding", "Outstanding"],
  ["good", "Good"],
  ["requires_improvement", "Requires improvement to be good"],
  ["inadequate", "Inadequate"],
] as const;
const INSPECTION_TYPES = ["ilacs_standard", "ilacs_short", "focused_visit", "monitoring_visit", "jtai"] as const;
const KINDS = ["improvement_item", "area_for_priority_action", "area_for_development", "recommendation"] as const;

const STATUS_WEIGHTS = [
  ["not_started", 20],
  ["in_progress", 40],
  ["submitted_for_review", 8],
  ["blocked", 7],
  ["complete", 15],
  ["closed", 10],
] as const;
const RAG_WEIGHTS = [
  [null, 10],
  ["red", 15],
  ["amber", 35],
  ["green", 40],
] as const;

// ---- generation -----------------------------------------------------------------

/** Actions per transaction (their updates and audit rows go in the same transaction). */
const ACTION_CHUNK = 2_000;
/** Rows per INSERT statement. */
const ROWS_PER_INSERT = 500;

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
type Row = Record<string, string | number | Date | null>;

/**
 * A DateTime as Prisma writes it: SQLite (better-sqlite3 adapter, iso8601
 * format) stores `2026-01-02T03:04:05.678+00:00` text; PostgreSQL TIMESTAMP(3)
 * holds UTC and accepts the same literal.
 */
function sqlDate(d: Date): string {
  return `'${d.toISOString().replace("Z", "+00:00")}'`;
}

function sqlValue(v: Row[string]): string {
  if (v === null || v === undefined) return "NULL";
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new Error(`Not a finite number: ${v}`);
    return String(v);
  }
  if (v instanceof Date) return sqlDate(v);
  return `'${v.replace(/'/g, "''")}'`;
}

/**
 * Multi-row INSERTs with literal values (both engines parse the same SQL).
 * Much faster than createMany here: Prisma splits createMany into statements
 * of a few dozen rows and does per-row work in JavaScript (10k actions took
 * 36 s that way, 100k would take minutes). Every row must carry its id,
 * createdAt and updatedAt: those defaults live in Prisma, not in the database.
 */
async function insertRows(tx: Tx, table: string, rows: Row[]) {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const head = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES `;
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const values = rows
      .slice(i, i + ROWS_PER_INSERT)
      .map((row) => `(${columns.map((c) => sqlValue(row[c] ?? null)).join(", ")})`)
      .join(",\n");
    await tx.$executeRawUnsafe(head + values);
  }
}

const TX = { timeout: 600_000, maxWait: 60_000 };

export async function generateAuthority({
  db,
  size,
  today = new Date(),
  log = () => {},
}: {
  db: Db;
  size: SizeLabel;
  today?: Date;
  log?: (m: string) => void;
}): Promise<AuthorityManifest> {
  const started = performance.now();
  const nActions = SIZES[size];
  const r: Rng = rng(0x1b0a2d ^ nActions);
  const id = idMaker("abc"[SIZE_LABELS.indexOf(size)]!);
  const slug = `bench-${size}`;
  const now = today.getTime();
  const dayStart = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  const counts: Record<string, number> = {};
  const add = (k: string, n: number) => (counts[k] = (counts[k] ?? 0) + n);
  /** Writes each table's rows in one transaction, then counts them under the name given (if any). */
  const write = async (tables: [table: string, rows: Row[], counted?: string][]) => {
    await db.$transaction(async (tx: Tx) => {
      for (const [table, rows] of tables) await insertRows(tx, table, rows);
    }, TX);
    for (const [, rows, counted] of tables) if (counted) add(counted, rows.length);
  };

  const authority = await db.authority.create({
    data: { name: `Bench ${size} Council`, slug, onsCode: `BENCH${size.toUpperCase()}` },
  });
  const authorityId = authority.id;

  // Users: the admin plus one owner per 50 actions, some of them partner users.
  const nOwners = Math.max(2, Math.ceil(nActions / 50));
  const adminId = id();
  const users: { id: string; email: string; name: string; organisation: string | null; role: string }[] = [
    { id: adminId, email: `${slug}-admin@example.test`, name: "Bench Admin", organisation: null, role: "admin" },
  ];
  for (let i = 0; i < nOwners; i++) {
    const partner = r.next() < 0.15;
    users.push({
      id: id(),
      email: `${slug}-owner-${i}@example.test`,
      name: `${r.pick(FIRST)} ${r.pick(LAST)}`,
      organisation: partner ? r.pick(PARTNERS) : null,
      role: partner
        ? "partner"
        : r.weighted([
            ["action_owner", 8],
            ["board_member", 1],
            ["viewer", 1],
          ] as const),
    });
  }
  const stamp = new Date(now);
  await write([
    [
      "User",
      users.map((u) => ({
        id: u.id,
        email: u.email,
        name: u.name,
        organisation: u.organisation,
        createdAt: stamp,
        updatedAt: stamp,
      })),
      "users",
    ],
    [
      "Membership",
      users.map((u) => ({ id: id(), userId: u.id, authorityId, role: u.role, createdAt: stamp, updatedAt: stamp })),
    ],
  ]);
  // Owners of actions: everyone but viewers and board members; the admin included.
  const owners = users.filter((u) => u.role !== "viewer" && u.role !== "board_member");

  // Inspections (1 per 200 actions) with judgements, and recommendations (1 per 10 actions).
  const nInspections = Math.max(1, Math.round(nActions / 200));
  const nRecs = Math.max(nInspections, Math.round(nActions / 10));
  const inspections: { id: string; start: number }[] = [];
  const inspectionRows: Row[] = [];
  const judgementRows: Row[] = [];
  const setupAudit: Row[] = [];
  for (let i = 0; i < nInspections; i++) {
    const start = dayStart - r.int(60, 8 * 365) * DAY;
    const insId = id();
    inspections.push({ id: insId, start });
    const type = r.pick(INSPECTION_TYPES);
    const created = new Date(start + 45 * DAY);
    inspectionRows.push({
      id: insId,
      authorityId,
      type,
      title: `${type === "jtai" ? "Joint targeted area inspection" : "Inspection of children's social care services"} ${i + 1}`,
      startDate: new Date(start),
      endDate: new Date(start + 11 * DAY),
      publishedAt: new Date(start + 40 * DAY),
      leadInspector: `${r.pick(FIRST)} ${r.pick(LAST)}, HMI`,
      createdAt: created,
      updatedAt: created,
    });
    setupAudit.push({
      id: id(),
      authorityId,
      actorId: adminId,
      action: "create",
      entityType: "Inspection",
      entityId: insId,
      requestId: id(),
      changes: null,
      createdAt: created,
      updatedAt: created,
    });
    JUDGEMENT_AREAS.forEach((area, position) => {
      const [grade, gradeText] = r.pick(GRADES);
      judgementRows.push({
        id: id(),
        authorityId,
        inspectionId: insId,
        area,
        grade,
        gradeText,
        position,
        createdAt: created,
        updatedAt: created,
      });
    });
  }
  const recs: { id: string; topic: number; created: number }[] = [];
  const recRows: Row[] = [];
  for (let i = 0; i < nRecs; i++) {
    const ins = inspections[i % nInspections]!;
    const topic = r.int(0, TOPICS.length - 1);
    const recId = id();
    const created = Math.min(now - DAY, ins.start + 50 * DAY);
    recs.push({ id: recId, topic, created });
    recRows.push({
      id: recId,
      authorityId,
      inspectionId: ins.id,
      reference: `R${Math.floor(i / nInspections) + 1}`,
      text: `Leaders should make sure that ${TOPICS[topic]} improves so that children receive help at the right time.`,
      kind: r.pick(KINDS),
      addressedTo: "local authority",
      timescale: r.pick(["Immediately", "Within three months", "Within six months", null] as const),
      position: Math.floor(i / nInspections),
      createdAt: new Date(created),
      updatedAt: new Date(created),
    });
    setupAudit.push({
      id: id(),
      authorityId,
      actorId: adminId,
      action: "create",
      entityType: "Recommendation",
      entityId: recId,
      requestId: id(),
      changes: null,
      createdAt: new Date(created),
      updatedAt: new Date(created),
    });
  }
  await write([
    ["Inspection", inspectionRows, "inspections"],
    ["Judgement", judgementRows, "judgements"],
    ["Recommendation", recRows, "recommendations"],
    ["AuditEvent", setupAudit, "auditEvents"],
  ]);

  // Actions, with their updates and audit rows, chunk by chunk.
  const sampleEvery = Math.max(1, Math.floor(nActions / 50));
  const sampleActionIds: string[] = [];
  const positions = new Map<string, number>();
  let firstAction: Row | undefined;
  for (let base = 0; base < nActions; base += ACTION_CHUNK) {
    const actions: Row[] = [];
    const updates: Row[] = [];
    const audit: Row[] = [];
    const auditRow = (
      actorId: string,
      action: string,
      entityType: string,
      entityId: string,
      at: number,
      changes: unknown,
    ): Row => ({
      id: id(),
      authorityId,
      actorId,
      action,
      entityType,
      entityId,
      changes: JSON.stringify(changes),
      requestId: id(),
      createdAt: new Date(at),
      updatedAt: new Date(at),
    });
    for (let i = base; i < Math.min(nActions, base + ACTION_CHUNK); i++) {
      const rec = recs[i % nRecs]!;
      const owner = r.next() < 0.03 ? null : i % 50 === 0 ? users[0]! : r.pick(owners);
      const actorId = owner?.id ?? adminId;
      const status = r.weighted(STATUS_WEIGHTS);
      const rag = status === "not_started" && r.next() < 0.5 ? null : r.weighted(RAG_WEIGHTS);
      const created = Math.max(rec.created, now - r.int(20, 730) * DAY) + r.int(8 * 3600, 18 * 3600) * 1000;
      const start =
        Date.UTC(new Date(created).getUTCFullYear(), new Date(created).getUTCMonth(), new Date(created).getUTCDate()) +
        r.int(0, 30) * DAY;
      const due = Math.max(start + 14 * DAY, dayStart + r.int(-180, 365) * DAY);
      const done = status === "complete" || status === "closed";
      const progress =
        status === "not_started" ? 0 : done ? 100 : status === "submitted_for_review" ? r.int(80, 100) : r.int(5, 90);
      const deleted = r.next() < 0.01;
      const partners = owner?.organisation
        ? owner.organisation
        : r.next() < 0.4
          ? `${r.pick(PARTNERS)}, ${r.pick(PARTNERS)}`
          : "";
      const actionId = id();
      const pos = positions.get(rec.id) ?? 0;
      positions.set(rec.id, pos + 1);
      const topic = TOPICS[(rec.topic + (r.next() < 0.3 ? r.int(1, 3) : 0)) % TOPICS.length]!;
      const nUpdates = status === "not_started" ? r.int(0, 2) : r.int(0, 6);
      const bodies: string[] = [];
      let updated = created;
      let lastUpdateAt: number | null = null;
      for (let u = 0; u < nUpdates; u++) {
        const at = Math.min(now - 60_000, created + Math.floor(((now - created) * (u + r.next())) / nUpdates));
        updated = Math.max(updated, at);
        lastUpdateAt = Math.max(lastUpdateAt ?? at, at);
        const kind = r.weighted([
          ["update", 85],
          ["extension", 7],
          ["status_change", 8],
        ] as const);
        const body = `${r.pick(UPDATE_PHRASES)} Work on ${topic} continues.`;
        bodies.push(body);
        updates.push({
          id: id(),
          authorityId,
          actionId,
          authorId: actorId,
          kind,
          body,
          progress: kind === "update" ? Math.min(100, Math.round((progress * (u + 1)) / nUpdates)) : null,
          rag: kind === "update" && rag ? rag : null,
          ragReason: kind === "update" && rag ? "Reviewed against the latest performance data." : null,
          status: kind === "status_change" ? status : null,
          oldDueDate: kind === "extension" ? new Date(due - 30 * DAY) : null,
          newDueDate: kind === "extension" ? new Date(due) : null,
          createdAt: new Date(at),
          updatedAt: new Date(at),
        });
        audit.push(auditRow(actorId, "create", "ActionUpdate", actionId, at, { kind: [null, kind] }));
      }
      // About 5 audit rows per action: its creation, one per update (above), and field changes.
      audit.push(auditRow(adminId, "create", "Action", actionId, created, { status: [null, "not_started"] }));
      for (let k = r.int(0, 2); k > 0; k--) {
        audit.push(
          auditRow(actorId, "update", "Action", actionId, created + Math.floor((now - created) * r.next()), {
            progress: [0, progress],
            rag: [null, rag],
          }),
        );
      }
      const title = `${r.pick(VERBS)} ${topic}${r.pick(QUALIFIERS)}`;
      const description = `This action responds to the inspectors' finding on ${topic}. ${r.pick(UPDATE_PHRASES)}`;
      actions.push({
        id: actionId,
        authorityId,
        recommendationId: rec.id,
        title,
        description,
        // Kept by the action service (search-text.ts): what the list's text search reads.
        searchText: searchTextOf([title, description, ...bodies]),
        ownerId: owner?.id ?? null,
        leadService: r.pick(LEAD_SERVICES),
        partnerAgencies: partners,
        successMeasure:
          "Monthly audit shows at least 80 % of cases meet the practice standard for three months running.",
        startDate: new Date(start),
        dueDate: r.next() < 0.03 ? null : new Date(due),
        status,
        rag,
        ragReason: rag ? "Set at the last review." : null,
        impactRag: rag
          ? r.weighted([
              ["red", 2],
              ["amber", 4],
              ["green", 4],
            ] as const)
          : null,
        impactReason: rag ? "Audits show a partial difference for children so far." : null,
        progress,
        blockedReason: status === "blocked" ? "Waiting for a partner agency to agree the protocol." : null,
        completedAt: done ? new Date(Math.min(now, updated + DAY)) : null,
        // Kept by the action service when an update is recorded; drives "no update in 30 days".
        lastUpdateAt: lastUpdateAt === null ? null : new Date(lastUpdateAt),
        position: pos,
        version: 1 + nUpdates,
        deletedAt: deleted ? new Date(updated) : null,
        createdAt: new Date(created),
        updatedAt: new Date(updated),
      });
      if (!deleted && i % sampleEvery === Math.floor(sampleEvery / 2) && sampleActionIds.length < 50)
        sampleActionIds.push(actionId);
    }
    firstAction ??= actions[0];
    await write([
      ["Action", actions, "actions"],
      ["ActionUpdate", updates, "actionUpdates"],
      ["AuditEvent", audit, "auditEvents"],
    ]);
    if ((base / ACTION_CHUNK) % 10 === 9) log(`  ${slug}: ${base + actions.length} actions written`);
  }

  // Read back through Prisma: the raw rows must look exactly like the app's own.
  const written = await db.action.count({ where: { authorityId } });
  const back = firstAction && (await db.action.findFirst({ where: { id: String(firstAction.id), authorityId } }));
  const same = (a: Date | null | undefined, b: Row[string] | undefined) =>
    (a?.getTime() ?? null) === (b instanceof Date ? b.getTime() : null);
  if (
    written !== nActions ||
    !back ||
    !same(back.createdAt, firstAction!.createdAt) ||
    !same(back.dueDate, firstAction!.dueDate) ||
    !same(back.updatedAt, firstAction!.updatedAt)
  ) {
    throw new Error(
      `Read-back check failed for ${slug}: ${written} of ${nActions} actions, first action ${JSON.stringify(back)}`,
    );
  }

  // The text-search page must have something to find (about 1 action in 40), or it measures an empty result.
  counts.searchMatches = await db.action.count({
    where: { authorityId, deletedAt: null, searchText: { contains: SEARCH_WORD } },
  });
  if (counts.searchMatches === 0)
    throw new Error(
      `No action of ${slug} matches the search word "${SEARCH_WORD}": is searchText filled as the action service fills it?`,
    );

  // The admin's session: the cookie holds the token, the row its SHA-256 (as session.server.ts does).
  const { generateToken, hashToken, SESSION_TTL_MS } = await import("../../app/modules/auth/session.server");
  const sessionToken = generateToken();
  await db.session.create({
    data: { id: hashToken(sessionToken), userId: adminId, authorityId, expiresAt: new Date(now + SESSION_TTL_MS) },
  });

  return {
    size,
    slug,
    authorityId,
    adminUserId: adminId,
    sessionToken,
    sampleActionIds,
    searchWord: SEARCH_WORD,
    counts,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Statistics for the query planner, as autovacuum would gather on PostgreSQL after a bulk load. SQLite is left as the app leaves it. */
async function analyse(db: Db, engine: "sqlite" | "postgres") {
  if (engine === "postgres") await db.$executeRawUnsafe("ANALYZE");
}

export function parseSizes(value: string | undefined): SizeLabel[] {
  if (!value) return [...SIZE_LABELS];
  const out = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const s of out) {
    if (!(s in SIZES)) throw new Error(`Unknown size "${s}": use ${SIZE_LABELS.join(", ")}`);
  }
  return SIZE_LABELS.filter((s) => out.includes(s));
}

async function main(argv: string[]) {
  const url = arg(argv, "--url") ?? process.env.DATABASE_URL;
  const out = arg(argv, "--out");
  if (!url) throw new Error("Pass --url <DATABASE_URL> (an empty database).");
  const sizes = parseSizes(arg(argv, "--sizes"));
  // The app's client reads DATABASE_URL on first use.
  process.env.DATABASE_URL = url;
  process.env.LOG_LEVEL ??= "silent";
  const { deployMigrations } = await import("../../scripts/lib/migrate");
  const { getDb, disconnectDb } = await import("../../app/utils/db.server");
  const engine = /^postgres(ql)?:\/\//.test(url) ? "postgres" : "sqlite";
  try {
    await deployMigrations({ url, log: () => {} });
    const db = getDb();
    if (engine === "sqlite") {
      // Bulk-load settings for this connection only (the server opens its own with the app's defaults):
      // a bigger page cache for the index inserts, and no fsync for a throw-away database.
      await db.$queryRawUnsafe("PRAGMA cache_size = -262144");
      await db.$queryRawUnsafe("PRAGMA synchronous = OFF");
    }
    const authorities: AuthorityManifest[] = [];
    for (const size of sizes) {
      const m = await generateAuthority({ db, size, log: (s) => console.log(s) });
      const c = m.counts;
      console.log(
        `  ${m.slug}: ${c.actions} actions, ${c.actionUpdates} updates, ${c.auditEvents} audit rows, ${c.recommendations} recommendations, ` +
          `${c.inspections} inspections, ${c.users} users, ${c.searchMatches} matching "${m.searchWord}" in ${m.seconds.toFixed(1)} s`,
      );
      authorities.push(m);
    }
    await analyse(db, engine);
    const manifest: Manifest = { url, engine, generatedAt: new Date().toISOString(), authorities };
    if (out) writeFileSync(out, JSON.stringify(manifest, null, 2));
    else console.log(JSON.stringify(manifest, null, 2));
  } finally {
    await disconnectDb();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  });
}
