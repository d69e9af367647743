/** The shared shape of `npm run backup` / `npm run restore`: one file argument, messages on stdout, errors as one line. */
import { existsSync } from "node:fs";

export function runCli(usage: string, run: (file: string, log: (m: string) => void) => Promise<void>): void {
  const args = process.argv.slice(2).filter((a) => a !== "--");
  if (args.length !== 1 || args[0]!.startsWith("-")) {
    console.error(`Usage: ${usage}`);
    process.exitCode = 2;
    return;
  }
  const file = args[0]!;
  if (usage.includes("restore") && !existsSync(file)) {
    console.error(`No such file: ${file}`);
    process.exitCode = 2;
    return;
  }
  run(file, (m) => console.log(m))
    .then(
      () => {
        process.exitCode = 0;
      },
      (error: unknown) => {
        // Our own errors say what to do and hold no personal data; anything else is shown by name and message too,
        // since this is an operator's terminal, not the app's log.
        console.error(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
        process.exitCode = 1;
      },
    )
    .finally(() => setTimeout(() => process.exit(), 5000).unref());
}
