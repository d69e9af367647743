/**
 * Stored snapshots (a board pack's data, a published agenda's frozen items)
 * are JSON kept in a text column and read back long after they were written.
 * They are checked with zod when read, never cast: each carries a `version`
 * (snapshots written before the field existed are version 1), each version has
 * its schema, and an unknown version or a snapshot that fails its schema is an
 * AppError (a 500 with the problem in the logs), never a silent fallback.
 * Pure: no Prisma, no node-only imports.
 */
import { z } from "zod";
import { AppError } from "./errors";

/**
 * A field checked first by `base`, then by one of the edge parsers
 * (`parseActionStatus`, `parseRag`): the parser's refusal becomes a zod issue,
 * so it is reported like any other malformed field.
 */
export function parsedBy<B extends z.ZodType, T>(base: B, parse: (value: z.output<B>) => T) {
  return base.transform((value, ctx): T => {
    try {
      return parse(value);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: error instanceof Error ? error.message : String(error) });
      return z.NEVER;
    }
  });
}

/** The JSON to store: the data with its snapshot version first. */
export function writeSnapshot<T extends object>(
  version: number,
  data: T,
  replacer?: (key: string, value: unknown) => unknown,
): string {
  return JSON.stringify({ version, ...data }, replacer);
}

/**
 * Reads a stored snapshot against the schema of its version (an unversioned
 * snapshot is version 1). `what` names it for the user ("board pack");
 * `details` say which row it is, for the logs.
 */
export function readSnapshot<T>({
  json,
  what,
  versions,
  details,
}: {
  json: string;
  what: string;
  versions: Readonly<Record<number, z.ZodType<T>>>;
  details: Record<string, string | number | boolean | null>;
}): T {
  const refuse = (problem: string) =>
    new AppError({
      status: 500,
      message: `This ${what} was stored in a form we cannot read, so it cannot be shown.`,
      details: { ...details, snapshot: what, problem },
    });
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw refuse("not JSON");
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw refuse("not a JSON object");
  const version: unknown = "version" in raw ? raw.version : 1;
  const schema = typeof version === "number" && Object.hasOwn(versions, version) ? versions[version] : undefined;
  if (!schema) throw refuse(`unknown version ${JSON.stringify(version)}`);
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw refuse(`version ${version}: ${issue ? `${issue.path.join(".") || "(root)"}: ${issue.message}` : "invalid"}`);
  }
  return result.data;
}
