/**
 * The scrutiny summary (or exception report) as an accessible PDF, generated
 * from the same SummaryData and with the same wording as the Word file
 * (./summary-docx.server). A tagged PDF (PDF/UA-style structure): document
 * language en-GB, title shown in the window title bar, H1–H4 headings,
 * paragraphs, charts as Figures with alt text, tables with TH/TD cells (the
 * headlines table has column headers; each action is a two-column table whose
 * first column is row headers, which reads well on A4 portrait and never
 * squeezes nine columns). Borders, repeated header rows and page numbers are
 * artifacts, so screen readers skip them.
 *
 * Text is set in the same sans font as the charts when one is installed
 * (embedded, so every character, arrows and curly quotes included, survives);
 * otherwise in Helvetica, with the few characters it cannot show replaced.
 */
import PDFDocument from "pdfkit";
import { formatDate } from "~/utils/format";
import { reportFont, svgToPng } from "./chart-png.server";
import {
  ACTION_HEADERS,
  EXCEPTION_INTRO,
  HEADLINE_HEADERS,
  actionCells,
  comparisonLine,
  emptyPlanText,
  headlineRows,
  narrativeText,
  summaryTitle,
} from "./summary-docx.server";
import {
  NARRATIVE_LABELS,
  NARRATIVE_SECTIONS,
  REPORT_KIND_LABELS,
  progressChart,
  PROGRESS_CHART_SIZE,
  ragChart,
  type SummaryData,
  type SummaryInspection,
  type SummaryRecommendation,
} from "./summary";

type Doc = PDFKit.PDFDocument;
type Struct = PDFKit.PDFStructureElement;

const MARGIN = 50;
const HEADING_SIZES = { 1: 20, 2: 16, 3: 14, 4: 12 } as const;
const BODY_SIZE = 11;
const TABLE_SIZE = 9.5;
const CELL_PADDING = 4;
/** Space above a heading, in lines of the text before it. */
const HEADING_SPACE_ABOVE = { 1: 0.6, 2: 0.6, 3: 0.4, 4: 0.4 } as const;
/** Space below a heading, in its own lines. */
const HEADING_SPACE_BELOW = 0.3;
/** Lines of a paragraph kept on the same page as the heading before it. */
const KEEP_LINES = 3;
/** The least room a paragraph starts in (it goes to the next page otherwise). */
const PARAGRAPH_START = BODY_SIZE * 2;
const PARAGRAPH_GAP = 4;
const FIGURE_GAP = 10;

type HeadingLevel = keyof typeof HEADING_SIZES;
type FigureSize = { width: number; height: number };
type TableSpec = {
  header: readonly string[] | null;
  rows: string[][];
  widths: number[];
  rowHeaders: boolean;
  /** The whole table stays on one page unless it is longer than a page (a row never splits). */
  keepTogether?: boolean;
};
/** The block that follows a heading, whose start the heading keeps on its page. */
type Following = { paragraph: string } | { figure: FigureSize } | { table: TableSpec } | { heading: Heading };
/** A heading and what follows it (null: nothing to keep with it). */
type Heading = { level: HeadingLevel; text: string; then: Following | null };

/** Characters Helvetica (WinAnsi) can show beyond Latin-1. */
const WINANSI_EXTRA = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");
const STANDARD_FONT_REPLACEMENTS: Record<string, string> = {
  "→": "->",
  "←": "<-",
  "≥": ">=",
  "≤": "<=",
  "✓": "Yes",
  "\u00a0": " ",
};

class Writer {
  readonly doc: Doc;
  readonly root: Struct;
  private readonly regular: string;
  private readonly bold: string;
  private readonly embedded: boolean;

  constructor(doc: Doc) {
    this.doc = doc;
    const font = reportFont();
    this.embedded = font !== null;
    if (font) {
      doc.registerFont("Body", font.regular);
      doc.registerFont("Body-Bold", font.bold);
      this.regular = "Body";
      this.bold = "Body-Bold";
    } else {
      this.regular = "Helvetica";
      this.bold = "Helvetica-Bold";
    }
    this.root = doc.struct("Document");
    doc.addStructure(this.root);
  }

  /** Text the current font can show. */
  t(text: string): string {
    if (this.embedded) return text;
    return [...text]
      .map((ch) => STANDARD_FONT_REPLACEMENTS[ch] ?? (ch.charCodeAt(0) <= 0xff || WINANSI_EXTRA.has(ch) ? ch : "?"))
      .join("");
  }

  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  /** The height a page has for content, between its margins. */
  private get pageRoom(): number {
    return this.doc.page.maxY() - this.doc.page.margins.top;
  }

