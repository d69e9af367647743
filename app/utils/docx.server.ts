/**
 * The house style of every Word document we generate (minutes, board packs,
 * the post-inspection plan): real headings, tables whose first row repeats at
 * the top of each page and whose rows do not split, line breaks kept as
 * paragraphs, Arial 12 pt, en-GB, and the title and other core properties set.
 */
import {
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ISectionOptions,
} from "docx";

export { HeadingLevel };
export type Block = Paragraph | Table;
type Level = (typeof HeadingLevel)[keyof typeof HeadingLevel];

export const heading = (text: string, level: Level) => new Paragraph({ text, heading: level });
export const para = (text: string) => new Paragraph({ text });
/** A bold line ("Draft minutes: not yet approved"). */
export const strong = (text: string) => new Paragraph({ children: [new TextRun({ text, bold: true })] });

/** Line breaks in a text become separate paragraphs, so screen readers and Word keep them. */
export const paras = (text: string) => text.split(/\r?\n/).map((line) => new Paragraph({ text: line }));

export function cell(text: string, { header = false, width }: { header?: boolean; width: number }): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    children: text
      .split(/\r?\n/)
      .map((line) => new Paragraph({ children: [new TextRun({ text: line, bold: header })] })),
  });
}

/**
 * A table whose first row is a header row; `widths` in twentieths of a point
 * (A4 portrait text is 9026 across). Rows stay whole on a page unless
 * `splitRows` (for rows that may run longer than a page).
 */
export function table(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  widths: readonly number[],
  { splitRows = false }: { splitRows?: boolean } = {},
): Table {
  return new Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: [...widths],
    rows: [
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: headers.map((h, i) => cell(h, { header: true, width: widths[i]! })),
      }),
      ...rows.map(
        (r) => new TableRow({ cantSplit: !splitRows, children: r.map((text, i) => cell(text, { width: widths[i]! })) }),
      ),
    ],
  });
}

/** A .docx file in the house style. */
export function wordDocument({
  title,
  subject,
  description,
  keywords,
  sections,
}: {
  title: string;
  subject: string;
  description: string;
  keywords?: string;
  sections: ISectionOptions[];
}): Promise<Buffer> {
  const doc = new Document({
    title,
    subject,
    description,
    keywords,
    creator: "Improvement Board",
    lastModifiedBy: "Improvement Board",
    styles: { default: { document: { run: { language: { value: "en-GB" }, font: "Arial", size: 24 } } } },
    sections,
  });
  return Packer.toBuffer(doc);
}
