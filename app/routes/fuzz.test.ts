/**
 * Hostile input to every form action (issue 12, findings 5, 6 and 8): each
 * route module in app/routes that exports `action` is found here by itself
 * (a new route is covered without editing this file, or the test fails
 * naming it), and is posted generated values, signed in as an admin of a
 * test authority: NUL, control and bidirectional characters, 100 KB strings,
 * impossible dates, empty and repeated fields, wrong intents, unknown ids and
 * numbers where text is expected. Every answer must be below 500: a 4xx, a
 * redirect, a success, or a thrown AppError / Response with such a status.
 * Runs on both engines (PostgreSQL refuses NUL in text, SQLite does not).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { AppError } from "~/utils/errors";
import { RouterContextProvider } from "react-router";
import { validateSessionToken } from "~/modules/auth/session.server";
import { requestIdContext, sessionContext } from "~/utils/request-context";
import { createInvitation } from "~/modules/authority/service.server";
import { handleEvidenceUpload } from "~/modules/evidence/upload-action.server";
import { createDiskStorage, setStorageForTests } from "~/modules/storage/storage.server";
import {
  asAuthorityUser,
  createBlankDraft,
  createBoardMeeting,
  createSummaryReport,
  createWorld,
  signIn,
} from "../../tests/helpers/world";

type ActionFn = (args: { request: Request; params: Record<string, string>; context: unknown }) => Promise<unknown>;
type RouteModule = { action?: ActionFn };

const ROUTES = import.meta.glob<RouteModule>(["./*.ts", "./*.tsx", "!./*.test.ts"]);
const FORM_MODULES = import.meta.glob<Record<string, unknown>>(["../modules/*/forms.ts", "../modules/*/*-form.ts"], {
  eager: true,
});

const filesRoot = mkdtempSync(path.join(os.tmpdir(), "ib-fuzz-"));
beforeAll(() => {
  process.env.FILES_DIR = filesRoot;
  setStorageForTests(createDiskStorage(filesRoot));
});
afterAll(() => {
  setStorageForTests(undefined);
  rmSync(filesRoot, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------
// The hostile values. Deterministic, so a failure names a case that repeats.
const BIG = "x".repeat(100_000);
const HOSTILE: readonly (string | string[])[] = [
  "nul\u0000inside",
  "\u0001\u0007\u001b[31m\u007f\u0085 controls",
  "invoice\u202Efdp.exe \u2066isolate\u2069",
  BIG,
  "2026-02-30",
  "2026-13-45",
  "",
  ["first", "second"],
  "-1",
  "1e309",
  "NaN",
  "cl0unknownid000000000000",
  '{"json":true}',
  "\u0000",
];
const WHOLE_FORM = [HOSTILE[0]!, HOSTILE[2]!, BIG, "2026-02-30", ["first", "second"], "1e309"];
const label = (v: string | string[]) =>
  Array.isArray(v) ? `[${v.length} values]` : v.length > 60 ? `<${v.length} chars>` : JSON.stringify(v);

// ---------------------------------------------------------------------------
// Which params each kind of URL segment needs, from the test authority's own records.
type World = Awaited<ReturnType<typeof world>>;

async function world() {
  const base = await createWorld({
    inspection: { judgements: [{ area: "Overall effectiveness", grade: "good", gradeText: "Good" }] },
  });
  const { db, authority, inspection } = base;
  const recommendation = base.recommendations[0]!;
  const admin = await base.member("admin");
  const other = await base.member("action_owner");
  const action = await base.action({ ownerId: other.id, title: "Audit supervision" });
  const actor = { id: admin.id, role: "admin" as const, requestId: "req-fuzz" };
  const { board, meeting } = await createBoardMeeting({ authorityId: authority.id, actor });
  const draft = await createBlankDraft({ authorityId: authority.id, createdById: admin.id, sourceText: "report text" });
  const report = await createSummaryReport({ authorityId: authority.id, viewer: actor, inspectionId: inspection.id });
  const { token: inviteToken } = await createInvitation({
    authorityId: authority.id,
    email: `fuzz-${Date.now()}@example.test`,
    role: "viewer",
    actor: { id: admin.id, role: "admin" },
  });
  const asAdmin = { ...asAuthorityUser(admin, authority, "admin"), requestId: "req-fuzz" };
  const upload = await handleEvidenceUpload({
    request: multipart(evidenceFields(), true),
    user: asAdmin,
    actionId: action.id,
  });
  if (!upload.ok) throw new Error(`could not set up the evidence item: ${JSON.stringify(upload)}`);
  const membership = await db.membership.findFirstOrThrow({ where: { authorityId: authority.id, userId: other.id } });
  const agendaItem = await db.agendaItem.findFirst({ where: { meetingId: meeting.id } });
  return {
    db,
    authority,
    admin,
    other,
    inspection,
    recommendation,
    action,
    board,
    meeting,
    draft,
    report,
    inviteToken,
    evidenceId: upload.evidenceId,
    membership,
    agendaItem,
  };
}

const PARAMS: Record<string, (w: World) => string> = {
  authority: (w) => w.authority.slug,
  actionId: (w) => w.action.id,
  boardId: (w) => w.board.id,
  evidenceId: (w) => w.evidenceId,
  draftId: (w) => w.draft.id,
  inspectionId: (w) => w.inspection.id,
  meetingId: (w) => w.meeting.id,
  recommendationId: (w) => w.recommendation.id,
  reportId: (w) => w.report.id,
  token: (w) => w.inviteToken,
  versionNumber: () => "1",
  format: () => "docx",
  "*": () => "no/such/page",
};

/** The URL params a route file's name declares: `a.$authority.actions.$actionId.tsx` → authority, actionId; `$.tsx` → the splat. */
function paramNames(file: string): string[] {
  const base = path.basename(file).replace(/\.(ts|tsx)$/, "");
  return base
    .split(".")
    .filter((s) => s.startsWith("$"))
    .map((s) => (s === "$" ? "*" : s.slice(1).replace(/\[.*$/, "")));
}

/** The record whose version a form carries, read fresh so that writes get past the version check. */
async function currentVersion(w: World, params: Record<string, string>): Promise<string> {
  const db = w.db;
  const row =
    (params.actionId && (await db.action.findFirst({ where: { id: w.action.id }, select: { version: true } }))) ||
    (params.evidenceId && (await db.evidence.findFirst({ where: { id: w.evidenceId }, select: { version: true } }))) ||
    (params.recommendationId &&
      (await db.recommendation.findFirst({ where: { id: w.recommendation.id }, select: { version: true } }))) ||
    (params.inspectionId &&
      (await db.inspection.findFirst({ where: { id: w.inspection.id }, select: { version: true } }))) ||
    (params.meetingId && (await db.meeting.findFirst({ where: { id: w.meeting.id }, select: { version: true } }))) ||
    (params.reportId &&
      (await db.reportSnapshot.findFirst({ where: { id: w.report.id }, select: { version: true } }))) ||
    null;
  return String(row?.version ?? 1);
}

// ---------------------------------------------------------------------------
// Valid values, so that one hostile field at a time reaches the services and the database.
const DATE_FIELDS = /date|Date|Due|asAt|compareWith|publishedAt/;
function validValue(field: string, w: World, route: string): string {
  if (DATE_FIELDS.test(field))
    return field === "reviewDate" ? "2026-09-30" : field === "startDate" ? "2026-01-15" : "2026-06-30";
  const byRoute: Record<string, Record<string, string>> = {
    "boards._index": { kind: "improvement", name: "Scrutiny board" },
    "reports._index": { kind: "summary", scope: `inspection:${w.inspection.id}`, asAt: "2026-11-20", compareWith: "" },
    "inspections.$inspectionId.edit": { type: "ilacs_standard" },
    "imports.$draftId": { type: "ilacs_standard" },
    "recommendations.$recommendationId.edit": { kind: "improvement_item", text: "Corrected item text." },
  };
  const special = Object.entries(byRoute).find(([k]) => route.includes(k))?.[1]?.[field];
  if (special !== undefined) return special;
  const common: Record<string, string> = {
    title: "Fuzzed title",
    body: "Progress this month.",
    description: "What we will do.",
    reason: "Because the board agreed.",
    ragReason: "On track.",
    statusReason: "Started.",
    extensionReason: "Staff shortage.",
    impactReason: "Measured.",
    milestoneTitle: "First audit",
    location: "Civic Hall",
    time: "14:00",
    name: "Fuzz Person",
    email: `new-${w.authority.slug}@example.test`,
    password: "correct horse battery staple",
    confirmPassword: "correct horse battery staple",
    role: "viewer",
    boardRole: "member",
    kind: "improvement_item",
    type: "audit",
    decision: "noted",
    notes: "Noted by the board.",
    challenge: "Why so late?",
    comment: "Looks right.",
    progress: "50",
    rag: "green",
    status: "in_progress",
    reference: "R9",
    text: "Pasted report text. What needs to improve: 1. Something.",
    leadInspector: "A Inspector",
    leadService: "Children's services",
    partnerAgencies: "Police",
    successMeasure: "Audits improve.",
    addressedTo: "The local authority",
    timescale: "Within three months",
    ownerId: w.other.id,
    userId: w.other.id,
    actionId: w.action.id,
    itemId: w.agendaItem?.id ?? "none",
    milestoneId: "none",
    membershipId: w.membership.id,
    invitationId: "none",
    authority: w.authority.slug,
    field: "dueDate",
    ids: w.action.id,
    scopeAll: "all",
    inspectionId: w.inspection.id,
    baseline: "The baseline story.",
    next: "Next steps.",
    barriers: "Barriers.",
    redirectTo: "/",
    keep: "on",
    containsPersonalData: "on",
    nextPosition: "1",
    base: "{}",
  };
  return common[field] ?? "value";
}

function evidenceFields(): Record<string, string> {
  return { title: "Supervision audit", type: "audit", effectiveDate: "2026-06-30", description: "Dip sample." };
}

function multipart(fields: Record<string, string | string[]>, withFile: boolean, cookie?: string): Request {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) fd.append(k, one);
  if (withFile) fd.append("file", new File([`Notes ${Math.random()}\n`], "notes.txt", { type: "text/plain" }));
  return new Request("http://localhost/upload", {
    method: "POST",
    body: fd,
    headers: cookie ? { Cookie: cookie, Origin: "http://localhost" } : { Origin: "http://localhost" },
  });
}