  /** Starts a new page unless `height` points (at most a page's worth) still fit on this one. */
  ensure(height: number): void {
    if (this.doc.y + Math.min(height, this.pageRoom) > this.doc.page.maxY()) this.doc.addPage();
    this.doc.x = this.doc.page.margins.left;
  }

  private lineHeight(bold: boolean, size: number): number {
    return this.doc
      .font(bold ? this.bold : this.regular)
      .fontSize(size)
      .currentLineHeight(true);
  }

  private textHeight(text: string, bold: boolean, size: number, options: PDFKit.Mixins.TextOptions = {}): number {
    return this.doc
      .font(bold ? this.bold : this.regular)
      .fontSize(size)
      .heightOfString(this.t(text), { width: this.width, ...options });
  }

  /** A heading's text and the space below it (the space above depends on what comes before). */
  private headingHeight({ level, text }: Heading): number {
    const size = HEADING_SIZES[level];
    return this.textHeight(text, true, size) + this.lineHeight(true, size) * HEADING_SPACE_BELOW;
  }

  /** The room the start of `next` needs, drawn after a heading of level `after`. */
  private startHeight(next: Following | null, after: HeadingLevel): number {
    if (next === null) return 0;
    if ("paragraph" in next) {
      const first = paragraphLines(next.paragraph)[0];
      if (first === undefined) return 0;
      const whole = this.textHeight(first, false, BODY_SIZE, { paragraphGap: PARAGRAPH_GAP });
      return Math.max(PARAGRAPH_START, Math.min(whole, this.lineHeight(false, BODY_SIZE) * KEEP_LINES));
    }
    if ("figure" in next) return this.figureBox(next.figure).height + FIGURE_GAP;
    if ("table" in next) return this.tableLayout(next.table).start;
    const above = this.lineHeight(true, HEADING_SIZES[after]) * HEADING_SPACE_ABOVE[next.heading.level];
    return above + this.headingHeight(next.heading) + this.startHeight(next.heading.then, next.heading.level);
  }

  /**
   * A heading, on a new page unless the start of what follows it (`then`:
   * the first lines of a paragraph, a figure, a table's first rows, or the
   * next heading and its start) fits below it on this one.
   */
  heading(heading: Heading): void {
    const { level, text, then } = heading;
    const size = HEADING_SIZES[level];
    const above = this.doc.currentLineHeight(true) * HEADING_SPACE_ABOVE[level];
    this.ensure(above + this.headingHeight(heading) + this.startHeight(then, level));
    this.doc.y += above;
    this.doc.x = this.doc.page.margins.left;
    this.root.add(
      this.doc.struct(`H${level}`, {}, () => {
        this.doc.font(this.bold).fontSize(size).text(this.t(text), { width: this.width });
      }),
    );
    this.doc.moveDown(HEADING_SPACE_BELOW);
  }

  /** One paragraph per line of `text` (blank lines dropped). */
  paragraphs(text: string, { bold = false }: { bold?: boolean } = {}): void {
    for (const line of paragraphLines(text)) {
      this.ensure(PARAGRAPH_START);
      this.root.add(
        this.doc.struct("P", {}, () => {
          this.doc
            .font(bold ? this.bold : this.regular)
            .fontSize(BODY_SIZE)
            .text(this.t(line), { width: this.width, paragraphGap: PARAGRAPH_GAP });
        }),
      );
    }
  }

  /** The size a figure is drawn at: three quarters of its pixels, at most the text width. */
  private figureBox(size: FigureSize): FigureSize {
    const width = Math.min(size.width * 0.75, this.width);
    return { width, height: (width / size.width) * size.height };
  }

  figure(png: Buffer, alt: string, size: FigureSize): void {
    const { width, height } = this.figureBox(size);
    this.ensure(height + FIGURE_GAP);
    const { x, y } = { x: this.doc.page.margins.left, y: this.doc.y };
    this.root.add(
      this.doc.struct("Figure", { alt: this.t(alt) }, () => {
        this.doc.image(png, x, y, { width, height });
      }),
    );
    this.doc.x = x;
    this.doc.y = y + height + FIGURE_GAP;
  }

  private cellHeight(text: string, width: number, bold: boolean): number {
    return this.doc
      .font(bold ? this.bold : this.regular)
      .fontSize(TABLE_SIZE)
      .heightOfString(this.t(text), { width: width - 2 * CELL_PADDING });
  }

