/**
 * Hostile request bodies for the request-limit e2e spec and the abuse
 * benchmark: a huge body sent with a Content-Length or chunked, generated as
 * it goes (one reused buffer: a 300 MB body is never held by the client), and
 * a slow drip. Each resolves once the server answers or closes the connection.
 */
import { readFileSync } from "node:fs";
import http from "node:http";

export type BodyOutcome = {
  /** The status the server answered with, or null if it closed the connection without one. */
  status: number | null;
  /** Bytes of body the client managed to hand to the socket before the answer or the close. */
  sentBytes: number;
  ms: number;
};

const MB = 1024 * 1024;

export function sendBody({
  origin,
  path,
  totalBytes = 300 * MB,
  mode,
  cookie,
  contentType = "application/x-www-form-urlencoded",
  chunkBytes = 64 * 1024,
  delayMs = 0,
  timeoutMs = 120_000,
}: {
  origin: string;
  path: string;
  totalBytes?: number;
  /** "length": Content-Length of the whole body; "chunked": Transfer-Encoding: chunked. */
  mode: "length" | "chunked";
  cookie?: string;
  contentType?: string;
  chunkBytes?: number;
  /** Pause between chunks (a slow drip). */
  delayMs?: number;
  timeoutMs?: number;
}): Promise<BodyOutcome> {
  const started = performance.now();
  const chunk = Buffer.alloc(chunkBytes, 0x78); // "xxxx…"
  chunk.write("a=", 0, "latin1");
  return new Promise((resolve) => {
    let sent = 0;
    let settled = false;
    const finish = (status: number | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve({ status, sentBytes: sent, ms: Math.round(performance.now() - started) });
    };
    const headers: Record<string, string> = { "content-type": contentType, origin };
    if (cookie) headers.cookie = cookie;
    if (mode === "length") headers["content-length"] = String(totalBytes);
    else headers["transfer-encoding"] = "chunked";
    const req = http.request(`${origin}${path}`, { method: "POST", headers, agent: false });
    const timer = setTimeout(() => finish(null), timeoutMs);
    req.on("response", (res) => {
      res.resume();
      finish(res.statusCode ?? null);
    });
    req.on("error", () => finish(null));
    req.on("close", () => setTimeout(() => finish(null), 50));
    const pump = () => {
      while (!settled && sent < totalBytes) {
        const n = Math.min(chunkBytes, totalBytes - sent);
        sent += n;
        const ok = req.write(n === chunkBytes ? chunk : chunk.subarray(0, n));
        if (delayMs > 0) {
          setTimeout(pump, delayMs);
          return;
        }
        if (!ok) {
          req.once("drain", pump);
          return;
        }
      }
      if (!settled && sent >= totalBytes) req.end();
    };
    pump();
  });
}

/** The server's resident memory in MB, from /proc/<pid>/status. */
export function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  return kb / 1024;
}

/** Samples `pid`'s RSS every `everyMs` until stopped; returns the peak in MB. */
export function sampleRss(pid: number, everyMs = 50) {
  let peak = rssMb(pid);
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssMb(pid));
    } catch {
      // the process is gone
    }
  }, everyMs);
  return {
    /** The peak so far, without stopping. */
    peak(): number {
      return peak;
    },
    stop(): number {
      clearInterval(timer);
      try {
        peak = Math.max(peak, rssMb(pid));
      } catch {
        // the process is gone
      }
      return peak;
    },
  };
}