// ---------------------------------------------------------------------------
// What a route's form looks like, read from its source and the schemas it imports.
type Def = {
  type?: string;
  shape?: Record<string, { _zod?: { def?: Def } }>;
  values?: unknown[];
  options?: { _zod?: { def?: Def } }[];
};
const SCHEMA_KEYS = new Map<string, string[]>();
/** The fields of the form whose `intent` literal is this one. */
const INTENT_KEYS = new Map<string, string[]>();
for (const mod of Object.values(FORM_MODULES)) {
  for (const [name, value] of Object.entries(mod)) {
    const def = (value as { _zod?: { def?: Def } })?._zod?.def;
    if (def?.type !== "object" || !def.shape) continue;
    SCHEMA_KEYS.set(name, Object.keys(def.shape));
    const intent = def.shape.intent?._zod?.def;
    for (const literal of intent?.type === "literal"
      ? (intent.values ?? [])
      : intent?.type === "enum"
        ? Object.values((intent as { entries?: Record<string, string> }).entries ?? {})
        : []) {
      INTENT_KEYS.set(String(literal), Object.keys(def.shape));
    }
  }
}

function formOf(file: string) {
  const source = readFileSync(new URL(file, import.meta.url), "utf8");
  const fields = new Set<string>(["intent", "version"]);
  for (const m of source.matchAll(/(?:formData|form|fd)\.(?:get|getAll)\("([\w.[\]-]+)"\)/g)) fields.add(m[1]!);
  for (const m of source.matchAll(/name="([\w.[\]-]+)"/g)) fields.add(m[1]!);
  for (const m of source.matchAll(/\b(\w+Schema)\b/g)) for (const k of SCHEMA_KEYS.get(m[1]!) ?? []) fields.add(k);
  if (/EvidenceUpload|evidence-fields|handleEvidenceUpload|handleVersionUpload/.test(source))
    for (const k of SCHEMA_KEYS.get("EvidenceUploadSchema") ?? []) fields.add(k);
  if (/correctionAction/.test(source)) fields.add("reason");
  if (/DecisionSchema/.test(source))
    ["arising[0].title", "arising[0].owner", "arising[0].dueDate"].forEach((f) => fields.add(f));
  if (/ReviewSchema/.test(source))
    [
      "judgements[0].area",
      "judgements[0].gradeText",
      "judgements[0].grade",
      "items[0].keep",
      "items[0].reference",
      "items[0].text",
      "items[0].kind",
    ].forEach((f) => fields.add(f));
  if (/attendance/.test(source)) fields.add("attendance.placeholder");
  const intents = new Set<string>();
  for (const m of source.matchAll(
    /intent === "([\w-]+)"|case "([\w-]+)"|intent: z\.literal\("([\w-]+)"\)|value="([\w-]+)" name="intent"|name="intent" value="([\w-]+)"/g,
  ))
    intents.add((m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5])!);
  for (const m of source.matchAll(/\b(\w+Schema)\b/g)) {
    const literal = new RegExp(`${m[1]} = z[\\s\\S]{0,80}?intent: z\\.literal\\("([\\w-]+)"\\)`);
    for (const mod of Object.keys(FORM_MODULES)) {
      const found = literal.exec(readFileSync(new URL(mod, import.meta.url), "utf8"));
      if (found) intents.add(found[1]!);
    }
  }
  if (/correctionAction/.test(source)) ["edit", "remove", "restore"].forEach((i) => intents.add(i));
  const upload = /multipart|"file"|handleEvidenceUpload|handleVersionUpload/.test(source);
  const all = [...fields];
  const schemaKeys = new Set([...INTENT_KEYS.values()].flat());
  /** Per intent: its schema's fields when it has one, else the fields the route reads itself. */
  const fieldsFor = (intent: string | undefined) =>
    intent && INTENT_KEYS.has(intent) && intents.size > 1
      ? ["intent", "version", ...INTENT_KEYS.get(intent)!.filter((k) => k !== "intent" && k !== "version")]
      : intents.size > 1
        ? all.filter((f) => !schemaKeys.has(f) || f === "intent" || f === "version")
        : all;
  return { fieldsFor, intents: intents.size ? [...intents, "no-such-intent"] : [undefined], upload };
}