  /** Draws one row at the current y: borders (and header shading) as artifacts, cell texts tagged when `tr` is given. */
  private drawRow(
    cells: { text: string; header: boolean; scope?: "Row" | "Column" }[],
    widths: number[],
    height: number,
    tr: Struct | null,
  ): void {
    const doc = this.doc;
    const left = doc.page.margins.left;
    const y = doc.y;
    doc.markContent("Artifact", { type: "Layout" });
    let x = left;
    cells.forEach((c, i) => {
      if (c.header) doc.rect(x, y, widths[i]!, height).fill("#f3f2f1");
      doc.rect(x, y, widths[i]!, height).lineWidth(0.5).stroke("#b1b4b6");
      x += widths[i]!;
    });
    doc.fillColor("#0b0c0c");
    doc.endMarkedContent();
    x = left;
    cells.forEach((c, i) => {
      const cx = x;
      const draw = () => {
        doc
          .font(c.header ? this.bold : this.regular)
          .fontSize(TABLE_SIZE)
          .text(this.t(c.text), cx + CELL_PADDING, y + CELL_PADDING, { width: widths[i]! - 2 * CELL_PADDING });
      };
      if (tr)
        tr.add(doc.struct(c.header ? "TH" : "TD", { scope: c.scope } as PDFKit.Mixins.StructureElementOptions, draw));
      else {
        doc.markContent("Artifact", { type: "Pagination" });
        draw();
        doc.endMarkedContent();
      }
      x += widths[i]!;
    });
    doc.x = left;
    doc.y = y + height;
  }

  /**
   * A table's row heights, and the room it starts in: its header row and
   * first row, or with `keepTogether` the whole table if it fits on a page.
   */
  private tableLayout({ header, rows, widths, rowHeaders, keepTogether = false }: TableSpec) {
    const headerHeight = header
      ? Math.max(...header.map((text, i) => this.cellHeight(text, widths[i]!, true))) + 2 * CELL_PADDING
      : 0;
    const heights = rows.map(
      (r) =>
        Math.max(...r.map((text, i) => this.cellHeight(text, widths[i]!, rowHeaders && i === 0))) + 2 * CELL_PADDING,
    );
    const total = headerHeight + heights.reduce((a, b) => a + b, 0);
    const start = keepTogether && total <= this.pageRoom ? total : headerHeight + (heights[0] ?? 0);
    return { headerHeight, heights, start };
  }

  /**
   * A simple table: an optional header row (column headers, repeated as an
   * artifact at the top of each new page) and rows whose first cell is a row
   * header when `rowHeaders` is set. A row never splits across pages; with
   * `keepTogether`, neither does the table unless it is longer than a page.
   */
  table(spec: TableSpec): void {
    const { header, rows, widths, rowHeaders } = spec;
    const doc = this.doc;
    const table = doc.struct("Table");
    this.root.add(table);
    const headerCells = header?.map((text) => ({ text, header: true, scope: "Column" as const })) ?? null;
    const { headerHeight, heights, start } = this.tableLayout(spec);
    this.ensure(start);
    if (headerCells) {
      const tr = doc.struct("TR");
      table.add(tr);
      this.drawRow(headerCells, widths, headerHeight, tr);
      tr.end();
    }
    rows.forEach((r, ri) => {
      const h = heights[ri]!;
      if (doc.y + h > doc.page.maxY()) {
        doc.addPage();
        if (headerCells) this.drawRow(headerCells, widths, headerHeight, null);
      }
      const tr = doc.struct("TR");
      table.add(tr);
      this.drawRow(
        r.map((text, i) =>
          rowHeaders && i === 0 ? { text, header: true, scope: "Row" as const } : { text, header: false },
        ),
        widths,
        h,
        tr,
      );
      tr.end();
    });
    table.end();
    doc.moveDown(0.8);
  }

  /** "Page n of N" at the foot of every page, as a pagination artifact. */
  pageNumbers(): void {
    const doc = this.doc;
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      const bottom = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      doc.markContent("Artifact", { type: "Pagination" });
      doc
        .font(this.regular)
        .fontSize(9)
        .fillColor("#0b0c0c")
        .text(`Page ${i - range.start + 1} of ${range.count}`, doc.page.margins.left, doc.page.height - MARGIN + 15, {
          width: this.width,
          align: "center",
          lineBreak: false,
        });
      doc.endMarkedContent();
      doc.page.margins.bottom = bottom;
    }
  }
}

