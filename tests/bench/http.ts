/**
 * The load generator of the page benchmark: plain node:http with keep-alive
 * (no dependency, and cheaper per request than fetch, which matters when the
 * client shares two cores with the server). Traffic goes to 127.0.0.1 only.
 */
import http from "node:http";

export type Hit = { status: number; bytes: number; ms: number; location?: string };

/** A client for one server: fixed headers (session cookie, gzip like a browser), keep-alive sockets. */
export function createClient({ port, cookie, sockets }: { port: number; cookie: string; sockets: number }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });

  function get(path: string, { gzip = true, timeoutMs = 60_000 } = {}): Promise<Hit> {
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const req = http.request(
        {
          host: "127.0.0.1",
          port,
          path,
          method: "GET",
          agent,
          headers: {
            Cookie: cookie,
            Accept: "text/html,application/xhtml+xml",
            ...(gzip ? { "Accept-Encoding": "gzip" } : {}),
          },
          timeout: timeoutMs,
        },
        (res) => {
          let bytes = 0;
          res.on("data", (chunk: Buffer) => (bytes += chunk.length));
          res.on("end", () =>
            resolve({
              status: res.statusCode ?? 0,
              bytes,
              ms: performance.now() - started,
              location: res.headers.location,
            }),
          );
          res.on("error", reject);
        },
      );
      req.on("timeout", () => req.destroy(new Error(`GET ${path} timed out after ${timeoutMs} ms`)));
      req.on("error", reject);
      req.end();
    });
  }

  return { get, close: () => agent.destroy() };
}
export type Client = ReturnType<typeof createClient>;

export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export type ServiceTime = { n: number; p50: number; p95: number; max: number; errors: number; kbGzip: number };

/**
 * One client, requests in sequence: `warmup` requests first, then up to
 * `requests` timed ones, stopping early after `maxSeconds` (slow pages) but
 * never with fewer than 10 samples.
 */
export async function measureServiceTime({
  client,
  path,
  expectStatus,
  requests,
  warmup,
  maxSeconds,
  onPhase,
}: {
  client: Client;
  path: () => string;
  expectStatus: number;
  requests: number;
  warmup: number;
  maxSeconds: number;
  onPhase?: (phase: "warmup" | "timed" | "done") => void;
}): Promise<ServiceTime> {
  onPhase?.("warmup");
  for (let i = 0; i < warmup; i++) await client.get(path());
  onPhase?.("timed");
  const samples: number[] = [];
  let errors = 0;
  let bytes = 0;
  const deadline = performance.now() + maxSeconds * 1000;
  for (let i = 0; i < requests; i++) {
    if (samples.length >= 10 && performance.now() > deadline) break;
    const hit = await client.get(path());
    if (hit.status !== expectStatus) errors++;
    samples.push(hit.ms);
    bytes += hit.bytes;
  }
  onPhase?.("done");
  const s = samples.sort((a, b) => a - b);
  return {
    n: s.length,
    p50: quantile(s, 0.5),
    p95: quantile(s, 0.95),
    max: s[s.length - 1] ?? NaN,
    errors,
    kbGzip: bytes / s.length / 1024,
  };
}

export type Capacity = {
  rps: number;
  completed: number;
  /** Requests that failed or answered another status than expected. */
  errors: number;
  seconds: number;
  /** What the first error was (a status or an exception), for the runner's log. */
  firstError?: string;
};

/**
 * `concurrency` clients, each sending its next request as soon as the last
 * one ends, for `seconds`. Counts requests completed inside the window, then
 * waits for those in flight so that the next measurement starts on an idle server.
 */
export async function measureCapacity({
  client,
  path,
  expectStatus,
  concurrency,
  seconds,
}: {
  client: Client;
  path: () => string;
  expectStatus: number;
  concurrency: number;
  seconds: number;
}): Promise<Capacity> {
  const started = performance.now();
  const end = started + seconds * 1000;
  let completed = 0;
  let errors = 0;
  let firstError: string | undefined;
  const worker = async () => {
    while (performance.now() < end) {
      const p = path();
      try {
        const hit = await client.get(p);
        if (performance.now() <= end) {
          completed++;
          if (hit.status !== expectStatus) {
            errors++;
            firstError ??= `HTTP ${hit.status} for ${p}`;
          }
        }
      } catch (e) {
        errors++;
        firstError ??= `${e instanceof Error ? e.message : String(e)} for ${p}`;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { rps: completed / seconds, completed, errors, seconds, firstError };
}
