/**
 * PDF → text: real reports, hand-built small PDFs, and every kind of wrong
 * file a user can upload.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { OFSTED_DIR } from "../../../../tests/helpers/fixture-expectations";
import { layoutPdfText } from "./pdf-layout";
import { closePdfReader, DEFAULT_MAX_BYTES, extractPdfText, looksLikePdf, type PdfTextResult } from "./pdf-text.server";
import { buildTestPdf } from "../../../../tests/helpers/test-pdf";

afterAll(() => closePdfReader());

const fixture = (name: string) => readFileSync(path.join(OFSTED_DIR, name));
const errorOf = (r: PdfTextResult) => (r.ok ? null : r.error);

describe("reading real reports", () => {
  test("a report's text comes out line by line, with a form feed between pages", async () => {
    const r = await extractPdfText(fixture("02_tameside_ilacs_2024.pdf"));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.pageCount).toBe(13);
    expect(r.text.split("\f")).toHaveLength(13);
    const lines = r.text.split("\n").filter((l) => l !== "");
    expect(lines.slice(0, 4)).toEqual([
      "Inspection of Tameside local authority",
      "children’s services",
      "Inspection dates: 4 to 15 December 2023",
      "Lead inspector: Andy Waugh, His Majesty’s Inspector",
    ]);
    // The running footer and its page number make one line, as in `pdftotext -raw`.
    expect(lines).toContain("4 to 15 December 2023 3");
    expect(r.pagesWithoutText).toEqual([]);
  });

  test("a footnote marker glued to a heading stays on the heading's line", async () => {
    const r = await extractPdfText(fixture("05_trafford_ilacs_2026.pdf"));
    expect(r.ok && r.text.split("\n")).toContain("What needs to improve?1");
  });

  test("the caller's bytes are not changed", async () => {
    const bytes = fixture("09_warrington_fv_2018.pdf");
    const copy = Uint8Array.from(bytes);
    await extractPdfText(bytes);
    expect(Buffer.compare(bytes, copy)).toBe(0);
  });
});

describe("hand-built PDFs", () => {
  test("text lines and pages of a small PDF", async () => {
    const pdf = buildTestPdf([
      { lines: ["What needs to improve?", "The first item.", "The second item."] },
      { lines: ["Page two"] },
    ]);
    const r = await extractPdfText(pdf);
    expect(r.ok && r.text).toBe("What needs to improve?\nThe first item.\nThe second item.\n\fPage two");
  });

  test("a page that is only a picture is reported, the text of the other pages is kept", async () => {
    const r = await extractPdfText(buildTestPdf([{ image: true }, { lines: ["Some text"] }]));
    expect(r.ok && r.pagesWithoutText).toEqual([1]);
    expect(r.ok && r.text).toContain("Some text");
  });
});

describe("wrong files get a clear message", () => {
  test("an empty file", async () => {
    expect(errorOf(await extractPdfText(new Uint8Array()))).toEqual({
      code: "empty",
      status: 400,
      message: "The file is empty. Choose the report's PDF file again.",
    });
  });

  test("a file that is not a PDF (a PNG image)", async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(errorOf(await extractPdfText(png))).toMatchObject({
      code: "not_pdf",
      status: 400,
      message: expect.stringMatching(/not a PDF/),
    });
  });

  test("a text file renamed .pdf", async () => {
    const txt = fixture("01_bcp_ilacs_2022.txt");
    expect(errorOf(await extractPdfText(txt))).toMatchObject({
      code: "not_pdf",
      message: expect.stringMatching(/paste its text/),
    });
  });

  test("a scanned PDF: pages with pictures and no text layer", async () => {
    const scan = buildTestPdf([{ image: true }, { image: true }]);
    expect(looksLikePdf(scan)).toBe(true);
    expect(errorOf(await extractPdfText(scan))).toMatchObject({
      code: "no_text",
      status: 422,
      message: expect.stringMatching(/no text in it, only images \(it may be a scan\)/),
    });
  });

  test("a PDF protected by a password", async () => {
    const locked = buildTestPdf([{ lines: ["Secret"] }], { encrypted: true });
    expect(errorOf(await extractPdfText(locked))).toMatchObject({
      code: "encrypted",
      message: expect.stringMatching(/password/),
    });
  });

  test("a damaged PDF: a header and nothing readable after it", async () => {
    const broken = new TextEncoder().encode("%PDF-1.7\nthis is not really a PDF at all\n");
    expect(errorOf(await extractPdfText(broken))).toMatchObject({ code: "corrupt", status: 422 });
  });

  test("a PDF cut off partway through (an interrupted download)", async () => {
    const full = fixture("01_bcp_ilacs_2022.pdf");
    expect(errorOf(await extractPdfText(full.subarray(0, Math.floor(full.length * 0.3))))).toMatchObject({
      code: "corrupt",
    });
  });

  test("a file over the size limit is refused before it is read, with sizes in the message", async () => {
    const big = new Uint8Array(DEFAULT_MAX_BYTES + 1);
    big.set(new TextEncoder().encode("%PDF-1.7\n"));
    expect(errorOf(await extractPdfText(big))).toEqual({
      code: "too_large",
      status: 413,
      message:
        "The file is 20 MB, which is larger than the 20 MB limit. Ofsted reports are usually under 2 MB: check you chose the right file.",
    });
    expect(errorOf(await extractPdfText(fixture("01_bcp_ilacs_2022.pdf"), { maxBytes: 100_000 }))).toMatchObject({
      code: "too_large",
      message: expect.stringMatching(/^The file is 0\.2 MB, which is larger than the 0\.1 MB limit/),
    });
  });

  test("a PDF with more pages than allowed", async () => {
    expect(errorOf(await extractPdfText(fixture("01_bcp_ilacs_2022.pdf"), { maxPages: 3 }))).toEqual({
      code: "too_many_pages",
      status: 413,
      message:
        "The PDF has 10 pages; at most 3 can be read. Check you chose the inspection report, not a larger bundle.",
    });
  });

  test("reading that takes too long is stopped, and the next file is read normally", async () => {
    const started = Date.now();
    const r = await extractPdfText(fixture("07_havering_sif_2016.pdf"), { timeoutMs: 5 });
    expect(errorOf(r)).toMatchObject({ code: "timeout", status: 422 });
    expect(Date.now() - started).toBeLessThan(2_000);
    const next = await extractPdfText(fixture("09_warrington_fv_2018.pdf"));
    expect(next.ok).toBe(true);
  });

  test("several files at once are read one after another, each with its own result", async () => {
    const [a, b, c] = await Promise.all([
      extractPdfText(fixture("11_shropshire_fv_2024.pdf")),
      extractPdfText(new Uint8Array()),
      extractPdfText(fixture("12_slough_fv_2026.pdf")),
    ]);
    expect(a.ok && a.pageCount).toBe(6);
    expect(errorOf(b)?.code).toBe("empty");
    expect(c.ok && c.pageCount).toBe(5);
  });
});

describe("layout of text runs (pure)", () => {
  const run = (str: string, x: number, y: number, size = 12, width = str.length * size * 0.5) => ({
    str,
    transform: [size, 0, 0, size, x, y],
    width,
    height: size,
  });

  test("runs on one baseline make one line; a new baseline starts a new line", () => {
    expect(layoutPdfText([{ runs: [run("Hello", 70, 700), run("world", 110, 700), run("Next line", 70, 686)] }])).toBe(
      "Hello world\nNext line",
    );
  });

  test("a larger vertical gap inside a page becomes an empty line (a paragraph break)", () => {
    const runs = [
      run("Title", 70, 760),
      run("First paragraph", 70, 730),
      run("continues here.", 70, 716),
      run("Second paragraph.", 70, 680),
      run("Footer", 70, 40),
    ];
    expect(layoutPdfText([{ runs }])).toBe("Title\nFirst paragraph\ncontinues here.\n\nSecond paragraph.\nFooter");
  });

  test("a raised, smaller footnote marker joins the line it follows", () => {
    const runs = [run("What needs to improve?", 70, 700, 14, 150), run("1", 221, 705, 8, 4)];
    expect(layoutPdfText([{ runs }])).toBe("What needs to improve?1");
  });

  test("control characters and empty runs are dropped; pages are separated by form feeds", () => {
    expect(layoutPdfText([{ runs: [run("a\u0000b", 70, 700), run("", 90, 700)] }, { runs: [run("c", 70, 700)] }])).toBe(
      "ab\n\fc",
    );
  });
});
