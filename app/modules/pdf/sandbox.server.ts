/**
 * The PDF reader sandbox (ADR 014): a small pool of child processes that run
 * pdf.js, each with hard limits, and a bounded queue in front of them.
 *
 * - Memory: each child starts with --max-old-space-size, which bounds only
 *   V8's heap. pdf.js keeps inflated stream data in ArrayBuffers, outside it,
 *   so the parent also reads the child's real RSS (/proc/<pid>/status, or the
 *   child's own report where there is no /proc) every 50 ms while a job runs,
 *   and kills it with SIGKILL past the limit.
 * - Time: a job that runs past its limit gets its child killed.
 * - Inflated bytes: the child counts what the file's compressed streams
 *   inflate to before pdf.js opens it, and refuses a file over the budget.
 * A killed child is replaced by a fresh one for the next job. Memory a child
 * used goes back to the system when it exits: none of it is ever in the
 * server's own process.
 *
 * The queue is bounded overall and per user: past either bound a job is
 * refused at once with "busy" (the routes answer 503 with Retry-After).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { env } from "~/utils/env.server";
import { PDF_CHILD_SOURCE } from "./child-source";

export type PdfLimits = {
  /** Child processes reading PDFs at once. */
  workers: number;
  /** Largest RSS of one child, in MB; also its V8 heap limit. */
  memoryMb: number;
  /** Time limit for one file, in milliseconds. */
  timeoutMs: number;
  /** Most bytes a file's compressed streams may inflate to, altogether. */
  maxInflatedBytes: number;
  /** Files waiting for a free child, across all users. */
  queueMax: number;
  /** Files one user may have waiting or being read at once. */
  perUser: number;
};

export function limitsFromEnv(): PdfLimits {
  const e = env();
  return {
    workers: e.PDF_WORKERS,
    memoryMb: e.PDF_WORKER_MEMORY_MB,
    timeoutMs: e.PDF_TIMEOUT_S * 1000,
    maxInflatedBytes: e.PDF_MAX_INFLATED_MB * 1024 * 1024,
    queueMax: e.PDF_QUEUE_MAX,
    perUser: e.PDF_QUEUE_PER_USER,
  };
}

export type PdfPageRuns = { runs: Array<{ str: string; transform: number[]; width: number; height: number }> };

export type SandboxReply =
  | { type: "ok"; pageCount: number; pages: PdfPageRuns[] }
  | { type: "too-many-pages"; pageCount: number }
  /** pdf.js refused the file; name is its exception class (PasswordException, InvalidPDFException…). */
  | { type: "error"; name: string }
  | { type: "timeout" }
  | { type: "memory" }
  | { type: "inflated" }
  /** The child died for another reason. */
  | { type: "crashed" }
  | { type: "busy"; retryAfterS: number };

export type TextJob = {
  bytes: Uint8Array;
  maxPages: number;
  /** Who asked (a user id): the per-user bound counts by this. Jobs without an owner (command-line tools) count only against the overall bound. */
  owner?: string;
  /** Shorter than the configured limit, for tests; never longer. */
  timeoutMs?: number;
};

type Pending = TextJob & { resolve: (r: SandboxReply) => void };

type Slot = {
  child: ChildProcess | null;
  ready: Promise<boolean> | null;
  /** RSS last reported by the child itself (used where /proc cannot be read). */
  reportedRss: number;
  jobs: number;
  running: {
    id: number;
    job: Pending;
    timer: ReturnType<typeof setTimeout>;
    watch: ReturnType<typeof setInterval>;
  } | null;
};

/** A child that has read this many files is replaced, so slow leaks in pdf.js cannot build up. */
const JOBS_PER_CHILD = 200;
const START_TIMEOUT_MS = 15_000;
const RSS_POLL_MS = 50;

let unpdfUrl: string | null = null;
function resolveUnpdf(): string {
  unpdfUrl ??= pathToFileURL(createRequire(import.meta.url).resolve("unpdf")).href;
  return unpdfUrl;
}

async function readRss(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, "latin1");
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

export class PdfSandbox {
  private readonly slots: Slot[];
  private readonly queue: Pending[] = [];
  private readonly perOwner = new Map<string, number>();
  private nextId = 1;
  /** Counters for tests and the benchmark. */
  readonly stats = { started: 0, killed: 0, busy: 0 };

  constructor(readonly limits: PdfLimits) {
    this.slots = Array.from({ length: limits.workers }, () => ({
      child: null,
      ready: null,
      reportedRss: 0,
      jobs: 0,
      running: null,
    }));
  }

  run(job: TextJob): Promise<SandboxReply> {
    const owner = job.owner;
    const full = this.queue.length >= this.limits.queueMax && this.slots.every((s) => s.running);
    if (full || (owner !== undefined && (this.perOwner.get(owner) ?? 0) >= this.limits.perUser)) {
      this.stats.busy++;
      return Promise.resolve(this.busy());
    }
    if (owner !== undefined) this.perOwner.set(owner, (this.perOwner.get(owner) ?? 0) + 1);
    return new Promise((resolve) => {
      this.queue.push({
        ...job,
        resolve: (r) => {
          if (owner !== undefined) {
            const n = (this.perOwner.get(owner) ?? 1) - 1;
            if (n > 0) this.perOwner.set(owner, n);
            else this.perOwner.delete(owner);
          }
          resolve(r);
        },
      });
      this.pump();
    });
  }

