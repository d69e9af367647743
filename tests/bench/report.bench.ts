/**
 * Report benchmark (npm run bench:report): how long the scrutiny summary
 * takes to generate in each format, from synthetic SummaryData of 100 and
 * 1,000 actions with realistic text lengths. In-process, no server, no
 * database: the generators alone.
 *
 *  - HTML: `renderToString` of a minimal but complete rendering written here
 *    (headings, headlines table, narrative, one table per recommendation),
 *    standing in for the summary page component until that exists.
 *  - DOCX: summaryDocx (includes rendering both charts to PNG).
 *  - PDF:  summaryPdf (includes the charts, font embedding, page numbers).
 *  - XLSX: exceljs, one row per action with the plan's columns.
 *
 * Goals at 100 actions: HTML ≤ 100 ms, DOCX ≤ 500 ms, PDF ≤ 2 s. The figures
 * are printed, not asserted; --check exits 1 when a goal is missed.
 *
 *   npm run bench:report
 *   npm run bench:report -- --runs 9 --sizes 100,1000,5000
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ReactNode } from "react";
import { ACTION_STATUSES, RAGS, type ActionStatus } from "~/modules/action/status";
import {
  ACTION_HEADERS,
  actionCells,
  comparisonLine,
  headlineRows,
  narrativeText,
  summaryDocx,
  summaryTitle,
} from "~/modules/board-pack/summary-docx.server";
import { summaryPdf } from "~/modules/board-pack/summary-pdf.server";
import {
  NARRATIVE_LABELS,
  NARRATIVE_SECTIONS,
  ragChart,
  progressChart,
  type SummaryAction,
  type SummaryData,
} from "~/modules/board-pack/summary";
import { LEEDS_BOARD_PACK, itemsByStatus } from "../helpers/board-pack";
import { ROOT, flag, median, opt } from "./harness";

// React's production build, as the server runs it (react and react-dom are
// loaded lazily below, after this is set; tsx alone would load the development build).
process.env.NODE_ENV = "production";
const { createElement: h } = await import("react");
const { renderToString } = await import("react-dom/server");
const { default: ExcelJS } = await import("exceljs");

const SIZES = opt("--sizes", "100,1000").split(",").map(Number);
const RUNS = Number(opt("--runs", "5"));
const CHECK = flag("--check");
const GOALS_AT_100: Record<Format, number | null> = { HTML: 100, DOCX: 500, PDF: 2000, XLSX: null };

type Format = "HTML" | "DOCX" | "PDF" | "XLSX";

/* ------------------------------------------------------------------ */
/* Synthetic data                                                       */
/* ------------------------------------------------------------------ */

let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const WORDS =
  "the social work workforce front door early help children looked after placement sufficiency audit supervision quality assurance partners health police schools plan review findings caseloads recruitment retention disabled children voice of the child care leavers pathway plans management oversight drift delay".split(
    " ",
  );
