/**
 * The PDF pack's page breaks, read back through pdf.js (via unpdf): a
 * heading is never stranded at the foot of a page with what it introduces
 * on the next. The pack is built so that headings of every level land at
 * many heights on the page: inspections, recommendations and actions of
 * varied lengths.
 */
import { getDocumentProxy } from "unpdf";
import { expect, test } from "vitest";
import { summaryPdf } from "./summary-pdf.server";
import type { SummaryData, SummaryInspection } from "./summary";
import { LEEDS_ACTIONS, LEEDS_SUMMARY } from "../../../tests/helpers/board-pack";

const { recruit, audit, placements } = LEEDS_ACTIONS;
const SENTENCE =
  "The partnership will review the evidence with schools, health and the police before the next meeting. ";

/**
 * Inspection n: one to three recommendations of one to five lines, each with
 * none to three actions whose latest updates differ in length, so that no two
 * inspections take the same height.
 */
function inspection(n: number): SummaryInspection {
  return {
    id: `i${n}`,
    title: `Inspection ${n} of children’s services`,
    recommendations: Array.from({ length: 1 + (n % 3) }, (_, r) => ({
      id: `i${n}r${r}`,
      reference: `Recommendation ${n}.${r + 1}`,
      text: SENTENCE.repeat(1 + ((7 * n + 3 * r) % 5)).trim(),
      actions: [recruit, audit, placements].slice(0, (5 * n + r) % 4).map((a, k) => ({
        ...a,
        id: `i${n}r${r}a${k}`,
        latestUpdate: {
          at: "2026-04-20",
          body: SENTENCE.repeat(1 + ((n + k) % 3)).slice(0, 40 + ((37 * n + 11 * k) % 200)),
        },
      })),
    })),
  };
}

const LONG_PACK: SummaryData = {
  ...LEEDS_SUMMARY,
  narrative: { ...LEEDS_SUMMARY.narrative, barriers: SENTENCE.repeat(14) },
  inspections: Array.from({ length: 60 }, (_, n) => inspection(n)),
};

/** A tagged piece of a page: its structure tag (H1, P, TD, Figure…) and text. */
type Block = { tag: string; text: string };

/** Each page's tagged content in order (artifacts such as page numbers and borders left out). */
async function pages(data: SummaryData): Promise<Block[][]> {
  const pdf = await getDocumentProxy(new Uint8Array(await summaryPdf(data)));
  const out: Block[][] = [];
  for (let p = 1; p <= pdf.numPages; p++) {
    const content = await (await pdf.getPage(p)).getTextContent({ includeMarkedContent: true });
    const blocks: Block[] = [];
    let open: Block | null = null;
    for (const item of content.items) {
      if ("type" in item) {
        if (item.type === "beginMarkedContentProps" || item.type === "beginMarkedContent") {
          // pdf.js gives the marked content's tag (H1, P, TD, Figure, Artifact…), untyped.
          const { tag } = item as { tag?: string };
          open = tag && tag !== "Artifact" ? { tag, text: "" } : null;
          if (open) blocks.push(open);
        } else open = null;
      } else if (open) open.text += item.str;
    }
    out.push(blocks);
  }
  return out;
}

const isHeading = (b: Block) => /^H[1-6]$/.test(b.tag);

test("no heading of the PDF pack is the last thing on its page", async () => {
  const all = await pages(LONG_PACK);
  expect(all.length).toBeGreaterThan(10);
  const headings = all.flat().filter(isHeading);
  expect(headings.length).toBeGreaterThan(100);
  const stranded = all.flatMap((blocks, i) => {
    const last = blocks[blocks.length - 1];
    return last && isHeading(last) ? [`page ${i + 1}: ${last.tag} “${last.text}”`] : [];
  });
  expect(stranded).toEqual([]);
});