  private busy(): SandboxReply {
    return { type: "busy", retryAfterS: Math.min(10, Math.ceil(this.limits.timeoutMs / 1000)) };
  }

  /** Jobs waiting plus jobs being read. */
  load(): { queued: number; running: number } {
    return { queued: this.queue.length, running: this.slots.filter((s) => s.running).length };
  }

  async close(): Promise<void> {
    // Stopped from outside, not by the file: "busy", which nobody keeps as the file's outcome.
    for (const job of this.queue.splice(0)) job.resolve(this.busy());
    for (const slot of this.slots) {
      if (slot.running) this.finish(slot, this.busy());
      this.stop(slot);
    }
  }

  private pump() {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (!slot.running) void this.start(slot, this.queue.shift()!);
    }
  }

  private spawn(slot: Slot) {
    const child = spawn(
      process.execPath,
      [`--max-old-space-size=${this.limits.memoryMb}`, "--input-type=module", "-e", PDF_CHILD_SOURCE],
      {
        // Nothing from the server's environment (database URL, secrets) reaches the reader.
        env: { UNPDF_URL: resolveUnpdf() },
        // pdf.js runs with verbosity 0; anything a library still prints is discarded.
        stdio: ["ignore", "ignore", "ignore", "ipc"],
        serialization: "advanced",
      },
    );
    child.unref();
    (child.channel as { unref?: () => void } | undefined)?.unref?.();
    slot.child = child;
    slot.jobs = 0;
    slot.reportedRss = 0;
    slot.ready = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), START_TIMEOUT_MS);
      timer.unref();
      child.on("message", (m: { id: number; type: string; rss?: number }) => {
        if (m.type === "ready") {
          clearTimeout(timer);
          resolve(true);
        } else if (m.type === "rss") slot.reportedRss = m.rss ?? 0;
        else if (slot.child === child && slot.running && m.id === slot.running.id)
          this.finish(slot, m as unknown as SandboxReply);
      });
      child.on("error", () => resolve(false));
      child.on("exit", () => {
        resolve(false);
        if (slot.child !== child) return;
        slot.child = null;
        slot.ready = null;
        if (slot.running) this.finish(slot, { type: "crashed" });
      });
    });
  }

  private stop(slot: Slot) {
    const child = slot.child;
    slot.child = null;
    slot.ready = null;
    if (child && child.exitCode === null) child.kill("SIGKILL");
  }

  private breach(slot: Slot, reply: SandboxReply) {
    this.stats.killed++;
    this.stop(slot);
    this.finish(slot, reply);
  }

  private async start(slot: Slot, job: Pending) {
    const id = this.nextId++;
    const timeoutMs = Math.min(job.timeoutMs ?? this.limits.timeoutMs, this.limits.timeoutMs);
    // Claimed at once, so pump() does not hand this slot a second job while the child starts.
    const timer = setTimeout(() => this.breach(slot, { type: "timeout" }), timeoutMs + START_TIMEOUT_MS);
    const limit = this.limits.memoryMb * 1024 * 1024;
    const watch = setInterval(() => {
      const child = slot.child;
      if (!child?.pid || slot.running?.id !== id) return;
      void readRss(child.pid).then((rss) => {
        if (slot.child === child && slot.running?.id === id && (rss ?? slot.reportedRss) > limit)
          this.breach(slot, { type: "memory" });
      });
    }, RSS_POLL_MS);
    slot.running = { id, job, timer, watch };
    this.stats.started++;
    if (!slot.child || slot.jobs >= JOBS_PER_CHILD) {
      this.stop(slot);
      this.spawn(slot);
    }
    const child = slot.child!;
    const ready = await slot.ready;
    if (slot.running?.id !== id) return;
    // A reader that would not start says nothing about the file: the caller is told to try again.
    if (!ready || slot.child !== child) return this.breach(slot, this.busy());
    // The clock starts when the child has the file.
    clearTimeout(timer);
    slot.running.timer = setTimeout(() => this.breach(slot, { type: "timeout" }), timeoutMs);
    slot.jobs++;
    const sent = (error: Error | null) => {
      // The child went away between "ready" and the file (its exit handler answers the job).
      if (error && slot.child === child && slot.running?.id === id) this.breach(slot, this.busy());
    };
    try {
      child.send(
        { kind: "text", id, bytes: job.bytes, maxPages: job.maxPages, maxInflatedBytes: this.limits.maxInflatedBytes },
        sent,
      );
    } catch (error) {
      sent(error as Error);
    }
  }

  private finish(slot: Slot, reply: SandboxReply) {
    const r = slot.running;
    if (!r) return;
    clearTimeout(r.timer);
    clearInterval(r.watch);
    slot.running = null;
    r.job.resolve(reply);
    this.pump();
  }
}

let sandbox: PdfSandbox | null = null;

export function pdfSandbox(): PdfSandbox {
  sandbox ??= new PdfSandbox(limitsFromEnv());
  return sandbox;
}

/** Replaces the sandbox with one that has other limits (tests). */
export async function configurePdfSandbox(overrides: Partial<PdfLimits> = {}): Promise<PdfSandbox> {
  await sandbox?.close();
  sandbox = new PdfSandbox({ ...limitsFromEnv(), ...overrides });
  return sandbox;
}

/** Stops the reader processes (command-line tools and tests that want a clean exit). */
export async function closePdfSandbox(): Promise<void> {
  await sandbox?.close();
  sandbox = null;
}
