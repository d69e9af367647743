import { z } from "zod";

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** `file:./data/app.db` (SQLite, default) or `postgres://…` / `postgresql://…`. */
  DATABASE_URL: z
    .string()
    .default("file:./data/app.db")
    .refine((u) => /^(file:|postgres:\/\/|postgresql:\/\/)/.test(u), {
      message: "DATABASE_URL must start with file:, postgres:// or postgresql://",
    }),
  /**
   * Send the session cookie only over HTTPS. Defaults to true in production;
   * set COOKIE_SECURE=false only to try a production build over plain http on localhost.
   */
  COOKIE_SECURE: z.enum(["true", "false"]).optional(),
  /** Public origin, e.g. https://board.example.gov.uk, when behind a proxy that rewrites Host. */
  APP_ORIGIN: z.string().url().optional(),
  /** A session ends this many hours after sign-in, however much it is used (ADR 015). */
  SESSION_MAX_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 90)
    .default(12),
  /** A session ends after this many minutes without a request (ADR 015). */
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .positive()
    .max(60 * 24 * 90)
    .default(120),
  /** Sign-in failures allowed per account (from devices it has not signed in on) before each further try must wait, doubling from 30 s. */
  LOGIN_ACCOUNT_FAILURES: z.coerce.number().int().positive().default(5),
  /** Failed sign-ins allowed from one IP address in the window, across all accounts, before that address is refused. */
  LOGIN_IP_FAILURES: z.coerce.number().int().positive().default(30),
  /** Failed sign-ins allowed across the whole service in the window before sign-in from unknown devices is refused. */
  LOGIN_GLOBAL_FAILURES: z.coerce.number().int().positive().default(500),
  /** The window, in minutes, over which sign-in failures are counted. */
  LOGIN_WINDOW_MINUTES: z.coerce.number().int().positive().default(15),
  /**
   * Express "trust proxy" for the client address used by the per-IP limit:
   * unset (the socket's address), or e.g. 1 (one proxy in front) or loopback.
   */
  TRUST_PROXY: z.string().optional(),
  /** Log queries slower than this many milliseconds (no parameters are logged). */
  SLOW_QUERY_MS: z.coerce.number().int().positive().default(200),
  /** PDF reader (ADR 014): child processes reading PDFs at once. */
  PDF_WORKERS: z.coerce.number().int().min(1).max(16).default(2),
  /** Largest memory (RSS) of one PDF reader process, in MB; a file that needs more is marked "could not be read". */
  PDF_WORKER_MEMORY_MB: z.coerce.number().int().min(128).default(512),
  /** Time limit for reading one PDF, in seconds. */
  PDF_TIMEOUT_S: z.coerce.number().positive().default(10),
  /** Most MB a PDF's compressed streams may inflate to, altogether. */
  PDF_MAX_INFLATED_MB: z.coerce.number().int().positive().default(256),
  /** PDFs waiting for a free reader, across all users; past this the import page and previews answer 503. */
  PDF_QUEUE_MAX: z.coerce.number().int().min(0).default(8),
  /** PDFs one user may have waiting or being read at once (below PDF_WORKERS, so no one user can hold every reader). */
  PDF_QUEUE_PER_USER: z.coerce.number().int().min(1).default(1),
  /** Job runner (ADR 021): pg-boss's schema on PostgreSQL. */
  JOBS_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/)
    .default("pgboss"),
  /** How often an idle worker looks for jobs, in seconds (a job sent in this process wakes it at once on SQLite). */
  JOBS_POLL_SECONDS: z.coerce.number().positive().max(60).default(1),
  /** A running job not finished after this many seconds is taken to have died with its worker, and runs again. */
  JOBS_LEASE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  /** PostgreSQL: how often pg-boss's maintenance (expired leases, archiving) runs, in seconds. */
  JOBS_MAINTENANCE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** Reminders (issue 14): an owner with no update since the board last met is chased this many days before its next meeting. */
  /** `off`: this process sends jobs but runs none (another process, `npm run worker`, does). */
  JOB_WORKERS: z.enum(["on", "off"]).default("on"),
  /** Mail (ADR 022): `smtp://user:pass@host:587` (STARTTLS) or `smtps://…:465`. */
  SMTP_URL: z.string().url().optional(),
  /** Connections kept open to the SMTP server; large runs (the morning reminders) send over them in parallel. */
  SMTP_CONNECTIONS: z.coerce.number().int().min(1).max(64).default(4),
  /** The From address of every email. */
  MAIL_FROM: z.string().email().default("improvement-board@localhost"),
  /** GOV.UK Notify API key; when set, email goes through Notify instead of SMTP. */
  NOTIFY_API_KEY: z.string().optional(),
  /** Notify's base URL (tests point it at a local server that checks requests against Notify's API). */
  NOTIFY_BASE_URL: z.string().url().optional(),
  /**
   * With no SMTP_URL and no NOTIFY_API_KEY, mail is kept in the local outbox
   * (/dev/outbox) instead of being sent: on by default outside production, and
   * set by `npm start` for the demo. Never set it on a real service.
   */
  MAIL_OUTBOX: z.enum(["true", "false"]).optional(),
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

/** Validated environment. Throws at start-up with a readable message when something is wrong. */
export function env(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}

export function isPostgresUrl(url: string): boolean {
  return url.startsWith("postgres://") || url.startsWith("postgresql://");
}

export function cookieSecure(): boolean {
  const e = env();
  if (e.COOKIE_SECURE) return e.COOKIE_SECURE === "true";
  return e.NODE_ENV === "production";
}
