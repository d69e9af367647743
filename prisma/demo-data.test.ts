/**
 * Checks the demo data against the real documents in tests/fixtures/seeds.
 *
 * Every check is a pure function that returns a list of problems, so the same
 * functions are also run against deliberately broken copies of the data (the
 * "checks can fail" tests at the end) to prove that they catch mistakes.
 *
 * Comparison rule: whitespace normalisation only (every run of whitespace
 * becomes one space, then trim). Characters, punctuation, quotes and
 * apostrophes must match exactly.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { test, expect } from "vitest";
import {
  DEMO_ACTIONS,
  DEMO_AUTHORITIES,
  DEMO_BOARDS,
  DEMO_DATA,
  DEMO_INSPECTION_TYPES,
  DEMO_PASSWORD,
  DEMO_TODAY,
  DEMO_UPDATE_KINDS,
  DEMO_USERS,
  type DemoAction,
  type DemoData,
  type DemoInspection,
} from "./demo-data";
import { GRADES, INSPECTION_TYPES, type Grade, type RecommendationKind } from "../app/modules/inspection/types";
import { ROLES, type Role } from "../app/modules/auth/permissions";
import { ACTION_STATUSES, RAGS } from "../app/modules/action/status";
import { TIMELINE_KINDS } from "../app/modules/action/change";
import { BOARD_KINDS, BOARD_ROLES, MEETING_STATUSES } from "../app/modules/board/rules";
import { MONTH_NAMES } from "../app/utils/format";

// ---------------------------------------------------------------------------
// Fixtures and what each one is expected to contain
// ---------------------------------------------------------------------------

const SEEDS_DIR = fileURLToPath(new URL("../tests/fixtures/seeds/", import.meta.url));

interface SourceSpec {
  /** File in tests/fixtures/seeds. */
  readonly file: string;
  readonly itemCount: number;
  readonly judgementCount: number;
  readonly itemKind: RecommendationKind;
  /** Items carry the printed number ("1. text"); otherwise references are R1..Rn. */
  readonly numbered: boolean;
  /**
   * The item list: from the last `heading` before the first `end`. After the item
   * texts (and their printed numbers) are removed, only `residue` may be left:
   * bullet glyphs as extracted.
   */
  readonly items: { readonly heading: string; readonly end: string; readonly residue: RegExp };
  /** The judgement table: between `start` and `end`; tokens outside any row must be in `residue`. */
  readonly table: { readonly start: string; readonly end: string; readonly residue: readonly string[] } | null;
}

const SOURCES: Readonly<Record<string, SourceSpec>> = {
  "leeds-ilacs-2018": {
    file: "000_177fc699a9243c07.txt",
    itemCount: 4,
    judgementCount: 4,
    itemKind: "improvement_item",
    numbered: false,
    items: {
      heading: "What needs to improve",
      end: "The experiences and progress of children who need help and protection: Outstanding",
      residue: /^[\s-]*$/,
    },
    table: { start: "Judgement Grade", end: "Children and families in Leeds", residue: [] },
  },
  "leeds-unannounced-2011": {
    file: "002_2ca07d9bfe8834c0.txt",
    itemCount: 4,
    judgementCount: 0,
    itemKind: "area_for_development",
    numbered: false,
    items: {
      heading: "Areas for development",
      end: "Any areas for development identified above",
      residue: /^[\s-]*$/,
    },
    table: null,
  },
  "kirklees-ilacs-2019": {
    file: "003_6741204d0f622c89.txt",
    itemCount: 10,
    judgementCount: 4,
    itemKind: "improvement_item",
    numbered: false,
    items: {
      heading: "What needs to improve",
      end: "The experiences and progress of children who need help and protection requires",
      // The ◼ bullets were extracted as the letters "B" and "W".
      residue: /^[\sBW]*$/,
    },
    // Messy table: area and grade interleaved across lines, plus a stray "|".
    table: { start: "Judgement Grade", end: "Since the last Ofsted inspection", residue: ["|"] },
  },
  "leicester-sif-2017": {
    file: "004_11c695456367b2f4.txt",
    itemCount: 11,
    judgementCount: 6,
    itemKind: "recommendation",
    numbered: true,
    items: {
      heading: "Recommendations",
      // Not the contents-list entry ("Summary for children and young people 9").
      end: "Summary for children and young people - Services",
      residue: /^\s*$/,
    },
    table: { start: "Report published: 4 September 2017", end: "¹ Ofsted produces", residue: [] },
  },
};

