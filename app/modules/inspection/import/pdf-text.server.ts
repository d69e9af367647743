/**
 * PDF bytes → plain text, for the report reader.
 *
 * The text is extracted with pdf.js (through `unpdf`, which bundles a
 * serverless build of it); nothing here parses PDF itself. pdf.js runs in a
 * worker thread that is terminated when it takes longer than the time limit,
 * so a hostile or broken file cannot hang the server. Files are checked
 * before pdf.js sees them: empty, too large, not a PDF at all.
 *
 * Failures are returned, not thrown: `{ ok: false, error }` with a code and a
 * message that can be shown to the user as it is.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { layoutPdfText, type PdfPageText } from "./pdf-layout";

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
export const DEFAULT_MAX_PAGES = 300;
export const DEFAULT_TIMEOUT_MS = 30_000;

export const PDF_TEXT_ERROR_CODES = [
  "empty",
  "too_large",
  "not_pdf",
  "encrypted",
  "corrupt",
  "too_many_pages",
  "no_text",
  "timeout",
] as const;
export type PdfTextErrorCode = (typeof PDF_TEXT_ERROR_CODES)[number];

export type PdfTextError = {
  code: PdfTextErrorCode;
  /** Safe to show to the user as it is. */
  message: string;
  /** The HTTP status a route would answer with. */
  status: 400 | 413 | 422 | 503;
};

export type PdfTextSuccess = {
  ok: true;
  /** Lines separated by "\n", pages by "\f". */
  text: string;
  pageCount: number;
  /** Pages on which no text at all was found (scanned pages, pictures). */
  pagesWithoutText: number[];
};

export type PdfTextResult = PdfTextSuccess | { ok: false; error: PdfTextError };

export type PdfTextOptions = {
  /** Largest accepted file, in bytes. Default 20 MB. */
  maxBytes?: number;
  /** Most pages read. Default 300 (a long SIF report has about 50). */
  maxPages?: number;
  /** Time limit for the whole extraction, in milliseconds. Default 30 s. */
  timeoutMs?: number;
};

const mb = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

function fail(code: PdfTextErrorCode, message: string, status: PdfTextError["status"]): { ok: false; error: PdfTextError } {
  return { ok: false, error: { code, message, status } };
}

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"

/** True when the "%PDF-" header is at the start of the file (some writers put a few junk bytes first; the PDF spec tolerates up to 1 KB). */
export function looksLikePdf(bytes: Uint8Array): boolean {
  const limit = Math.min(bytes.length - PDF_MAGIC.length, 1024);
  outer: for (let i = 0; i <= limit; i++) {
    for (let j = 0; j < PDF_MAGIC.length; j++) if (bytes[i + j] !== PDF_MAGIC[j]) continue outer;
    return true;
  }
  return false;
}

/**
 * Code run in the worker thread (an ES module given as a data: URL). It
 * serves one request at a time; the worker is kept warm between requests
 * (loading pdf.js and warming it up costs more than reading a report).
 */
const WORKER_SOURCE = `
import { parentPort, workerData } from "node:worker_threads";
const { getDocumentProxy } = await import(workerData.unpdfUrl);
parentPort.on("message", async ({ id, bytes, maxPages }) => {
  const post = (m) => parentPort.postMessage({ id, ...m });
  let pdf = null;
  try {
    try {
      pdf = await getDocumentProxy(bytes, { verbosity: 0, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, stopAtErrors: false });
    } catch (e) {
      post({ type: "error", name: String(e && e.name), message: String(e && e.message) });
      return;
    }
    const pageCount = pdf.numPages;
    if (pageCount > maxPages) {
      post({ type: "too-many-pages", pageCount });
      return;
    }
    const pages = [];
    for (let n = 1; n <= pageCount; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      const runs = [];
      for (const it of content.items) {
        if (typeof it.str !== "string") continue;
        runs.push({ str: it.str, transform: Array.from(it.transform), width: it.width, height: it.height });
      }
      pages.push({ runs });
      page.cleanup();
    }
    post({ type: "ok", pageCount, pages });
  } catch (e) {
    post({ type: "error", name: String(e && e.name), message: String(e && e.message) });
  } finally {
    if (pdf) await pdf.destroy().catch(() => {});
  }
});
parentPort.postMessage({ id: 0, type: "ready" });
`;
const WORKER_URL = new URL(`data:text/javascript,${encodeURIComponent(WORKER_SOURCE)}`);

let unpdfUrl: string | null = null;
function resolveUnpdf(): string {
  // The worker is a data: URL module, so it cannot resolve bare specifiers itself.
  unpdfUrl ??= pathToFileURL(createRequire(import.meta.url).resolve("unpdf")).href;
  return unpdfUrl;
}

type WorkerReply =
  | { type: "ok"; pageCount: number; pages: PdfPageText[] }
  | { type: "too-many-pages"; pageCount: number }
  | { type: "error"; name: string; message: string }
  | { type: "timeout" };

type Job = { bytes: Uint8Array; maxPages: number; timeoutMs: number; resolve: (r: WorkerReply) => void };

