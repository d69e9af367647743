/**
 * Benchmark of the report reader over the fixtures (npm run bench:import).
 *
 *   text → items: readReport on every fixture text (Ofsted 01-21 and the seed
 *                 documents), 30 timed runs each after 5 warm-up runs.
 *   PDF → items:  extractPdfText + readReport on the 17 fixture PDFs, 5 timed
 *                 runs each. The very first PDF of the process also pays for
 *                 starting the PDF worker; it is reported separately.
 *
 * Prints, per document and overall, the median and 95th percentile in
 * milliseconds, and checks them against the goals (text ≤ 20 ms,
 * PDF → items ≤ 1 s per report). Exits 1 when a goal is missed.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { closePdfReader, extractPdfText } from "../../app/modules/inspection/import/pdf-text.server";
import { readReport } from "../../app/modules/inspection/import/reader";

const FIXTURES = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), "../fixtures");
const TEXT_GOAL_MS = 20;
const PDF_GOAL_MS = 1000;
const TEXT_RUNS = Number(process.env.BENCH_TEXT_RUNS ?? 30);
const PDF_RUNS = Number(process.env.BENCH_PDF_RUNS ?? 5);

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}
const stats = (samples: number[]) => {
  const s = [...samples].sort((a, b) => a - b);
  return { median: quantile(s, 0.5), p95: quantile(s, 0.95), max: s[s.length - 1]! };
};
const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 1).padStart(8)} ms`;

function files(dir: string, ext: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => path.join(dir, f));
}

async function main() {
  const texts = [...files(path.join(FIXTURES, "ofsted"), ".txt"), ...files(path.join(FIXTURES, "seeds"), ".txt")];
  const pdfs = files(path.join(FIXTURES, "ofsted"), ".pdf");

  console.log(
    `Report reader benchmark — Node ${process.version}, ${texts.length} texts × ${TEXT_RUNS} runs, ${pdfs.length} PDFs × ${PDF_RUNS} runs\n`,
  );

  // Text → items.
  console.log("text → items (readReport)");
  const allText: number[] = [];
  const textMedians: number[] = [];
  for (const file of texts) {
    const text = readFileSync(file, "utf8");
    for (let i = 0; i < 5; i++) readReport(text);
    const samples: number[] = [];
    let items = 0;
    for (let i = 0; i < TEXT_RUNS; i++) {
      const t0 = performance.now();
      items = readReport(text).items.length;
      samples.push(performance.now() - t0);
    }
    const s = stats(samples);
    allText.push(...samples);
    textMedians.push(s.median);
    console.log(
      `  ${path.basename(file).padEnd(38)} ${String(text.length).padStart(7)} chars ${String(items).padStart(3)} items  median ${ms(s.median)}  p95 ${ms(s.p95)}`,
    );
  }
  const text = stats(allText);
  const perDoc = stats(textMedians);

  // PDF → items.
  console.log("\nPDF → items (extractPdfText + readReport)");
  const allPdf: number[] = [];
  const pdfMedians: number[] = [];
  let cold: number | null = null;
  for (const file of pdfs) {
    const bytes = readFileSync(file);
    const samples: number[] = [];
    let pages = 0;
    let items = 0;
    for (let i = 0; i < PDF_RUNS + (cold === null ? 1 : 0); i++) {
      const t0 = performance.now();
      const pdf = await extractPdfText(bytes);
      if (!pdf.ok) throw new Error(`${path.basename(file)}: ${pdf.error.message}`);
      items = readReport(pdf.text).items.length;
      const took = performance.now() - t0;
      pages = pdf.pageCount;
      if (cold === null) cold = took;
      else samples.push(took);
    }
    const s = stats(samples);
    allPdf.push(...samples);
    pdfMedians.push(s.median);
    console.log(
      `  ${path.basename(file).padEnd(38)} ${String(pages).padStart(3)} pages ${String(items).padStart(3)} items  median ${ms(s.median)}  p95 ${ms(s.p95)}`,
    );
  }
  await closePdfReader();
  const pdf = stats(allPdf);
  const pdfPerDoc = stats(pdfMedians);

  console.log("\nSummary (all timed runs of all documents)");
  console.log(
    `  text → items   median ${ms(text.median)}  p95 ${ms(text.p95)}  max ${ms(text.max)}   (per-document medians: median ${ms(perDoc.median)}, p95 ${ms(perDoc.p95)})   goal ≤ ${TEXT_GOAL_MS} ms`,
  );
  console.log(
    `  PDF → items    median ${ms(pdf.median)}  p95 ${ms(pdf.p95)}  max ${ms(pdf.max)}   (per-document medians: median ${ms(pdfPerDoc.median)}, p95 ${ms(pdfPerDoc.p95)})   goal ≤ ${PDF_GOAL_MS} ms`,
  );
  console.log(`  first PDF of the process (starts the PDF worker): ${ms(cold ?? NaN)}`);

  const missed: string[] = [];
  if (text.p95 > TEXT_GOAL_MS) missed.push(`text p95 ${text.p95.toFixed(1)} ms > ${TEXT_GOAL_MS} ms`);
  if (pdf.p95 > PDF_GOAL_MS) missed.push(`PDF p95 ${pdf.p95.toFixed(0)} ms > ${PDF_GOAL_MS} ms`);
  console.log(
    missed.length ? `\nGoals missed: ${missed.join("; ")}` : "\nGoals met: text p95 ≤ 20 ms and PDF → items p95 ≤ 1 s.",
  );
  process.exitCode = missed.length ? 1 : 0;
}

await main();
