/**
 * The page benchmark's table, goal checks and slow-query profile (pure: no I/O but the returned text).
 */
import type { Capacity, ServiceTime } from "./http";
import type { SizeLabel } from "./generate";

export type Engine = "sqlite" | "postgres";

export type PageId = "trivial" | "home" | "dashboard" | "list" | "filtered" | "search" | "action";

export type Result = {
  engine: Engine;
  size: SizeLabel;
  page: PageId;
  label: string;
  /** An example of the URL measured (the action page rotates through sample actions). */
  path: string;
  /** ok: measured; missing: the route answered 404 (not built yet); error: another status. */
  state: "ok" | "missing" | "error";
  status: number;
  /** Uncompressed HTML size of one response. */
  kbHtml: number;
  service?: ServiceTime;
  capacity?: Capacity;
  /** page rps / trivial rps of the same server and size block. */
  ratio?: number;
  note?: string;
};

export const GOALS = {
  p95At10kMs: 30,
  capacityRatio: 0.4,
  growth100kOver1k: 1.5,
} as const;

const f = (n: number | undefined, digits = 1) => (n === undefined || Number.isNaN(n) ? "–" : n.toFixed(digits));

/** Markdown table, ready to paste into a note. */
export function formatTable(results: Result[]): string {
  const head = ["engine", "size", "page", "p50 ms", "p95 ms", "rps", "ratio", "HTML KB", "note"];
  const rows = results.map((r) => {
    if (r.state !== "ok") {
      return [
        r.engine,
        r.size,
        r.label,
        "",
        "",
        "",
        "",
        "",
        r.state === "missing" ? `missing (404 ${r.path})` : `error: HTTP ${r.status}${r.note ? ` ${r.note}` : ""}`,
      ];
    }
    const notes: string[] = [];
    if (r.service && r.service.n < 100) notes.push(`n=${r.service.n}`);
    if (r.service?.errors) notes.push(`${r.service.errors} bad statuses`);
    if (r.capacity?.errors) notes.push(`${r.capacity.errors} capacity errors`);
    if (r.note) notes.push(r.note);
    return [
      r.engine,
      r.size,
      r.label,
      f(r.service?.p50),
      f(r.service?.p95),
      f(r.capacity?.rps, 0),
      r.page === "trivial" ? "1.00" : r.ratio === undefined ? "–" : r.ratio.toFixed(2),
      f(r.kbHtml, 0),
      notes.join("; "),
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const numeric = new Set([3, 4, 5, 6, 7]);
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(" | ")} |`;
  const rule = `|${widths.map((w, i) => (numeric.has(i) ? `${"-".repeat(w + 1)}:` : "-".repeat(w + 2))).join("|")}|`;
  return [line(head), rule, ...rows.map(line)].join("\n");
}

export type GoalLine = { verdict: "PASS" | "MISS" | "n/a"; engine: Engine; goal: string; detail: string };

/** Checks the three goals of issue 7 §9 for each engine; missing pages are listed, not counted. */
export function checkGoals(results: Result[]): GoalLine[] {
  const out: GoalLine[] = [];
  const engines = [...new Set(results.map((r) => r.engine))];
  for (const engine of engines) {
    const mine = results.filter((r) => r.engine === engine && r.page !== "trivial");
    const ok = mine.filter((r) => r.state === "ok" && r.service);
    const notMeasured = [...new Set(mine.filter((r) => r.state !== "ok").map((r) => `${r.label} (${r.state})`))];
    const tail = notMeasured.length ? `; not measured: ${notMeasured.join(", ")}` : "";
    const pagesAt = (size: SizeLabel) => ok.filter((r) => r.size === size);

    // 1. Service time p95 at 10k.
    out.push(
      goalLine({
        engine,
        goal: `service time p95 ≤ ${GOALS.p95At10kMs} ms at 10k actions`,
        measured: pagesAt("10k"),
        none: `10k not measured${tail}`,
        misses: (r) => r.service!.p95 > GOALS.p95At10kMs,
        miss: (r) => `${r.label} ${f(r.service!.p95)} ms`,
        pass: (at10k) => `${at10k.length} pages, worst ${worst(at10k, (r) => r.service!.p95)}`,
        tail,
      }),
    );
    // 2. Capacity ratio, every size measured.
    out.push(
      goalLine({
        engine,
        goal: `capacity ≥ ${GOALS.capacityRatio * 100} % of the trivial route`,
        measured: ok.filter((r) => r.ratio !== undefined),
        none: `no capacity measured${tail}`,
        misses: (r) => r.ratio! < GOALS.capacityRatio,
        miss: (r) => `${r.label} @${r.size} ${(r.ratio! * 100).toFixed(0)} %`,
        pass: (withRatio) =>
          `${withRatio.length} page×size, lowest ${(Math.min(...withRatio.map((r) => r.ratio!)) * 100).toFixed(0)} %`,
        tail,
      }),
    );
    // 3. 100k vs 1k.
    const growth = (p: { big: Result; small: Result }) => p.big.service!.p95 / p.small.service!.p95;
    out.push(
      goalLine({
        engine,
        goal: `100k p95 ≤ ${GOALS.growth100kOver1k} × 1k p95`,
        measured: pagesAt("100k")
          .map((big) => ({ big, small: pagesAt("1k").find((s) => s.page === big.page) }))
          .filter((p): p is { big: Result; small: Result } => p.small !== undefined),
        none: `needs both 1k and 100k${tail}`,
        misses: (p) => growth(p) > GOALS.growth100kOver1k,
        miss: (p) =>
          `${p.big.label} ${f(p.small.service!.p95)} → ${f(p.big.service!.p95)} ms (${growth(p).toFixed(1)}×)`,
        pass: (pairs) => `${pairs.length} pages, largest growth ${Math.max(...pairs.map(growth)).toFixed(2)}×`,
        tail,
      }),
    );
  }
  return out;
}

/**
 * One goal's line: n/a when nothing was measured for it (`none` says why), else
 * MISS naming each measurement that misses it, or PASS with `pass`'s summary;
 * `tail` (what was not measured) ends the detail.
 */
function goalLine<T>(g: {
  engine: Engine;
  goal: string;
  measured: T[];
  none: string;
  misses: (m: T) => boolean;
  miss: (m: T) => string;
  pass: (measured: T[]) => string;
  tail: string;
}): GoalLine {
  const { engine, goal } = g;
  if (g.measured.length === 0) return { verdict: "n/a", engine, goal, detail: g.none };
  const missed = g.measured.filter(g.misses);
  return {
    verdict: missed.length ? "MISS" : "PASS",
    engine,
    goal,
    detail: (missed.length ? missed.map(g.miss).join(", ") : g.pass(g.measured)) + g.tail,
  };
}

function worst(rs: Result[], value: (r: Result) => number): string {
  const w = rs.reduce((a, b) => (value(b) > value(a) ? b : a));
  return `${w.label} ${f(value(w))} ms`;
}

export function formatGoals(lines: GoalLine[]): string {
  return lines.map((l) => `${l.verdict.padEnd(4)}  ${l.engine.padEnd(8)}  ${l.goal}: ${l.detail}`).join("\n");
}

// ---- slow-query profile ------------------------------------------------------------

export type QueryProfile = {
  engine: Engine;
  size: SizeLabel;
  label: string;
  requests: number;
  queries: { query: string; count: number; totalMs: number }[];
};

/** Aggregates the server's "slow query" log lines (statement shape and duration) seen while one page was measured. */
export function profileFromLines(lines: string[]): { query: string; count: number; totalMs: number }[] {
  const by = new Map<string, { count: number; totalMs: number }>();
  for (const line of lines) {
    if (!line.includes('"slow query"')) continue;
    try {
      const j = JSON.parse(line) as { ms?: number; query?: string };
      if (typeof j.ms !== "number" || typeof j.query !== "string") continue;
      const q = j.query.replace(/\s+/g, " ");
      const e = by.get(q) ?? { count: 0, totalMs: 0 };
      e.count++;
      e.totalMs += j.ms;
      by.set(q, e);
    } catch {
      // not a JSON line
    }
  }
  return [...by.entries()].map(([query, e]) => ({ query, ...e })).sort((a, b) => b.totalMs - a.totalMs);
}

export function formatProfile(profiles: QueryProfile[], top = 3): string {
  const out: string[] = [];
  for (const p of profiles) {
    if (p.queries.length === 0) continue;
    out.push(`${p.engine} ${p.size} ${p.label} (${p.requests} requests):`);
    for (const q of p.queries.slice(0, top)) {
      out.push(
        `  ${(q.totalMs / p.requests).toFixed(1).padStart(7)} ms/request  ${String(q.count).padStart(5)}×  ${q.query.slice(0, 160)}`,
      );
    }
  }
  return out.join("\n");
}