/**
 * One warm worker, one job at a time. A job that runs over its time limit
 * terminates the worker (the next job starts a fresh one), so nothing can
 * hang. The worker is unref'd: it never keeps a process alive on its own.
 */
class PdfWorker {
  private worker: Worker | null = null;
  private readonly queue: Job[] = [];
  private running: { id: number; job: Job; timer: ReturnType<typeof setTimeout>; worker: Worker } | null = null;
  private nextId = 1;

  run(job: Omit<Job, "resolve">): Promise<WorkerReply> {
    return new Promise((resolve) => {
      this.queue.push({ ...job, resolve });
      this.pump();
    });
  }

  close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    return w ? w.terminate().then(() => undefined) : Promise.resolve();
  }

  private spawn(): Worker {
    const worker = new Worker(WORKER_URL, {
      workerData: { unpdfUrl: resolveUnpdf() },
      resourceLimits: { maxOldGenerationSizeMb: 1024 },
      stdout: true,
      stderr: true,
    });
    worker.unref();
    // pdf.js runs with verbosity 0; anything a library still prints is discarded, not mixed into the server's logs.
    worker.stdout.resume();
    worker.stderr.resume();
    worker.on("message", (m: WorkerReply & { id: number }) => {
      if (this.running && m.id === this.running.id) this.settle(m);
    });
    const fail = (message: string) => {
      if (this.worker === worker) this.worker = null;
      // Only the job this worker was running fails (a terminated worker's exit must not touch the next job).
      if (this.running?.worker === worker) this.settle({ type: "error", name: "WorkerError", message });
    };
    worker.on("error", (e: Error) => fail(e.message));
    worker.on("exit", () => fail("The PDF reader stopped unexpectedly."));
    return worker;
  }

  private settle(reply: WorkerReply) {
    const r = this.running;
    if (!r) return;
    clearTimeout(r.timer);
    this.running = null;
    r.job.resolve(reply);
    this.pump();
  }

  private pump() {
    if (this.running || this.queue.length === 0) return;
    const job = this.queue.shift()!;
    const worker = (this.worker ??= this.spawn());
    const id = this.nextId++;
    const timer = setTimeout(() => {
      // Stop the stuck worker; the next job gets a new one.
      const w = this.worker;
      this.worker = null;
      void w?.terminate();
      this.settle({ type: "timeout" });
    }, job.timeoutMs);
    this.running = { id, job, timer, worker };
    // A copy, so the caller's bytes stay untouched.
    worker.postMessage({ id, bytes: new Uint8Array(job.bytes), maxPages: job.maxPages });
  }
}

const pool = new PdfWorker();

/** Stops the background PDF worker (for command-line tools and tests that want a clean exit). */
export function closePdfReader(): Promise<void> {
  return pool.close();
}

/**
 * Extracts the text of a PDF. Never throws for a bad file; returns a typed
 * error instead.
 */
export async function extractPdfText(
  input: Uint8Array | ArrayBuffer,
  options: PdfTextOptions = {},
): Promise<PdfTextResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);

  if (bytes.length === 0) return fail("empty", "The file is empty. Choose the report's PDF file again.", 400);
  if (bytes.length > maxBytes)
    return fail(
      "too_large",
      `The file is ${mb(bytes.length)}, which is larger than the ${mb(maxBytes)} limit. Ofsted reports are usually under 2 MB: check you chose the right file.`,
      413,
    );
  if (!looksLikePdf(bytes))
    return fail(
      "not_pdf",
      "This file is not a PDF. Upload the report as the PDF published by Ofsted, or paste its text instead.",
      400,
    );

  const m = await pool.run({ bytes, maxPages, timeoutMs });
  switch (m.type) {
    case "timeout":
      return fail(
        "timeout",
        `Reading the PDF took longer than ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} seconds` : `${timeoutMs} ms`}, so it was stopped. The file may be damaged; try pasting the report's text instead.`,
        422,
      );
    case "too-many-pages":
      return fail(
        "too_many_pages",
        `The PDF has ${m.pageCount} pages; at most ${maxPages} can be read. Check you chose the inspection report, not a larger bundle.`,
        413,
      );
    case "error":
      if (m.name === "PasswordException")
        return fail(
          "encrypted",
          "The PDF is protected by a password, so its text cannot be read. Upload an unprotected copy or paste the report's text.",
          422,
        );
      return fail(
        "corrupt",
        "The PDF could not be read: it looks damaged or incomplete. Download the report again, or paste its text instead.",
        422,
      );
    case "ok": {
      const pagesWithoutText: number[] = [];
      m.pages.forEach((p, i) => {
        if (!p.runs.some((r) => r.str.trim() !== "")) pagesWithoutText.push(i + 1);
      });
      if (m.pageCount === 0 || pagesWithoutText.length === m.pageCount)
        return fail(
          "no_text",
          "The PDF has no text in it, only images (it may be a scan). Upload the report as published by Ofsted, or paste or type its text.",
          422,
        );
      return { ok: true, text: layoutPdfText(m.pages), pageCount: m.pageCount, pagesWithoutText };
    }
  }
}