// ---------------------------------------------------------------------------
type Outcome = { status: number; error?: unknown };

/** What the root middleware gives each request: the validated session (validated once per route here, to keep the test fast). */
async function signedInContext(token: string) {
  const context = new RouterContextProvider();
  context.set(sessionContext, await validateSessionToken(token));
  context.set(requestIdContext, "req-fuzz");
  return context;
}

async function post(
  mod: RouteModule,
  params: Record<string, string>,
  fields: Record<string, string | string[]>,
  { token, upload, context }: { token: string; upload: boolean; context: RouterContextProvider },
): Promise<Outcome> {
  const cookie = `ib_session=${token}`;
  let request: Request;
  if (upload) request = multipart(fields, true, cookie);
  else {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    request = new Request("http://localhost/fuzz", {
      method: "POST",
      body,
      headers: { Cookie: cookie, Origin: "http://localhost", "Content-Type": "application/x-www-form-urlencoded" },
    });
  }
  try {
    const result = await mod.action!({ request, params, context });
    if (result instanceof Response) return { status: result.status };
    const init =
      (result as { type?: string; init?: { status?: number } | null } | null)?.type === "DataWithResponseInit"
        ? (result as { init?: { status?: number } | null }).init
        : null;
    return { status: init?.status ?? 200 };
  } catch (error) {
    if (error instanceof AppError) return { status: error.status };
    if (error instanceof Response) return { status: error.status };
    return { status: 500, error };
  }
}