const sentence = (words: number) => {
  const s = Array.from({ length: words }, () => pick(WORDS)).join(" ");
  return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
};
const text = (chars: number) => {
  let out = "";
  while (out.length < chars) out += `${sentence(8 + Math.floor(rand() * 10))} `;
  return out.trim();
};
const date = (day: number) => new Date(Date.UTC(2026, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);

function syntheticAction(n: number): SummaryAction {
  const status: ActionStatus = pick(ACTION_STATUSES);
  const rag = rand() < 0.1 ? null : pick(RAGS);
  const due = Math.floor(rand() * 300);
  const evidence = Array.from({ length: Math.floor(rand() * 4) }, (_, i) => ({
    title: `${sentence(4).slice(0, -1)} (${["tracker", "audit", "minutes", "data report"][i % 4]})`,
    state: pick(["accepted", "challenged", "awaiting_review"] as const),
  }));
  const decided = rand() < 0.4;
  return {
    id: `a${n}`,
    title: `${n}. ${text(70).slice(0, 90)}`,
    ownerName:
      rand() < 0.1
        ? null
        : `${pick(["Priya", "Tom", "Aisha", "Gareth", "Siobhan"])} ${pick(["Shah", "Evans", "Okafor", "Murphy", "Clarke"])}`,
    leadService: pick([
      "Children’s Social Work Service",
      "Early Help",
      "Quality Assurance",
      "Education",
      "Health partners",
    ]),
    dueDate: rand() < 0.05 ? null : date(due),
    status,
    rag,
    ragReason: rag ? text(80) : null,
    overdue: due < 120 && status !== "complete" && status !== "closed",
    latestUpdate: rand() < 0.1 ? null : { body: text(350), at: date(Math.floor(rand() * 120)) },
    evidence,
    restrictedEvidence: rand() < 0.2 ? 1 + Math.floor(rand() * 3) : 0,
    lastDecision: decided
      ? {
          decision: pick(["accept", "return", "note"]),
          label: pick(["Accepted as complete", "Returned for more work", "Noted"]),
          challenge: rand() < 0.5 ? text(160) : "",
          boardName: "Children’s Improvement Board",
          date: date(100),
        }
      : null,
    changes: Array.from({ length: Math.floor(rand() * 3) }, () =>
      pick([
        "Status: In progress → Submitted for review",
        "RAG: Amber → Red",
        "Due date: 31 March 2026 → 30 June 2026",
        "New evidence: 1 item",
      ]),
    ),
  };
}

function syntheticSummary(actions: number): SummaryData {
  seed = 42 + actions;
  const perRecommendation = 6;
  const recommendations = Math.ceil(actions / perRecommendation);
  const inspections = Math.max(2, Math.ceil(recommendations / 20));
  const all = Array.from({ length: actions }, (_, i) => syntheticAction(i + 1));
  const data: SummaryData = {
    ...LEEDS_BOARD_PACK,
    counts: {
      recommendations,
      recommendationsByStatus: itemsByStatus({ in_progress: recommendations }),
      recommendationsByRag: { red: 1, amber: 0, green: 0, none: 0 },
      actions,
      byStatus: Object.fromEntries(ACTION_STATUSES.map((s) => [s, all.filter((a) => a.status === s).length])) as Record<
        ActionStatus,
        number
      >,
      byRag: {
        red: all.filter((a) => a.rag === "red").length,
        amber: all.filter((a) => a.rag === "amber").length,
        green: all.filter((a) => a.rag === "green").length,
        none: all.filter((a) => a.rag === null).length,
      },
      overdue: all.filter((a) => a.overdue).length,
      completedSince: Math.floor(actions / 10),
    },
    progress: Array.from({ length: 12 }, (_, i) => ({
      month: `${["May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar", "Apr"][i]} ${i < 8 ? 2025 : 2026}`,
      completed: Math.round((actions * i) / 30),
      total: actions,
    })),
    narrative: { baseline: `${text(900)}\n${text(700)}`, next: text(900), barriers: text(600) },
    inspections: Array.from({ length: inspections }, (_, i) => ({
      id: `i${i}`,
      title: `Inspection ${i + 1}: ${text(60).slice(0, 60)}`,
      recommendations: [],
    })),
  };
  for (let r = 0; r < recommendations; r++) {
    data.inspections[r % inspections]!.recommendations.push({
      id: `r${r}`,
      reference: `Recommendation ${r + 1}`,
      text: text(220),
      actions: all.slice(r * perRecommendation, (r + 1) * perRecommendation),
    });
  }
  return data;
}

/* ------------------------------------------------------------------ */
/* The formats                                                          */
/* ------------------------------------------------------------------ */

const lines = (s: string): ReactNode[] => s.split("\n").map((l, i) => h("p", { key: i }, l));

/** A minimal but complete HTML summary: what the page renders, without the app shell. */
function summaryHtml(data: SummaryData): string {
  const rag = ragChart(data.counts);
  const progress = progressChart(data.progress);
  const table = (headers: readonly string[], rows: string[][], key: string) =>
    h(
      "table",
      { key },
      h(
        "thead",
        null,
        h(
          "tr",
          null,
          headers.map((x) => h("th", { key: x, scope: "col" }, x)),
        ),
      ),
      h(
        "tbody",
        null,
        rows.map((r, i) =>
          h(
            "tr",
            { key: i },
            r.map((c, j) => (j === 0 ? h("th", { key: j, scope: "row" }, c) : h("td", { key: j }, lines(c)))),
          ),
        ),
      ),
    );
  const page = h(
    "main",
    null,
    h("h1", null, summaryTitle(data)),
    h("p", null, comparisonLine(data)),
    h("h2", null, "Headlines"),
    table(["Measure", "Number"], headlineRows(data), "headlines"),
    h("figure", null, h("div", { dangerouslySetInnerHTML: { __html: rag.svg } }), h("figcaption", null, rag.altText)),
    h(
      "figure",
      null,
      h("div", { dangerouslySetInnerHTML: { __html: progress.svg } }),
      h("figcaption", null, progress.altText),
    ),
    NARRATIVE_SECTIONS.map((s) =>
      h("section", { key: s }, h("h2", null, NARRATIVE_LABELS[s]), lines(narrativeText(data.narrative[s]))),
    ),
    h("h2", null, "The plan"),
    data.inspections.map((i) =>
      h(
        "section",
        { key: i.id },
        h("h3", null, i.title),
        i.recommendations.map((r) =>
          h(
            "section",
            { key: r.id },
            h("h4", null, r.reference),
            h("p", null, r.text),
            table(
              ACTION_HEADERS,
              r.actions.map((a) => actionCells(a, data)),
              r.id,
            ),
          ),
        ),
      ),
    ),
  );
  return `<!DOCTYPE html>${renderToString(h("html", { lang: "en-GB" }, h("body", null, page)))}`;
}

async function summaryXlsx(data: SummaryData): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "Improvement Board";
  wb.title = summaryTitle(data);
  const ws = wb.addWorksheet("The plan", { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = [
    { header: "Inspection", width: 30 },
    { header: "Recommendation", width: 18 },
    ...ACTION_HEADERS.map((header) => ({ header, width: header === "Latest update" ? 60 : 28 })),
  ];
  ws.getRow(1).font = { bold: true };
  for (const i of data.inspections)
    for (const r of i.recommendations)
      for (const a of r.actions) ws.addRow([i.title, r.reference, ...actionCells(a, data)]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const FORMATS: Record<Format, (d: SummaryData) => Promise<{ bytes: number }>> = {
  HTML: async (d) => ({ bytes: Buffer.byteLength(summaryHtml(d)) }),
  DOCX: async (d) => ({ bytes: (await summaryDocx(d)).length }),
  PDF: async (d) => ({ bytes: (await summaryPdf(d)).length }),
  XLSX: async (d) => ({ bytes: (await summaryXlsx(d)).length }),
};

async function main() {
  const rows: { actions: number; format: Format; ms: number; min: number; max: number; cpuMs: number; kb: number }[] =
    [];
  const loadBefore = os.loadavg()[0]!;
  for (const size of SIZES) {
    const data = syntheticSummary(size);
    for (const format of Object.keys(FORMATS) as Format[]) {
      await FORMATS[format](data); // warm-up: module loading and JIT
      const times: number[] = [];
      const cpu: number[] = [];
      let bytes = 0;
      for (let run = 0; run < RUNS; run++) {
        const c = process.cpuUsage();
        const t = process.hrtime.bigint();
        bytes = (await FORMATS[format](data)).bytes;
        times.push(Number(process.hrtime.bigint() - t) / 1e6);
        const used = process.cpuUsage(c);
        cpu.push((used.user + used.system) / 1000);
      }
      rows.push({
        actions: size,
        format,
        ms: median(times),
        min: Math.min(...times),
        max: Math.max(...times),
        cpuMs: median(cpu),
        kb: bytes / 1024,
      });
    }
  }

  const out = [
    `Report benchmark — ${os.cpus().length} cores, Node ${process.version}, NODE_ENV=production; median of ${RUNS} runs after one warm-up, in-process`,
    `Load average (1 min) ${loadBefore.toFixed(1)} at the start, ${os.loadavg()[0]!.toFixed(1)} at the end: wall times on a busy machine run long; CPU ms is this process's own CPU time.`,
    "HTML is renderToString of a minimal summary rendering written in this bench (the summary page component is not measured yet).",
    "",
    "| actions | format | median ms | min ms | max ms | median CPU ms | size | goal (100 actions, wall median) |",
    "|--------:|:-------|----------:|-------:|-------:|--------------:|-----:|:--------------------------------|",
    ...rows.map((r) => {
      const goal = GOALS_AT_100[r.format];
      return `| ${r.actions} | ${r.format} | ${r.ms.toFixed(0)} | ${r.min.toFixed(0)} | ${r.max.toFixed(0)} | ${r.cpuMs.toFixed(0)} | ${r.kb >= 1024 ? `${(r.kb / 1024).toFixed(1)} MB` : `${r.kb.toFixed(0)} KB`} | ${goal === null ? "none" : r.actions === 100 ? `≤ ${goal} ms ${r.ms <= goal ? "met" : "MISSED"}` : ""} |`;
    }),
    "",
  ];
  const misses: string[] = [];
  for (const r of rows) {
    const goal = GOALS_AT_100[r.format];
    if (r.actions === 100 && goal !== null && r.ms > goal)
      misses.push(`MISS  ${r.format} ≤ ${goal} ms at 100 actions: ${r.ms.toFixed(0)} ms`);
  }
  if (!SIZES.includes(100)) out.push("(100 actions not measured: goals not checked)");
  else if (!misses.length) out.push("All report goals met.");
  out.push(...misses);
  const textOut = out.join("\n");
  console.log(textOut);
  mkdirSync(path.join(ROOT, "tests/.tmp"), { recursive: true });
  writeFileSync(path.join(ROOT, "tests/.tmp/bench-report-results.md"), textOut + "\n");
  if (CHECK && misses.length) process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
