/**
 * PDF bombs (issue 12, finding 2; ADR 014). As a signed-in admin of the demo
 * authority: upload a 1 MB PDF whose 10 pages share one stream that inflates
 * to 1 GiB as evidence on a demo action, and a second one that stays under
 * the reader's inflated-bytes budget (200 MiB shared by 50 pages, so only the
 * memory watch stops it); open three previews of the big one at once while
 * importing it as an Ofsted report, then three of the other; then view each
 * preview again. One user has one file in the reader at a time
 * (PDF_QUEUE_PER_USER), so some of the parallel requests may rightly be
 * answered 503 with Retry-After. Every reply
 * must come in seconds and say plainly that the file could not be read.
 *
 * The PDF reader's children are killed at their own limit (PDF_WORKER_MEMORY_MB);
 * what is measured is the server's own RSS, which holds no inflated data.
 */
import { multipart, pdfFile } from "../../helpers/multipart";
import { buildPdfBomb } from "../../helpers/pdf-bomb";
import type { AbuseContext, AbuseScenario } from "./types";

const UNREADABLE = /could not be read/;
const BUSY = /busy with other files/;

async function timed<T>(label: string, limitMs: number, run: () => Promise<T>): Promise<T> {
  const t = performance.now();
  const out = await run();
  const ms = performance.now() - t;
  if (ms > limitMs) throw new Error(`${label} took ${Math.round(ms)} ms (limit ${limitMs} ms)`);
  return out;
}

export const scenario: AbuseScenario = {
  name: "PDF bombs",
  description:
    "admin uploads two flate bombs (1 GiB, and 200 MiB × 50 pages) as evidence, 3 parallel previews of each (with a bomb report import), then views again",
  // The server itself only ever holds the 1 MB files, their requests and the upload scan's 64 KB chunks; the
  // reader children are outside it. Measured +38 to +40 MB (most of it the normal user's own page traffic);
  // before ADR 014 one bomb import alone left the server 2.2 GB larger.
  maxRssGrowthMb: 60,
  async run({ origin, signIn, authoritySlug }: AbuseContext) {
    const cookie = await signIn(`admin@${authoritySlug}.demo`);
    const headers = { cookie, origin };
    const list = await (await fetch(`${origin}/a/${authoritySlug}/actions`, { headers })).text();
    const actionId = new RegExp(`/a/${authoritySlug}/actions/([a-z0-9]{20,})`).exec(list)?.[1];
    if (!actionId) throw new Error("no demo action found on the action list");

    const upload = async (bytes: Uint8Array, name: string) => {
      const { body, contentType } = multipart(
        { title: `Bench ${name}`, type: "audit", effectiveDate: "2026-06-30", description: "" },
        pdfFile(name, bytes),
      );
      const res = await fetch(`${origin}/a/${authoritySlug}/actions/${actionId}/evidence/upload`, {
        method: "POST",
        headers: { ...headers, "content-type": contentType },
        body,
      });
      const json = (await res.json()) as { ok: boolean; evidenceId?: string; message?: string };
      if (!json.ok || !json.evidenceId) throw new Error(`upload of ${name} refused (${res.status})`);
      return json.evidenceId;
    };
    /** "Could not be read", or (past this user's share of the reader) 503 with Retry-After and a "busy" message. */
    const expectOutcome = async (what: string, res: Response, okStatus: number, busyAllowed: boolean) => {
      const html = await res.text();
      if (res.status === okStatus && UNREADABLE.test(html)) return;
      if (busyAllowed && res.status === 503 && Number(res.headers.get("retry-after")) > 0 && BUSY.test(html)) return;
      throw new Error(
        `${what} of a bomb answered ${res.status} without "could not be read"${busyAllowed ? " or a busy message" : ""}`,
      );
    };
    const preview = async (evidenceId: string, busyAllowed = true) =>
      expectOutcome(
        "preview",
        await fetch(`${origin}/a/${authoritySlug}/evidence/${evidenceId}/v/1/preview`, { headers }),
        200,
        busyAllowed,
      );
    const importReport = async (bytes: Uint8Array) => {
      const { body, contentType } = multipart({ intent: "upload" }, pdfFile("report.pdf", bytes));
      const res = await fetch(`${origin}/a/${authoritySlug}/inspections/new`, {
        method: "POST",
        redirect: "manual",
        headers: { ...headers, "content-type": contentType },
        body,
      });
      await expectOutcome("import", res, 400, true);
    };

    const big = buildPdfBomb({ pages: 10, inflatedMiB: 1024 });
    const underBudget = buildPdfBomb({ pages: 50, inflatedMiB: 200 });
    const [a, b] = [
      await timed("upload", 10_000, () => upload(big, "bomb.pdf")),
      await timed("upload", 10_000, () => upload(underBudget, "bomb-under-budget.pdf")),
    ];
    await timed("three previews of the 1 GiB bomb and its import as a report", 30_000, () =>
      Promise.all([preview(a), preview(a), preview(a), importReport(big)]),
    );
    await timed("three previews of the bomb under the budget", 30_000, () =>
      Promise.all([preview(b), preview(b), preview(b)]),
    );
    // One at a time, each is read (if its first views were turned away as busy) and then kept as "could not be read".
    await timed("previews viewed again, one at a time", 15_000, async () => {
      await preview(a, false);
      await preview(b, false);
    });
    await timed("previews viewed again, from the database", 2_000, () =>
      Promise.all([preview(a, false), preview(b, false)]),
    );
  },
};
