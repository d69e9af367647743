/**
 * What every bench shares: where the repository is, and how its command-line
 * options are read (`--name value` or `--name=value`).
 */
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), "../..");

/** This process's arguments after the script's name. */
export const ARGV = process.argv.slice(2);

/** The value of option `name` in `argv`, if given. */
export function arg(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  if (i >= 0) return argv[i + 1];
  return argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}

/** The value of option `name` on this command line, or `fallback`. */
export const opt = (name: string, fallback: string) => arg(ARGV, name) ?? fallback;

/** Whether `name` (e.g. "--check") is on this command line. */
export const flag = (name: string) => ARGV.includes(name);

/** The middle value (the upper one of an even count). */
export const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
