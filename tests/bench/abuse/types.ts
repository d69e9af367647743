/**
 * One attack for `npm run bench:abuse` (tests/bench/abuse.bench.ts). The runner
 * starts the production server on a fresh demo database, samples the server's
 * RSS and a normal signed-in user's page latency while `run` is under way, and
 * prints peak RSS growth and p95 against the goals.
 */
export type AbuseContext = {
  /** e.g. http://localhost:3297 */
  origin: string;
  /** pid of the server process (its RSS is what the runner samples) */
  serverPid: number;
  /** Signs a demo user in (password Kestrel-Lantern-Ledger-2026) and returns a Cookie header value. */
  signIn(email: string): Promise<string>;
  /** Slug of the demo authority the scenario may use ("leeds"). */
  authoritySlug: string;
};

export type AbuseScenario = {
  name: string;
  description: string;
  /** Peak server RSS growth allowed while it runs, in MB. */
  maxRssGrowthMb: number;
  run(ctx: AbuseContext): Promise<void>;
};