/** The paragraphs of `text`: its lines, blank ones dropped. */
function paragraphLines(text: string): string[] {
  return text.split(/\r?\n/).filter((l) => l.trim() !== "");
}

/** A recommendation's heading, kept with the start of its text. */
function recommendationHeading(r: SummaryRecommendation): Heading {
  return { level: 4, text: r.reference, then: { paragraph: r.text } };
}

/** An inspection's heading, kept with its first recommendation's heading and text. */
function inspectionHeading(i: SummaryInspection): Heading {
  const first = i.recommendations[0];
  return { level: 3, text: i.title, then: first ? { heading: recommendationHeading(first) } : null };
}

/** Progress while a pack is written: actions written so far (awaited, so the caller can record it). */
export type OnActions = (written: number) => Promise<void>;

/** How many actions the writer lets pass between progress reports (and yields to other work). */
const PROGRESS_EVERY = 20;

async function write(w: Writer, data: SummaryData, onActions?: OnActions): Promise<void> {
  w.heading({ level: 1, text: summaryTitle(data), then: { paragraph: data.authorityName } });
  w.paragraphs(data.authorityName);
  w.paragraphs(comparisonLine(data));
  if (data.kind === "exception") w.paragraphs(EXCEPTION_INTRO);

  const label = w.width * 0.75;
  const headlines = {
    header: HEADLINE_HEADERS,
    rows: headlineRows(data),
    widths: [label, w.width - label],
    rowHeaders: true,
  };
  w.heading({ level: 2, text: "Headlines", then: { table: headlines } });
  w.table(headlines);
  const rag = ragChart(data.counts);
  const ragSize = { width: 480, height: 190 };
  w.heading({ level: 3, text: "RAG mix of actions", then: { figure: ragSize } });
  w.figure(svgToPng(rag.svg), rag.altText, ragSize);
  const progress = progressChart(data.progress);
  const progressIntro = "The solid line shows actions completed (cumulative); the dashed line shows all actions.";
  w.heading({ level: 3, text: "Actions completed over time", then: { paragraph: progressIntro } });
  w.paragraphs(progressIntro);
  w.figure(svgToPng(progress.svg), progress.altText, PROGRESS_CHART_SIZE);

  for (const s of NARRATIVE_SECTIONS) {
    const text = narrativeText(data.narrative[s]);
    w.heading({ level: 2, text: NARRATIVE_LABELS[s], then: { paragraph: text } });
    w.paragraphs(text);
  }

  w.doc.addPage();
  const firstInspection = data.inspections[0];
  const emptyPlan = emptyPlanText(data);
  w.heading({
    level: 2,
    text: "The plan",
    then: firstInspection ? { heading: inspectionHeading(firstInspection) } : { paragraph: emptyPlan },
  });
  if (!firstInspection) w.paragraphs(emptyPlan);
  const labelWidth = 130;
  let written = 0;
  for (const inspection of data.inspections) {
    w.heading(inspectionHeading(inspection));
    for (const r of inspection.recommendations) {
      w.heading(recommendationHeading(r));
      w.paragraphs(r.text);
      if (r.actions.length === 0) w.paragraphs("No actions yet.");
      for (const a of r.actions) {
        const cells = actionCells(a, data);
        w.table({
          header: null,
          rows: ACTION_HEADERS.map((h, i) => [h, cells[i]!]),
          widths: [labelWidth, w.width - labelWidth],
          rowHeaders: true,
          keepTogether: true,
        });
        written += 1;
        if (onActions && written % PROGRESS_EVERY === 0) {
          await onActions(written);
          // The server's requests go on while a big pack is written in the same process.
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
    }
  }
}

/** The summary (or exception report) as PDF bytes; `onActions` hears how many actions are written as it goes. */
export async function summaryPdf(data: SummaryData, onActions?: OnActions): Promise<Buffer> {
  const title = summaryTitle(data);
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    pdfVersion: "1.7",
    tagged: true,
    lang: "en-GB",
    displayTitle: true,
    bufferPages: true,
    info: {
      Title: title,
      Author: "Improvement Board",
      Subject: `${REPORT_KIND_LABELS[data.kind]} for ${data.authorityName}, as at ${formatDate(data.asAt)}`,
      Creator: "Improvement Board",
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  try {
    const w = new Writer(doc);
    await write(w, data, onActions);
    w.pageNumbers();
    w.root.end();
  } catch (error) {
    doc.end();
    await done.catch(() => undefined);
    throw error;
  }
  doc.end();
  return done;
}