const SCRUTINY_REPORT_FILE = "001_b5165465b8a6cf02.txt";

const fixtureCache = new Map<string, string>();
function fixture(file: string): string {
  let text = fixtureCache.get(file);
  if (text === undefined) {
    text = readFileSync(SEEDS_DIR + file, "utf8");
    fixtureCache.set(file, text);
  }
  return text;
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/** Collapse every whitespace run to one space and trim. */
function normalise(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

function isIsoDateTime(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/.test(value)) return false;
  const parsed = new Date(value);
  return !Number.isNaN(parsed.getTime());
}

/** "2018-11-02" -> "2 November 2018" (the form Ofsted prints). */
function longDate(iso: string): string {
  const [year, month, day] = iso.split("-").map(Number);
  return `${day} ${MONTH_NAMES[(month ?? 1) - 1]} ${year}`;
}

/** Grade key implied by the printed grade wording; independent of the data file. */
function expectedGradeKey(gradeText: string): Grade | null {
  const text = gradeText.trim().toLowerCase();
  if (text === "outstanding") return "outstanding";
  if (text === "good") return "good";
  if (text === "inadequate") return "inadequate";
  if (/^requires? improvement( to be good)?$/.test(text)) return "requires_improvement";
  if (text === "not judged") return "not_judged";
  return null;
}

const isJunkToken = (token: string): boolean => !/[\p{L}\p{N}]/u.test(token);

/**
 * Finds, in `tokens`, a contiguous run that is an interleaving of `area` and
 * `grade` (both in order), ignoring punctuation-only tokens inside the run.
 * This is how a table row reads after extraction wraps both cells, e.g.
 * "... with children Requires improvement and families to be good".
 * Returns the indices used, or null.
 */
function findInterleavedRow(
  tokens: readonly string[],
  used: ReadonlySet<number>,
  area: readonly string[],
  grade: readonly string[],
): number[] | null {
  const failed = new Set<string>();
  const walk = (p: number, a: number, g: number, path: number[]): number[] | null => {
    if (a === area.length && g === grade.length) return path;
    if (p >= tokens.length || used.has(p)) return null;
    const key = `${p}:${a}:${g}`;
    if (failed.has(key)) return null;
    const token = tokens[p];
    if (a < area.length && token === area[a]) {
      const found = walk(p + 1, a + 1, g, [...path, p]);
      if (found) return found;
    }
    if (g < grade.length && token === grade[g]) {
      const found = walk(p + 1, a, g + 1, [...path, p]);
      if (found) return found;
    }
    if (path.length > 0 && token !== undefined && isJunkToken(token)) {
      const found = walk(p + 1, a, g, path);
      if (found) return found;
    }
    failed.add(key);
    return null;
  };
  for (let start = 0; start < tokens.length; start++) {
    if (used.has(start)) continue;
    const found = walk(start, 0, 0, []);
    if (found) return found;
  }
  return null;
}

// ---------------------------------------------------------------------------
// Checks (each returns a list of problems; empty means fine)
// ---------------------------------------------------------------------------

function checkInspection(inspection: DemoInspection, spec: SourceSpec, rawText: string): string[] {
  const problems: string[] = [];
  const text = normalise(rawText);
  const where = inspection.key;

  // --- vocabulary and basic shape
  if (!(DEMO_INSPECTION_TYPES as readonly string[]).includes(inspection.type)) {
    problems.push(`${where}: unknown type ${inspection.type}`);
  }

  // --- dates
  for (const [field, value] of [
    ["startDate", inspection.startDate],
    ["endDate", inspection.endDate],
    ["publishedAt", inspection.publishedAt],
    ["letterDate", inspection.letterDate],
  ] as const) {
    if (value !== null && !isIsoDate(value)) problems.push(`${where}: ${field} "${value}" is not a yyyy-mm-dd date`);
  }
  if (inspection.startDate > inspection.endDate) problems.push(`${where}: startDate after endDate`);
  if (inspection.publishedAt !== null && inspection.publishedAt < inspection.endDate) {
    problems.push(`${where}: publishedAt before endDate`);
  }
  if (inspection.letterDate !== null && inspection.letterDate < inspection.endDate) {
    problems.push(`${where}: letterDate before endDate`);
  }

  // --- header facts: printed in the source unless declared as coming from Ofsted's listing
  const fromListing = new Set(inspection.notFromSourceText);
  if (fromListing.size > 0 && !inspection.sourceUrl) {
    problems.push(`${where}: facts not in the source text need a sourceUrl`);
  }
  if (!fromListing.has("title") && !text.includes(normalise(inspection.title))) {
    problems.push(`${where}: title not found in ${spec.file}`);
  }
  if (fromListing.has("dates")) {
    if (inspection.datesAsPrinted !== null)
      problems.push(`${where}: datesAsPrinted given but dates marked as not printed`);
  } else {
    const printed = inspection.datesAsPrinted;
    if (printed === null || !text.includes(normalise(printed))) {
      problems.push(`${where}: datesAsPrinted "${printed}" not found in ${spec.file}`);
    } else {
      const start = inspection.startDate.split("-").map(Number);
      const end = inspection.endDate.split("-").map(Number);
      if (!printed.includes(longDate(inspection.endDate))) {
        problems.push(`${where}: endDate ${inspection.endDate} does not match "${printed}"`);
      }
      if (!printed.startsWith(`${start[2]} `)) {
        problems.push(`${where}: startDate ${inspection.startDate} does not match "${printed}"`);
      }
      if (start[1] !== end[1] && !printed.includes(MONTH_NAMES[(start[1] ?? 1) - 1] ?? "?")) {
        problems.push(`${where}: start month of ${inspection.startDate} not in "${printed}"`);
      }
      if (start[0] !== end[0] && !printed.includes(String(start[0]))) {
        problems.push(`${where}: start year of ${inspection.startDate} not in "${printed}"`);
      }
    }
  }
  if (inspection.publishedAt !== null && !fromListing.has("publishedAt")) {
    if (!text.includes(longDate(inspection.publishedAt))) {
      problems.push(`${where}: publishedAt ${longDate(inspection.publishedAt)} not printed in ${spec.file}`);
    }
  }
  if (inspection.letterDate !== null && !text.includes(longDate(inspection.letterDate))) {
    problems.push(`${where}: letterDate ${longDate(inspection.letterDate)} not printed in ${spec.file}`);
  }
  if (inspection.leadInspector !== null && !fromListing.has("leadInspector")) {
    if (!text.includes(inspection.leadInspector)) {
      problems.push(`${where}: lead inspector "${inspection.leadInspector}" not found in ${spec.file}`);
    }
  }

  // --- items
  if (inspection.items.length !== spec.itemCount) {
    problems.push(`${where}: expected ${spec.itemCount} items, found ${inspection.items.length}`);
  }
  const refs = inspection.items.map((item) => item.reference);
  if (new Set(refs).size !== refs.length) problems.push(`${where}: duplicate item references`);
  inspection.items.forEach((item, index) => {
    if (item.kind !== spec.itemKind)
      problems.push(`${where} ${item.reference}: kind ${item.kind}, expected ${spec.itemKind}`);
    if (!spec.numbered && item.reference !== `R${index + 1}`) {
      problems.push(`${where}: item ${index + 1} has reference ${item.reference}, expected R${index + 1}`);
    }
    if (spec.numbered && !/^\d+$/.test(item.reference)) {
      problems.push(`${where}: item ${index + 1} reference ${item.reference} is not a printed number`);
    }
    if (item.text !== normalise(item.text)) {
      problems.push(`${where} ${item.reference}: text has untidy whitespace`);
    }
    if (!text.includes(normalise(item.text))) {
      problems.push(`${where} ${item.reference}: text not found verbatim in ${spec.file}: "${item.text}"`);
    }
    if (item.timescale !== null && !text.includes(item.timescale)) {
      problems.push(`${where} ${item.reference}: timescale "${item.timescale}" not printed in ${spec.file}`);
    }
  });
  if (
    !text.includes("Areas for priority action") &&
    inspection.items.some((item) => item.kind === "area_for_priority_action")
  ) {
    problems.push(`${where}: has areas for priority action but the document has no such list`);
  }

  // The item list in the document: items must be found in order, and nothing but
  // bullet glyphs may be left over (so no item is missed or invented).
  const endIndex = text.indexOf(spec.items.end);
  const headingIndex = endIndex < 0 ? -1 : text.lastIndexOf(spec.items.heading, endIndex);
  if (endIndex < 0 || headingIndex < 0) {
    problems.push(`${where}: item list not found in ${spec.file}`);
  } else {
    const section = text.slice(headingIndex + spec.items.heading.length, endIndex);
    let cursor = 0;
    let residue = "";
    for (const item of inspection.items) {
      const needle = spec.numbered ? `${item.reference}. ${normalise(item.text)}` : normalise(item.text);
      const at = section.indexOf(needle, cursor);
      if (at < 0) {
        problems.push(`${where} ${item.reference}: not found in order inside the "${spec.items.heading}" list`);
        continue;
      }
      residue += section.slice(cursor, at);
      cursor = at + needle.length;
    }
    residue += section.slice(cursor);
    if (!spec.items.residue.test(residue)) {
      problems.push(`${where}: text in the "${spec.items.heading}" list not covered by items: "${normalise(residue)}"`);
    }
  }

  // --- judgements
  if (inspection.judgements.length !== spec.judgementCount) {
    problems.push(`${where}: expected ${spec.judgementCount} judgements, found ${inspection.judgements.length}`);
  }
  for (const judgement of inspection.judgements) {
    if (!(GRADES as readonly string[]).includes(judgement.grade)) {
      problems.push(`${where}: unknown grade key ${judgement.grade}`);
    }
    const expected = expectedGradeKey(judgement.gradeText);
    if (expected !== judgement.grade) {
      problems.push(`${where} "${judgement.area}": grade ${judgement.grade} does not fit "${judgement.gradeText}"`);
    }
    if (!text.includes(normalise(judgement.area))) {
      // Kirklees: the area is split by the grade cell; checked by the table check below.
      if (!spec.table) problems.push(`${where}: judgement area "${judgement.area}" not found in ${spec.file}`);
    }
  }
  if (inspection.judgements.length > 0 && inspection.judgements.filter((j) => j.isOverall).length !== 1) {
    problems.push(`${where}: expected exactly one overall judgement`);
  }
  if (spec.table) {
    const start = text.indexOf(spec.table.start);
    const end = start < 0 ? -1 : text.indexOf(spec.table.end, start);
    if (start < 0 || end < 0) {
      problems.push(`${where}: judgement table not found in ${spec.file}`);
    } else {
      const tokens = text
        .slice(start + spec.table.start.length, end)
        .trim()
        .split(" ");
      const used = new Set<number>();
      let previousStart = -1;
      for (const judgement of inspection.judgements) {
        const row = findInterleavedRow(tokens, used, judgement.area.split(" "), judgement.gradeText.split(" "));
        if (!row) {
          problems.push(`${where}: no table row reads "${judgement.area}" + "${judgement.gradeText}" in ${spec.file}`);
          continue;
        }
        const rowStart = row[0] ?? -1;
        if (rowStart < previousStart) problems.push(`${where}: judgement "${judgement.area}" out of printed order`);
        previousStart = rowStart;
        row.forEach((index) => used.add(index));
      }
      const leftover = tokens.filter((token, index) => !used.has(index) && !spec.table!.residue.includes(token));
      if (leftover.length > 0) {
        problems.push(`${where}: judgement table text not covered by judgements: "${leftover.join(" ")}"`);
      }
    }
  }
  // ILACS reports repeat each graded area as a section heading with its grade.
  if (inspection.type === "ilacs_standard" || inspection.type === "ilacs_short") {
    const lower = text.toLowerCase();
    for (const judgement of inspection.judgements.filter((j) => !j.isOverall)) {
      const a = `${judgement.area} ${judgement.gradeText}`.toLowerCase();
      const b = `${judgement.area}: ${judgement.gradeText}`.toLowerCase();
      if (!lower.includes(a) && !lower.includes(b)) {
        problems.push(`${where}: section heading "${judgement.area}" with grade "${judgement.gradeText}" not found`);
      }
    }
  }

  return problems;
}

const OWNER_ROLES: readonly Role[] = ["admin", "board_member", "action_owner", "partner"];

function membershipIndex(data: DemoData): Map<string, Map<string, Role>> {
  const index = new Map<string, Map<string, Role>>();
  for (const user of data.users) {
    const roles = new Map<string, Role>();
    for (const membership of user.memberships) roles.set(membership.authority, membership.role);
    index.set(user.email, roles);
  }
  return index;
}

function checkUsers(data: DemoData): string[] {
  const problems: string[] = [];
  const slugs = new Set(data.authorities.map((a) => a.slug));
  const emails = data.users.map((u) => u.email);
  if (new Set(emails).size !== emails.length) problems.push("duplicate user emails");
  for (const user of data.users) {
    if (user.email !== user.email.toLowerCase() || !/^[a-z0-9.]+@[a-z0-9.]+\.[a-z]+$/.test(user.email)) {
      problems.push(`${user.email}: not a lower-case email address`);
    }
    if (user.name.trim() === "") problems.push(`${user.email}: no name`);
    if (user.memberships.length === 0) problems.push(`${user.email}: no memberships`);
    const seen = new Set<string>();
    for (const membership of user.memberships) {
      if (!slugs.has(membership.authority)) problems.push(`${user.email}: unknown authority ${membership.authority}`);
      if (seen.has(membership.authority)) problems.push(`${user.email}: two memberships in ${membership.authority}`);
      seen.add(membership.authority);
      if (!(ROLES as readonly string[]).includes(membership.role)) {
        problems.push(`${user.email}: unknown role ${membership.role}`);
      }
      if (membership.role === "partner" && !user.organisation) {
        problems.push(`${user.email}: partner users need an organisation`);
      }
    }
  }
  for (const authority of data.authorities) {
    for (const role of ROLES) {
      const has = data.users.some((u) => u.memberships.some((m) => m.authority === authority.slug && m.role === role));
      if (!has) problems.push(`${authority.slug}: no user with role ${role}`);
    }
  }
  if (data.users.filter((u) => u.memberships.length >= 2).length < 2) {
    problems.push("fewer than two users belong to two authorities");
  }
  return problems;
}

function checkActions(data: DemoData): string[] {
  const problems: string[] = [];
  const members = membershipIndex(data);
  const keys = data.actions.map((a) => a.key);
  if (new Set(keys).size !== keys.length) problems.push("duplicate action keys");
  const isAfterToday = (date: string) => date > data.today;

  const check = (action: DemoAction) => {
    const where = action.key;
    const authority = data.authorities.find((a) => a.slug === action.authority);
    const inspection = authority?.inspections.find((i) => i.key === action.inspectionKey);
    if (!inspection) problems.push(`${where}: inspection ${action.inspectionKey} not in ${action.authority}`);
    else if (!inspection.items.some((item) => item.reference === action.itemReference)) {
      problems.push(`${where}: item ${action.itemReference} not in ${action.inspectionKey}`);
    }
    const ownerRole = members.get(action.ownerEmail)?.get(action.authority);
    if (!members.has(action.ownerEmail)) problems.push(`${where}: owner ${action.ownerEmail} is not a demo user`);
    else if (!ownerRole || !OWNER_ROLES.includes(ownerRole)) {
      problems.push(`${where}: owner ${action.ownerEmail} cannot own actions in ${action.authority}`);
    }
    for (const [field, value] of [
      ["startDate", action.startDate],
      ["dueDate", action.dueDate],
      ["completedAt", action.completedAt],
    ] as const) {
      if (value !== null && !isIsoDate(value)) problems.push(`${where}: ${field} "${value}" is not a yyyy-mm-dd date`);
    }
    if (action.startDate > action.dueDate) problems.push(`${where}: starts after it is due`);
    if (!(ACTION_STATUSES as readonly string[]).includes(action.status)) problems.push(`${where}: bad status`);
    if (action.rag !== null && !(RAGS as readonly string[]).includes(action.rag)) problems.push(`${where}: bad rag`);
    if ((action.rag === null) !== (action.ragReason === null))
      problems.push(`${where}: rag and ragReason must go together`);
    if ((action.impactRag === null) !== (action.impactReason === null)) {
      problems.push(`${where}: impactRag and impactReason must go together`);
    }
    if (!Number.isInteger(action.progress) || action.progress < 0 || action.progress > 100) {
      problems.push(`${where}: progress out of range`);
    }
    const done = action.status === "complete" || action.status === "closed";
    if (done && (action.progress !== 100 || action.completedAt === null)) {
      problems.push(`${where}: complete/closed actions need progress 100 and completedAt`);
    }
    if (!done && action.completedAt !== null) problems.push(`${where}: completedAt set on an open action`);
    if ((action.status === "blocked") !== (action.blockedReason !== null)) {
      problems.push(`${where}: blockedReason must be set exactly when blocked`);
    }
    if (action.status === "not_started" && action.progress !== 0)
      problems.push(`${where}: not started but progress > 0`);
    for (const agency of action.partnerAgencies) {
      if (agency.includes(",")) problems.push(`${where}: partner agency "${agency}" contains a comma`);
    }
    for (const text of [action.title, action.description, action.leadService, action.successMeasure]) {
      if (text.trim() === "") problems.push(`${where}: empty text field`);
    }
    if (action.updates.length === 0) problems.push(`${where}: no progress updates`);
    let previous = "";
    for (const update of action.updates) {
      if (!isIsoDate(update.date)) problems.push(`${where}: update date "${update.date}" invalid`);
      if (isAfterToday(update.date)) problems.push(`${where}: update dated after ${data.today}`);
      if (update.date < previous) problems.push(`${where}: updates not in date order`);
      previous = update.date;
      if (update.body.trim() === "") problems.push(`${where}: update with empty body`);
      if (!(DEMO_UPDATE_KINDS as readonly string[]).includes(update.kind)) problems.push(`${where}: bad update kind`);
      if (!members.get(update.authorEmail)?.has(action.authority)) {
        problems.push(`${where}: update author ${update.authorEmail} is not in ${action.authority}`);
      }
      const isExtension = update.kind === "extension";
      if (isExtension !== (update.oldDueDate !== null && update.newDueDate !== null)) {
        problems.push(`${where}: extension updates (only) carry old and new due dates`);
      }
    }
  };
  data.actions.forEach(check);

  for (const authority of data.authorities) {
    const own = data.actions.filter((a) => a.authority === authority.slug);
    if (own.length < 3 || own.length > 6) problems.push(`${authority.slug}: ${own.length} actions, expected 3-6`);
    const open = own.filter((a) => a.status !== "complete" && a.status !== "closed");
    if (!open.some((a) => a.dueDate < data.today)) problems.push(`${authority.slug}: no overdue action`);
    if (!own.some((a) => isAfterToday(a.dueDate))) problems.push(`${authority.slug}: no action due in the future`);
    const partnerOwned = own.some((a) => members.get(a.ownerEmail)?.get(authority.slug) === "partner");
    if (!partnerOwned) problems.push(`${authority.slug}: no action owned by a partner user`);
  }
  return problems;
}

function checkBoards(data: DemoData): string[] {
  const problems: string[] = [];
  const members = membershipIndex(data);
  for (const board of data.boards) {
    const where = board.key;
    if (!(BOARD_KINDS as readonly string[]).includes(board.kind)) problems.push(`${where}: bad kind`);
    const emails = board.members.map((m) => m.email);
    if (new Set(emails).size !== emails.length) problems.push(`${where}: duplicate members`);
    for (const member of board.members) {
      if (!members.get(member.email)?.has(board.authority)) {
        problems.push(`${where}: member ${member.email} is not in ${board.authority}`);
      }
      if (!(BOARD_ROLES as readonly string[]).includes(member.boardRole)) problems.push(`${where}: bad board role`);
    }
    if (!board.members.some((m) => m.boardRole === "chair")) problems.push(`${where}: no chair`);
    if (board.meetings.length === 0) problems.push(`${where}: no meeting`);
    for (const meeting of board.meetings) {
      if (!isIsoDateTime(meeting.scheduledAt)) problems.push(`${where}: scheduledAt "${meeting.scheduledAt}" invalid`);
      if (!(MEETING_STATUSES as readonly string[]).includes(meeting.status)) problems.push(`${where}: bad status`);
      if (meeting.status === "planned" && meeting.scheduledAt.slice(0, 10) <= data.today) {
        problems.push(`${where}: planned meeting is not in the future`);
      }
      if (meeting.location.trim() === "") problems.push(`${where}: meeting without location`);
    }
  }
  for (const authority of data.authorities) {
    const boards = data.boards.filter((b) => b.authority === authority.slug);
    if (!boards.some((b) => b.kind === "improvement")) problems.push(`${authority.slug}: no improvement board`);
  }
  return problems;
}

// ---------------------------------------------------------------------------
// Tests against the real data
// ---------------------------------------------------------------------------

const ALL_INSPECTIONS = DEMO_AUTHORITIES.flatMap((a) => a.inspections);

test("every inspection has a source fixture, and every fixture spec is used", () => {
  expect(ALL_INSPECTIONS.map((i) => i.key).sort()).toEqual(Object.keys(SOURCES).sort());
});

for (const inspection of ALL_INSPECTIONS) {
  test(`${inspection.key}: items, judgements and header facts match the document`, () => {
    const spec = SOURCES[inspection.key];
    expect(spec, `no fixture for ${inspection.key}`).toBeDefined();
    if (!spec) return;
    expect(checkInspection(inspection, spec, fixture(spec.file))).toEqual([]);
  });
}

test("item counts are exactly 4 (Leeds 2018), 10 (Kirklees 2019) and 11 (Leicester 2017)", () => {
  const count = (key: string) => ALL_INSPECTIONS.find((i) => i.key === key)?.items.length;
  expect(count("leeds-ilacs-2018")).toBe(4);
  expect(count("kirklees-ilacs-2019")).toBe(10);
  expect(count("leicester-sif-2017")).toBe(11);
  expect(count("leeds-unannounced-2011")).toBe(4);
});

test("Kirklees 2019: every judgement is 'Requires improvement to be good' despite the flattened table", () => {
  const kirklees = ALL_INSPECTIONS.find((i) => i.key === "kirklees-ilacs-2019");
  expect(kirklees?.judgements.map((j) => [j.gradeText, j.grade])).toEqual(
    Array(4).fill(["Requires improvement to be good", "requires_improvement"]),
  );
});

test("authorities have the right ONS codes and slugs", () => {
  expect(DEMO_AUTHORITIES.map((a) => [a.slug, a.onsCode])).toEqual([
    ["leeds", "E08000035"],
    ["kirklees", "E08000034"],
    ["leicester", "E06000016"],
  ]);
});

test("the demo's own vocabularies are within the app's closed sets (so the seed validates)", () => {
  const within = (values: readonly string[], allowed: readonly string[]) => values.filter((v) => !allowed.includes(v));
  expect(within(DEMO_INSPECTION_TYPES, INSPECTION_TYPES)).toEqual([]);
  expect(within(DEMO_UPDATE_KINDS, TIMELINE_KINDS)).toEqual([]);
  expect(DEMO_UPDATE_KINDS).toHaveLength(TIMELINE_KINDS.length);
});

test("users: every authority has a user of each role; some users are in two authorities", () => {
  expect(checkUsers(DEMO_DATA)).toEqual([]);
});

test("actions: owners and item references exist, dates parse, some overdue and some future", () => {
  expect(checkActions(DEMO_DATA)).toEqual([]);
  expect(DEMO_ACTIONS.length).toBeGreaterThanOrEqual(9);
  // Every status appears somewhere in the demo.
  expect(new Set(DEMO_ACTIONS.map((a) => a.status))).toEqual(new Set(ACTION_STATUSES));
});

test("boards: members belong to the authority; one planned meeting each", () => {
  expect(checkBoards(DEMO_DATA)).toEqual([]);
  const scrutiny = DEMO_BOARDS.find((b) => b.authority === "leeds" && b.kind === "scrutiny");
  expect(scrutiny?.name).toBe("Scrutiny Board (Children and Families)");
  // The board's name as printed on the Leeds scrutiny report.
  expect(normalise(fixture(SCRUTINY_REPORT_FILE))).toContain(`Report to ${scrutiny?.name}`);
});

test("demo password is a long, uncommon passphrase", () => {
  expect(DEMO_PASSWORD.length).toBeGreaterThanOrEqual(16);
  expect(DEMO_PASSWORD).not.toBe("demo-password-2026");
  expect(DEMO_PASSWORD).not.toBe("Improve-Board-Demo-2026");
  expect(DEMO_DATA.password).toBe(DEMO_PASSWORD);
  expect(DEMO_TODAY).toBe("2026-11-23");
});

// ---------------------------------------------------------------------------
// The checks can fail: run them on deliberately broken copies
// ---------------------------------------------------------------------------

function inspectionByKey(key: string): DemoInspection {
  const found = ALL_INSPECTIONS.find((i) => i.key === key);
  if (!found) throw new Error(`no inspection ${key}`);
  return found;
}

function checkMutated(key: string, mutate: (i: DemoInspection) => DemoInspection): string[] {
  const spec = SOURCES[key];
  if (!spec) throw new Error(`no spec ${key}`);
  return checkInspection(mutate(inspectionByKey(key)), spec, fixture(spec.file));
}

test("checks fail when one character of an item changes", () => {
  const problems = checkMutated("leeds-ilacs-2018", (i) => ({
    ...i,
    items: i.items.map((item) =>
      item.reference === "R2" ? { ...item, text: item.text.replace("children's", "children’s") } : item,
    ),
  }));
  expect(problems.some((p) => p.includes("R2"))).toBe(true);
});

test("checks fail when an item is dropped or paraphrased", () => {
  expect(
    checkMutated("leicester-sif-2017", (i) => ({ ...i, items: i.items.filter((item) => item.reference !== "7") })),
  ).not.toEqual([]);
  expect(
    checkMutated("kirklees-ilacs-2019", (i) => ({
      ...i,
      items: i.items.map((item) =>
        item.reference === "R8" ? { ...item, text: "The quality of foster carers' reviews." } : item,
      ),
    })),
  ).not.toEqual([]);
});

test("checks fail when a Kirklees grade is shortened or mis-keyed", () => {
  const shortened = checkMutated("kirklees-ilacs-2019", (i) => ({
    ...i,
    judgements: i.judgements.map((j) => (j.isOverall ? { ...j, gradeText: "Requires improvement" } : j)),
  }));
  expect(shortened.some((p) => p.includes("not covered"))).toBe(true);

  const wrongKey = checkMutated("kirklees-ilacs-2019", (i) => ({
    ...i,
    judgements: i.judgements.map((j, n) => (n === 0 ? { ...j, grade: "good" as const } : j)),
  }));
  expect(wrongKey).not.toEqual([]);

  const wrongGrade = checkMutated("kirklees-ilacs-2019", (i) => ({
    ...i,
    judgements: i.judgements.map((j, n) => (n === 1 ? { ...j, gradeText: "Good", grade: "good" as const } : j)),
  }));
  expect(wrongGrade).not.toEqual([]);
});

test("checks fail when a Leeds grade is wrong or a date is not printed", () => {
  expect(
    checkMutated("leeds-ilacs-2018", (i) => ({
      ...i,
      judgements: i.judgements.map((j) =>
        j.area.includes("children in care") ? { ...j, gradeText: "Outstanding", grade: "outstanding" as const } : j,
      ),
    })),
  ).not.toEqual([]);
  expect(checkMutated("leicester-sif-2017", (i) => ({ ...i, startDate: "2017-06-20" }))).not.toEqual([]);
  expect(checkMutated("leeds-unannounced-2011", (i) => ({ ...i, endDate: "2011-13-19" }))).not.toEqual([]);
});

test("checks fail for an unknown owner, a missing item reference, or a missing role", () => {
  const badOwner: DemoData = {
    ...DEMO_DATA,
    actions: DEMO_ACTIONS.map((a, n) => (n === 0 ? { ...a, ownerEmail: "nobody@leeds.demo" } : a)),
  };
  expect(checkActions(badOwner)).not.toEqual([]);
  const badRef: DemoData = {
    ...DEMO_DATA,
    actions: DEMO_ACTIONS.map((a, n) => (n === 0 ? { ...a, itemReference: "R99" } : a)),
  };
  expect(checkActions(badRef)).not.toEqual([]);
  const noPartner: DemoData = {
    ...DEMO_DATA,
    users: DEMO_USERS.filter((u) => u.email !== "partner@leicester.demo"),
  };
  expect(checkUsers(noPartner)).toContain("leicester: no user with role partner");
});
