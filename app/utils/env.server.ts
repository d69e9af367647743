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
  /** Log queries slower than this many milliseconds (no parameters are logged). */
  SLOW_QUERY_MS: z.coerce.number().int().positive().default(200),
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
