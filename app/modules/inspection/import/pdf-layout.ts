/**
 * Turns the positioned text items that pdf.js gives for each page into plain
 * text lines, close to `pdftotext -raw`: items are taken in content-stream
 * order, items on the same baseline make one line, pages are separated by a
 * form feed. Pure (no Node imports) so it can be unit-tested on its own.
 *
 * One addition to `-raw`: where the vertical gap between two lines of the same
 * page is clearly larger than the line spacing (a paragraph or list-item gap),
 * an empty line is emitted. The report reader uses empty lines as paragraph
 * breaks; it works without them too (the fixture `.txt` files have none).
 */

/** One text run as pdf.js reports it (only the fields we use). */
export type PdfTextRun = {
  str: string;
  /** PDF text matrix [a, b, c, d, e, f]; e/f are x/y of the baseline start. */
  transform: readonly number[];
  /** Advance width of the run in page units. */
  width: number;
  height: number;
  hasEOL?: boolean;
};

export type PdfPageText = { runs: readonly PdfTextRun[] };

type Line = {
  text: string;
  /** Baseline y of the line (PDF space, grows upwards). */
  y: number;
  /** Font size of the line's first run. */
  size: number;
  xStart: number;
  xEnd: number;
};

function runSize(run: PdfTextRun): number {
  const [a = 0, b = 0, c = 0, d = 0] = run.transform;
  const size = Math.max(Math.hypot(c, d), Math.hypot(a, b), run.height);
  return size > 0 ? size : 10;
}

/** Removes characters that never belong in extracted text (NUL and the like), keeps everything printable. */
function cleanRun(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, "");
}

function pageLines(runs: readonly PdfTextRun[]): Line[] {
  const lines: Line[] = [];
  let cur: Line | null = null;
  for (const run of runs) {
    const str = cleanRun(run.str ?? "");
    if (str === "") continue;
    const x = run.transform[4] ?? 0;
    const y = run.transform[5] ?? 0;
    const size = runSize(run);
    const width = Number.isFinite(run.width) ? run.width : 0;
    if (str.trim() === "") {
      // A space run: only meaningful inside a line.
      if (cur && !cur.text.endsWith(" ")) cur.text += " ";
      if (cur) cur.xEnd = Math.max(cur.xEnd, x + width);
      continue;
    }
    if (cur) {
      const dy = Math.abs(y - cur.y);
      const small = Math.min(size, cur.size);
      // Vertical overlap of the two runs' boxes (baseline to baseline + size).
      const overlap = Math.min(y + size, cur.y + cur.size) - Math.max(y, cur.y);
      // Same baseline; or a run to the right whose box mostly overlaps the
      // line's (a superscript footnote marker, a larger page number).
      // A larger run starting below a small one is text after a footnote
      // marker, not part of the marker's line.
      const textAfterMarker = size > cur.size * 1.15 && y < cur.y - small * 0.3;
      const sameLine =
        (dy <= small * 0.45 && x >= cur.xStart - small) ||
        (overlap >= small * 0.5 && x >= cur.xEnd - small * 0.5 && !textAfterMarker);
      if (sameLine) {
        const gap = x - cur.xEnd;
        if (gap > small * 0.18 && !cur.text.endsWith(" ") && !str.startsWith(" ")) cur.text += " ";
        cur.text += str;
        cur.xEnd = Math.max(cur.xEnd, x + width);
        continue;
      }
      lines.push(cur);
    }
    cur = { text: str, y, size, xStart: x, xEnd: x + width };
  }
  if (cur) lines.push(cur);
  for (const l of lines) l.text = l.text.replace(/\s+/g, " ").trim();
  return lines.filter((l) => l.text !== "");
}

/**
 * Builds the text of a document from its pages' runs. Pages are joined with
 * "\f" (form feed), lines with "\n".
 */
export function layoutPdfText(pages: readonly PdfPageText[]): string {
  const out: string[] = [];
  for (const page of pages) {
    const lines = pageLines(page.runs);
    const text: string[] = [];
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const prev = i > 0 ? lines[i - 1]! : null;
      // A paragraph gap: the next line starts clearly lower than one line
      // further down. Not next to the page's first or last line (running
      // headers and footers sit apart from the text and say nothing about paragraphs).
      if (prev && i > 1 && i < lines.length - 1) {
        const gap = prev.y - line.y;
        const size = Math.max(line.size, prev.size);
        if (gap > size * 1.75 && gap < size * 8) text.push("");
      }
      text.push(line.text);
    }
    out.push(text.join("\n"));
  }
  return out.join("\n\f");
}