test("every form action answers hostile input with less than 500, on this engine", { timeout: 120_000 }, async () => {
  const w = await world();
  const files = Object.keys(ROUTES).sort();
  const failures: string[] = [];
  const unknownParams: string[] = [];
  let covered = 0;
  let turn = 0;
  let requests = 0;
  for (const file of files) {
    const mod = await ROUTES[file]!();
    if (typeof mod.action !== "function") continue;
    covered++;
    const names = paramNames(file);
    const missing = names.filter((n) => !PARAMS[n]);
    if (missing.length) {
      unknownParams.push(
        `${file}: no test value for param(s) ${missing.join(", ")}; add them to PARAMS in fuzz.test.ts`,
      );
      continue;
    }
    const params = Object.fromEntries(names.map((n) => [n, PARAMS[n]!(w)]));
    const { fieldsFor, intents, upload: readsFile } = formOf(file);
    // A fresh session per route: sign-out and "sign out everywhere" must not blind the routes after them.
    const { token } = await signIn(w.admin, w.authority.id);
    const context = await signedInContext(token);
    const route = file.replace(/^\.\//, "");
    const record = (what: string, o: Outcome) => {
      requests++;
      if (o.status < 400) version = undefined;
      if (o.status >= 500)
        failures.push(
          `${route} ${what} → ${o.status}${o.error ? ` (${o.error instanceof Error ? `${o.error.name}: ${o.error.message.split("\n").slice(-1)[0]?.slice(0, 160)}` : String(o.error)})` : ""}`,
        );
    };
    // Read again only after a request that may have saved (and so moved the version on).
    let version: string | undefined;
    for (const intent of intents) {
      const fields = fieldsFor(intent);
      // A file goes with the forms that upload one; other intents on the same page are plain forms.
      const upload =
        readsFile && (intent === undefined || ["upload", "check", "apply-all", "apply-valid"].includes(intent));
      const baseline = async () => {
        const current = (version ??= await currentVersion(w, params));
        const values: Record<string, string | string[]> = {};
        for (const f of fields)
          values[f] = f === "version" ? current : f === "intent" ? (intent ?? "") : validValue(f, w, route);
        if (intent === undefined) delete values.intent;
        return values;
      };
      // The whole form well-formed first (so hostile single fields below reach the same code), then empty.
      record(`intent=${intent} valid`, await post(mod, { ...params }, await baseline(), { token, upload, context }));
      record(
        `intent=${intent} empty body`,
        await post(mod, { ...params }, intent ? { intent } : {}, { token, upload, context }),
      );
      for (const [i, field] of fields.entries()) {
        if (field === "intent") continue;
        // Every field gets NUL, and dates an impossible day; the others take turns, so each value meets every route.
        const picks = new Set<string | string[]>([HOSTILE[0]!, HOSTILE[((i + turn++) % (HOSTILE.length - 1)) + 1]!]);
        if (DATE_FIELDS.test(field)) ["2026-02-30", "2026-13-45"].forEach((d) => picks.add(d));
        for (const value of picks) {
          const values = await baseline();
          values[field] = value;
          record(
            `intent=${intent} ${field}=${label(value)}`,
            await post(mod, { ...params }, values, { token, upload, context }),
          );
        }
      }
      // Every field hostile at once, for the kinds that most often break a whole form.
      for (const value of WHOLE_FORM) {
        const values: Record<string, string | string[]> = {};
        for (const f of fields) values[f] = f === "intent" && intent ? intent : value;
        record(
          `intent=${intent} all fields=${label(value)}`,
          await post(mod, { ...params }, values, { token, upload, context }),
        );
      }
    }
    // Unknown ids in the URL. (NUL in a URL path segment is left to the request guard in front of the routes.)
    if (names.some((n) => n !== "authority" && n !== "*")) {
      const unknown = Object.fromEntries(
        names.map((n) => [n, n === "authority" ? w.authority.slug : "cl0unknownid000000000000"]),
      );
      record(
        "unknown ids in the URL",
        await post(mod, unknown, { intent: intents[0] ?? "", version: "1" }, { token, upload: readsFile, context }),
      );
    }
    // A route that takes a file on a page of other forms (a new evidence version): the file with hostile fields.
    if (readsFile && intents[0] !== undefined) {
      for (const value of WHOLE_FORM)
        record(
          `with a file, all fields=${label(value)}`,
          await post(
            mod,
            { ...params },
            { version: "1", title: value, fileName: value, sha256: value },
            { token, upload: true, context },
          ),
        );
    }
  }
  expect(unknownParams, "route params the fuzz test cannot fill").toEqual([]);
  expect(covered, "route modules exporting an action").toBeGreaterThanOrEqual(20);
  expect.soft(failures, `${failures.length} of ${requests} hostile requests answered 5xx`).toEqual([]);
  // 30 February was posted to every date field: nothing may have been saved as 2 March instead (JavaScript's roll-over).
  expect(await shiftedDates(w), "dates saved as 2 March 2026 from a posted 30 February").toEqual([]);
});

async function shiftedDates(w: World): Promise<string[]> {
  const db = w.db;
  const day = { gte: new Date("2026-03-02T00:00:00Z"), lt: new Date("2026-03-03T00:00:00Z") };
  const authorityId = w.authority.id;
  const found: string[] = [];
  const check = async (what: string, rows: Promise<unknown[]>) => {
    const n = (await rows).length;
    if (n) found.push(`${n} × ${what}`);
  };
  await check(
    "action start or due date",
    db.action.findMany({ where: { authorityId, OR: [{ dueDate: day }, { startDate: day }] }, select: { id: true } }),
  );
  await check(
    "milestone due date",
    db.actionMilestone.findMany({ where: { authorityId, dueDate: day }, select: { id: true } }),
  );
  await check(
    "extension's new due date",
    db.actionUpdate.findMany({ where: { authorityId, newDueDate: day }, select: { id: true } }),
  );
  await check("meeting date", db.meeting.findMany({ where: { authorityId, scheduledAt: day }, select: { id: true } }));
  await check(
    "pack's as-at date",
    db.reportSnapshot.findMany({ where: { authorityId, asAt: day }, select: { id: true } }),
  );
  await check(
    "inspection date",
    db.inspection.findMany({
      where: { authorityId, OR: [{ startDate: day }, { endDate: day }, { publishedAt: day }] },
      select: { id: true },
    }),
  );
  await check(
    "evidence date",
    db.evidence.findMany({
      where: { authorityId, OR: [{ effectiveDate: day }, { reviewDate: day }] },
      select: { id: true },
    }),
  );
  return found;
}

test("a narrative section over 20,000 characters is refused beside its field, not cut and called saved", async () => {
  const w = await world();
  const { token } = await signIn(w.admin, w.authority.id);
  const context = await signedInContext(token);
  const mod = (await ROUTES["./a.$authority.reports.$reportId.tsx"]!()) as RouteModule;
  const long = "A".repeat(20_001);
  const body = new URLSearchParams({ version: "1", baseline: long, next: "Next steps.", barriers: "" });
  const request = new Request("http://localhost/r", {
    method: "POST",
    body,
    headers: { Cookie: `ib_session=${token}`, "Content-Type": "application/x-www-form-urlencoded" },
  });
  const result = (await mod.action!({
    request,
    params: { authority: w.authority.slug, reportId: w.report.id },
    context,
  })) as {
    init?: { status?: number };
    data: {
      saved: boolean;
      result: { error?: Record<string, string[] | null>; initialValue?: Record<string, unknown> | null };
    };
  };
  expect(result.init?.status).toBe(400);
  expect(result.data.saved).toBe(false);
  expect(result.data.result.error).toEqual({
    baseline: ["The story behind the baseline must be 20,000 characters or fewer"],
  });
  expect(result.data.result.initialValue?.baseline).toBe(long);
  const stored = await w.db.reportSnapshot.findUniqueOrThrow({ where: { id: w.report.id } });
  expect(stored.version).toBe(1);
  expect(JSON.parse(stored.data).narrative.next).not.toBe("Next steps.");
});

test("the action list's search box and filters take hostile query parameters without an error", async () => {
  const w = await world();
  const { token } = await signIn(w.admin, w.authority.id);
  const context = await signedInContext(token);
  const mod = (await ROUTES["./a.$authority.actions._index.tsx"]!()) as { loader: ActionFn };
  for (const value of HOSTILE) {
    const query = new URLSearchParams();
    for (const key of [
      "q",
      "service",
      "partner",
      "owner",
      "inspection",
      "recommendation",
      "dueFrom",
      "dueTo",
      "status",
      "page",
    ])
      for (const one of Array.isArray(value) ? value : [value]) query.append(key, one);
    const request = new Request(`http://localhost/a/${w.authority.slug}/actions?${query}`, {
      headers: { Cookie: `ib_session=${token}` },
    });
    const result = (await mod.loader({ request, params: { authority: w.authority.slug }, context })) as {
      list: { rows?: unknown[] };
    };
    expect(result.list, label(value)).toBeTruthy();
  }
  // The search still finds what it should once the NUL is gone.
  const request = new Request(
    `http://localhost/a/${w.authority.slug}/actions?q=${encodeURIComponent("supervi\u0000sion")}`,
    { headers: { Cookie: `ib_session=${token}` } },
  );
  const found = (await mod.loader({ request, params: { authority: w.authority.slug }, context })) as { list: unknown };
  expect(JSON.stringify(found.list)).toContain("Audit supervision");
});
