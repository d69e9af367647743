/**
 * The production server under test (`node scripts/serve.mjs`) as a child
 * process, and the clean-up registry that stops it and drops the benchmark
 * databases however the run ends (normal end, error, Ctrl-C, SIGTERM).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import net from "node:net";
import http from "node:http";
import path from "node:path";

/** The production server script, wherever the runner is started from. */
const SERVE = path.resolve(
  import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname),
  "../../scripts/serve.mjs",
);

// ---- clean-up ------------------------------------------------------------------

type Cleanup = { label: string; run: () => Promise<void> | void };
const cleanups: Cleanup[] = [];
const children = new Set<ChildProcess>();

/** Registers a clean-up step; returns a function that runs it now (once) and unregisters it. */
export function onCleanup(label: string, run: Cleanup["run"]): () => Promise<void> {
  const entry: Cleanup = { label, run };
  cleanups.push(entry);
  return async () => {
    const i = cleanups.indexOf(entry);
    if (i < 0) return;
    cleanups.splice(i, 1);
    await entry.run();
  };
}

let cleaning: Promise<void> | undefined;

/**
 * Runs every registered clean-up step, newest first; reports (does not throw)
 * failures. Callers that arrive while a run is under way (a signal during the
 * runner's own clean-up, or Ctrl-C delivered twice: by the terminal and relayed
 * by tsx) wait for that same run rather than exiting before it has finished.
 */
export function runCleanups(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length > 0) {
      const c = cleanups.pop()!;
      try {
        await c.run();
      } catch (e) {
        console.error(`Clean-up "${c.label}" failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  })().finally(() => (cleaning = undefined));
  return cleaning;
}

/** Children this process started; killed (by pid) if the runner exits without cleaning up. */
export function trackChild(child: ChildProcess) {
  children.add(child);
  child.on("exit", () => children.delete(child));
}

let handlersInstalled = false;
let received = false;

/** True once SIGINT/SIGTERM arrived: the run is being torn down, so errors from here on are expected. */
export const stopping = () => received;

export function installSignalHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.on(sig, () => {
      if (received) return; // already stopping (tsx relays the terminal's signal a second time)
      received = true;
      console.error(`\n${sig}: stopping servers and removing benchmark databases…`);
      void runCleanups().finally(() => process.exit(130));
    });
  }
  process.on("exit", () => {
    for (const child of children) if (child.exitCode === null && child.pid) process.kill(child.pid, "SIGKILL");
  });
}

// ---- server -----------------------------------------------------------------------

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function ping(port: number): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get({ host: "127.0.0.1", port, path: "/healthz", timeout: 2000 }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(0));
  });
}

export type RunningServer = {
  port: number;
  /** The server process, for reading its memory (/proc/<pid>/status). */
  pid: number;
  logFile: string;
  /** Lines the server wrote to stderr/stdout since the last call (slow-query profile). */
  takeLines: () => string[];
  stop: () => Promise<void>;
};

/**
 * Starts the production build on a free port of 127.0.0.1 and waits until
 * /healthz answers 200. Output goes to `logFile`; with `collect`, lines are
 * also kept for takeLines().
 */
export async function startServer({
  databaseUrl,
  logFile,
  collect = false,
  extraEnv = {},
  cwd,
}: {
  databaseUrl: string;
  logFile: string;
  collect?: boolean;
  extraEnv?: Record<string, string>;
  /** Working directory: serve.mjs serves `<cwd>/build` (the runner points it at a private copy of the build). */
  cwd?: string;
}): Promise<RunningServer> {
  const port = await freePort();
  const log = createWriteStream(logFile);
  let lines: string[] = [];
  let tail = "";
  const child = spawn(
    process.execPath,
    [...(process.env.BENCH_NODE_OPTIONS ? process.env.BENCH_NODE_OPTIONS.split(" ") : []), SERVE],
    {
      cwd,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        NODE_ENV: "production",
        COOKIE_SECURE: "false",
        LOG_REQUESTS: "false",
        // The morning reminders would otherwise run at start-up against the bench plan.
        REMINDERS: "off",
        ...extraEnv,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  trackChild(child);
  const onData = (chunk: Buffer) => {
    log.write(chunk);
    if (!collect) return;
    const text = tail + chunk.toString("utf8");
    const parts = text.split("\n");
    tail = parts.pop() ?? "";
    lines.push(...parts);
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    }
    await new Promise<void>((resolve) => log.end(resolve));
  };
  const unregister = onCleanup(`server on port ${port}`, stop);

  const deadline = Date.now() + 60_000;
  let early: number | null | undefined;
  void exited.then((code) => (early = code));
  for (;;) {
    if (early !== undefined) {
      await unregister();
      throw new Error(`The server exited (code ${early}) before answering; see ${logFile}`);
    }
    if ((await ping(port)) === 200) break;
    if (Date.now() > deadline) {
      await unregister();
      throw new Error(`The server did not answer /healthz within 60 s; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    port,
    pid: child.pid!,
    logFile,
    takeLines: () => {
      const out = lines;
      lines = [];
      return out;
    },
    stop: unregister,
  };
}
