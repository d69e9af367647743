/**
 * Hostile bodies (issue 12, finding 1): three parallel anonymous 300 MB
 * bodies to /login and to /invite/<token>, with a Content-Length and chunked,
 * and meanwhile a slow drip of twenty bodies that would take minutes to arrive. The
 * server must refuse each early (413 / 408, or close the connection) and
 * stay within +50 MB.
 */
import { sendBody } from "../hostile-body";
import type { AbuseScenario } from "./types";

const MB = 1024 * 1024;

export const scenario: AbuseScenario = {
  name: "hostile bodies",
  description:
    "3 × 300 MB anonymous bodies at once to /login and /invite (Content-Length and chunked), 3 rounds, with 20 slow-drip bodies alongside",
  maxRssGrowthMb: 50,
  async run({ origin }) {
    const token = "Q".repeat(43);
    // Slowloris, alongside the big bodies: 10 KB bodies at 100 bytes a second. The server's body deadline (30 s) ends them.
    const dripping = Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        sendBody({
          origin,
          path: i % 2 ? "/login" : `/invite/${token}`,
          mode: i % 4 < 2 ? "length" : "chunked",
          totalBytes: 10 * 1024,
          chunkBytes: 100,
          delayMs: 1000,
          timeoutMs: 90_000,
        }),
      ),
    );
    for (let round = 0; round < 3; round++) {
      for (const path of ["/login", `/invite/${token}`]) {
        const outcomes = await Promise.all(
          (["length", "chunked", "chunked"] as const).map((mode) =>
            sendBody({ origin, path, mode, totalBytes: 300 * MB, timeoutMs: 60_000 }),
          ),
        );
        for (const o of outcomes) {
          if (o.status !== 413 && o.status !== null)
            throw new Error(`${path}: expected 413 or a closed connection, got ${o.status}`);
          if (o.sentBytes > 32 * MB)
            throw new Error(`${path}: the server took ${Math.round(o.sentBytes / MB)} MB before refusing`);
        }
      }
    }
    for (const o of await dripping) {
      if (o.status !== 408 && o.status !== null)
        throw new Error(`slow drip: expected 408 or a closed connection, got ${o.status}`);
      if (o.ms > 60_000) throw new Error(`slow drip: the server held the connection for ${Math.round(o.ms / 1000)} s`);
    }
  },
};
