/**
 * Refreshes the bundled England-and-Wales bank holidays used by the statutory
 * clock (app/modules/inspection/bank-holidays.json).
 *
 *   npm run bank-holidays:update                      fetch https://www.gov.uk/bank-holidays.json
 *   npm run bank-holidays:update -- --file <path>     read a saved copy of that JSON instead (offline)
 *   npm run bank-holidays:update -- --dry-run         show what would change, write nothing
 *
 * Merging is by date. GOV.UK's feed only lists a window of recent and coming
 * years, so older bundled years (back to 2009) must survive an update:
 *   - inside the span the source covers (its first to its last event), the
 *     source is authoritative: its events are taken, and bundled dates it no
 *     longer lists are removed (a moved or cancelled holiday must not linger);
 *   - outside that span the bundled events are kept as they are.
 * The result is sorted by date and written one event a line, so a review of
 * the diff shows exactly which days changed. Commit the JSON afterwards.
 *
 * Exit codes: 0 ok (changed or not); 1 error; 2 usage.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const GOV_UK_URL = "https://www.gov.uk/bank-holidays.json";
export const DIVISION = "england-and-wales";
const BUNDLED = fileURLToPath(new URL("../app/modules/inspection/bank-holidays.json", import.meta.url));

export interface BankHolidayEvent {
  title: string;
  date: string;
  notes: string;
  bunting: boolean;
}
export interface BankHolidayFile {
  [DIVISION]: { division: typeof DIVISION; events: BankHolidayEvent[] };
}

export interface MergeResult {
  events: BankHolidayEvent[];
  added: string[];
  removed: string[];
  changed: string[];
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Reads GOV.UK's document (all divisions) or our bundled one, keeping England and Wales only. */
export function parseBankHolidayJson(text: string, source = "input"): BankHolidayEvent[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new Error(`${source} is not JSON: ${(e as Error).message}`);
  }
  const division = (doc as Record<string, unknown> | null)?.[DIVISION] as { events?: unknown } | undefined;
  if (!division || !Array.isArray(division.events)) throw new Error(`${source} has no "${DIVISION}" events list`);
  return division.events.map((raw, i) => {
    const e = raw as Partial<BankHolidayEvent>;
    const where = `${source}: ${DIVISION} event ${i}`;
    if (typeof e.date !== "string" || !ISO_DATE.test(e.date) || Number.isNaN(Date.parse(`${e.date}T00:00:00Z`)))
      throw new Error(`${where} has no valid yyyy-mm-dd date`);
    if (new Date(`${e.date}T00:00:00Z`).toISOString().slice(0, 10) !== e.date)
      throw new Error(`${where}: ${e.date} is not a calendar date`);
    if (typeof e.title !== "string" || e.title.trim() === "") throw new Error(`${where} (${e.date}) has no title`);
    return {
      title: e.title,
      date: e.date,
      notes: typeof e.notes === "string" ? e.notes : "",
      bunting: e.bunting === true,
    };
  });
}

/** Pure: merges `incoming` into `bundled` by date (see the header for the rule). */
export function mergeBankHolidays(
  bundled: readonly BankHolidayEvent[],
  incoming: readonly BankHolidayEvent[],
): MergeResult {
  if (incoming.length === 0) return { events: sortByDate([...bundled]), added: [], removed: [], changed: [] };
  const dates = incoming.map((e) => e.date).sort();
  const first = dates[0]!;
  const last = dates[dates.length - 1]!;
  const byDate = new Map<string, BankHolidayEvent>();
  const removed: string[] = [];
  for (const e of bundled) {
    if (e.date >= first && e.date <= last) removed.push(e.date);
    else byDate.set(e.date, e);
  }
  const before = new Map(bundled.map((e) => [e.date, e]));
  const added: string[] = [];
  const changed: string[] = [];
  for (const e of incoming) {
    const old = before.get(e.date);
    if (!old) added.push(e.date);
    else if (old.title !== e.title || old.notes !== e.notes || old.bunting !== e.bunting) changed.push(e.date);
    byDate.set(e.date, { title: e.title, date: e.date, notes: e.notes, bunting: e.bunting });
  }
  const incomingDates = new Set(dates);
  return {
    events: sortByDate([...byDate.values()]),
    added: added.sort(),
    removed: removed.filter((d) => !incomingDates.has(d)).sort(),
    changed: changed.sort(),
  };
}

/** GOV.UK's shape, one event a line. */
export function formatBankHolidays(events: readonly BankHolidayEvent[]): string {
  const lines = events.map(
    (e) => "      " + JSON.stringify({ title: e.title, date: e.date, notes: e.notes, bunting: e.bunting }),
  );
  return `{\n  "${DIVISION}": {\n    "division": "${DIVISION}",\n    "events": [\n${lines.join(",\n")}\n    ]\n  }\n}\n`;
}

function sortByDate(events: BankHolidayEvent[]): BankHolidayEvent[] {
  return events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

async function main(argv: string[]): Promise<number> {
  let file: string | null = null;
  let dryRun = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--file" && argv[i + 1]) file = argv[++i]!;
    else if (arg === "--dry-run") dryRun = true;
    else {
      console.error("Usage: tsx scripts/update-bank-holidays.ts [--file <gov.uk bank-holidays.json>] [--dry-run]");
      return 2;
    }
  }

  let text: string;
  let source: string;
  if (file) {
    source = path.resolve(file);
    text = readFileSync(source, "utf8");
  } else {
    source = GOV_UK_URL;
    const res = await fetch(GOV_UK_URL, {
      headers: { accept: "application/json" },
      signal: AbortSignal.timeout(15_000),
    }).catch((e: unknown) => {
      throw new Error(
        `Could not reach ${GOV_UK_URL} (${(e as Error).message}). Offline? Save the file elsewhere and use --file <path>.`,
      );
    });
    if (!res.ok) throw new Error(`${GOV_UK_URL} answered ${res.status}`);
    text = await res.text();
  }

  const incoming = parseBankHolidayJson(text, source);
  const bundled = parseBankHolidayJson(readFileSync(BUNDLED, "utf8"), BUNDLED);
  const result = mergeBankHolidays(bundled, incoming);
  const years = result.events.map((e) => e.date.slice(0, 4));
  console.log(`Source: ${source} (${incoming.length} England-and-Wales events)`);
  console.log(`Added: ${result.added.join(", ") || "none"}`);
  console.log(`Changed: ${result.changed.join(", ") || "none"}`);
  console.log(`Removed (no longer listed by the source): ${result.removed.join(", ") || "none"}`);
  console.log(`Coverage: ${years[0]}–${years[years.length - 1]}, ${result.events.length} events`);
  if (dryRun) {
    console.log("Dry run: nothing written.");
    return 0;
  }
  writeFileSync(BUNDLED, formatBankHolidays(result.events));
  console.log(`Wrote ${path.relative(process.cwd(), BUNDLED)}. Review the diff and commit it.`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
