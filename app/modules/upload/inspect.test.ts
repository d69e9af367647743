import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import {
  HOSTILE,
  SAMPLES,
  csvWindows1252,
  docx,
  jpeg,
  pdfFromObjects,
  png,
  txt,
  writeTemp,
  type Expectation,
} from "../../../tests/fixtures/hostile/make";
import { ACCEPT_ATTRIBUTE, DEFAULT_MAX_UPLOAD_BYTES, FILE_KINDS, maxUploadBytes } from "./file-kinds";
import { inspectStagedFile, pdfHasActiveContent, type Inspection } from "./inspect.server";

/** What the upload path makes of a file with these bytes (a string: its UTF-8 text) and this name. */
async function inspect(content: Buffer | string, fileName: string): Promise<Inspection> {
  const bytes = typeof content === "string" ? Buffer.from(content) : content;
  const file = await writeTemp(bytes, fileName);
  try {
    return await inspectStagedFile({ path: file.path, fileName, sizeBytes: bytes.length });
  } finally {
    await file.cleanup();
  }
}

function check(result: Inspection, expected: Expectation) {
  if (expected.ok) {
    expect(result).toMatchObject({
      ok: true,
      kind: expected.kind,
      contentType: FILE_KINDS[expected.kind].contentType,
      extension: FILE_KINDS[expected.kind].extensions[0],
    });
    if (result.ok) expect(result.warnings).toEqual(expected.warnings ?? []);
  } else {
    expect(result).toMatchObject({ ok: false, code: expected.code });
    if (!result.ok && expected.message) expect(result.message).toMatch(expected.message);
  }
}

for (const sample of SAMPLES) {
  test(`a real ${sample.title} is accepted as ${sample.expect.ok ? sample.expect.kind : "?"}`, async () => {
    check(await inspect(await sample.bytes(), sample.fileName), sample.expect);
  });
}

for (const hostile of HOSTILE) {
  test(`${hostile.title}: ${hostile.expect.ok ? `accepted as ${hostile.expect.kind}${hostile.expect.warnings?.length ? " with a warning" : ""}` : `refused (${hostile.expect.code})`}`, async () => {
    const result = await inspect(await hostile.bytes(), hostile.fileName);
    check(result, hostile.expect);
    // A refusal is a plain sentence for the person uploading.
    if (!result.ok) expect(result.message).toMatch(/^[A-Z].*\.$/s);
  });
}

test("the content decides the kind and the canonical extension, whatever the name says", async () => {
  for (const [bytes, fileName, kind, extension, contentType] of [
    [png(), "evidence.pdf", "png", "png", "image/png"],
    [jpeg(), "PHOTO.JPEG", "jpeg", "jpg", "image/jpeg"],
    [docx(), "plan", "docx", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
    [txt(), "../../etc/passwd", "txt", "txt", "text/plain"],
    [txt(), "notes.csv", "csv", "csv", "text/csv"],
  ] as const)
    expect(await inspect(bytes, fileName), fileName).toMatchObject({ ok: true, kind, extension, contentType });
});

test("text without email headers named .eml is text; with them, any other name is still text", async () => {
  expect(await inspect(txt(), "minutes.eml")).toMatchObject({ ok: true, kind: "txt" });
  const email = Buffer.from("From: a@b.example\r\nSubject: Minutes\r\n\r\nHello\r\n");
  expect(await inspect(email, "minutes.eml")).toMatchObject({ ok: true, kind: "eml", contentType: "message/rfc822" });
  expect(await inspect(email, "minutes.txt")).toMatchObject({ ok: true, kind: "txt" });
});

test("a Windows-1252 CSV from Excel is accepted, with its charset", async () => {
  expect(await inspect(csvWindows1252(), "budget.csv")).toMatchObject({
    ok: true,
    kind: "csv",
    charset: "windows-1252",
  });
  expect(await inspect(txt(), "notes.txt")).toMatchObject({ ok: true, kind: "txt", charset: "utf-8" });
});

test("text that starts like a two-byte signature (BM for bitmap, MZ for a program) is still text", async () => {
  expect(await inspect("BMI,Weight,Height\n21.4,60,1.68\n", "bmi.csv")).toMatchObject({ ok: true, kind: "csv" });
  expect(await inspect("MZ Smith: case notes reviewed\n", "notes.txt")).toMatchObject({ ok: true, kind: "txt" });
});

test("an email with an HTML body is accepted, but not one carrying a script", async () => {
  const head = "From: a@b.example\r\nTo: c@d.example\r\nSubject: x\r\nContent-Type: text/html\r\n\r\n";
  expect(await inspect(`${head}<html><body>Hi</body></html>`, "x.eml")).toMatchObject({ ok: true, kind: "eml" });
  expect(await inspect(`${head}<html><body><script>x()</script></body></html>`, "x.eml")).toMatchObject({
    ok: false,
    code: "markup",
  });
});

test("markup is found after a BOM and whitespace, in any case", async () => {
  expect(await inspect("\ufeff  \n<HTML><BODY>hi</BODY></HTML>", "notes.txt")).toMatchObject({
    ok: false,
    code: "markup",
    message: expect.stringMatching(/^This file is an HTML page, not a text file\./),
  });
  expect(await inspect("<?xml version='1.0'?><root/>", "data.csv")).toMatchObject({
    ok: false,
    code: "markup",
    message: expect.stringMatching(/an XML document, not a CSV file/),
  });
  expect(await inspect("Link,Target\nhome,JavaScript:alert(1)\n", "links.csv")).toMatchObject({
    ok: false,
    code: "markup",
  });
  // "<5 years" is not a tag.
  expect(await inspect("<5 years,12\n5-10 years,30\n", "ages.csv")).toMatchObject({ ok: true, kind: "csv" });
});

test("real Ofsted PDFs are PDFs; the one with the Word source attached by Acrobat PDFMaker is flagged", async () => {
  const dir = path.resolve("tests/fixtures/ofsted");
  const pdfs = readdirSync(dir).filter((f) => f.endsWith(".pdf"));
  expect(pdfs.length).toBeGreaterThan(10);
  const flagged: string[] = [];
  for (const name of pdfs) {
    const file = path.join(dir, name);
    const result = await inspectStagedFile({ path: file, fileName: name, sizeBytes: statSync(file).size });
    expect(result, name).toMatchObject({ ok: true, kind: "pdf" });
    if (result.ok && result.warnings.length) flagged.push(name);
  }
  expect(flagged).toEqual(["17_haringey_jar_progress_2009.pdf"]);
});

test("a name of interest split across two read chunks is still found", async () => {
  const build = (pad: number) =>
    pdfFromObjects([
      `<< /Type /Catalog /Pages 2 0 R /Pad (${"a".repeat(pad)}) /OpenAction 3 0 R >>`,
      "<< /Type /Pages /Kids [] /Count 0 >>",
      "<< /S /JavaScript /JS (x) >>",
    ]);
  const probe = build(70_000);
  const at = probe.indexOf("/JavaScript");
  const bytes = build(70_000 + (65_536 - 4 - at)); // "/Jav" | "aScript": the boundary falls inside the name
  expect(bytes.subarray(65_536 - 4, 65_536 + 7).toString("latin1")).toBe("/JavaScript");
  const file = await writeTemp(bytes, "split.pdf");
  try {
    expect(await pdfHasActiveContent(file.path)).toBe(true);
  } finally {
    await file.cleanup();
  }
});

test("compressed stream data is skipped quickly, and scanning resumes after it, wherever its endstream falls", async () => {
  // A 300 KB zlib-headed image stream (skipped with indexOf), then a JavaScript action after it.
  for (const shift of [0, 1, 5, 8]) {
    const image = Buffer.concat([Buffer.from([0x78, 0x9c]), Buffer.alloc(300_000 + shift, 0x41)]);
    const head = Buffer.from(
      `%PDF-1.7\n4 0 obj << /Filter /FlateDecode /Length ${image.length} >>\nstream\n`,
      "latin1",
    );
    const after = Buffer.from(
      "\nendstream\nendobj\n1 0 obj << /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
      "latin1",
    );
    const clean = Buffer.from(
      "\nendstream\nendobj\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
      "latin1",
    );
    for (const [tail, expected] of [
      [after, true],
      [clean, false],
    ] as const) {
      const file = await writeTemp(Buffer.concat([head, image, tail]), "image.pdf");
      try {
        expect(await pdfHasActiveContent(file.path), `shift ${shift}, active ${expected}`).toBe(expected);
      } finally {
        await file.cleanup();
      }
    }
  }
});

test("a staged file whose size does not match is a programming error", async () => {
  const file = await writeTemp(txt(), "notes.txt");
  try {
    await expect(inspectStagedFile({ path: file.path, fileName: "notes.txt", sizeBytes: 1 })).rejects.toThrow(/not 1/);
  } finally {
    await file.cleanup();
  }
});

test("the accept attribute lists every extension and content type; the upload limit comes from MAX_UPLOAD_MB", () => {
  for (const kind of Object.values(FILE_KINDS)) {
    for (const ext of kind.extensions) expect(ACCEPT_ATTRIBUTE.split(",")).toContain(`.${ext}`);
    expect(ACCEPT_ATTRIBUTE.split(",")).toContain(kind.contentType);
  }
  expect(maxUploadBytes(undefined)).toBe(DEFAULT_MAX_UPLOAD_BYTES);
  expect(maxUploadBytes(" ")).toBe(50 * 1024 * 1024);
  expect(maxUploadBytes("10")).toBe(10 * 1024 * 1024);
  expect(maxUploadBytes("0.5")).toBe(512 * 1024);
  for (const bad of ["0", "-1", "ten", "1e3", "20000"]) expect(() => maxUploadBytes(bad)).toThrow(/MAX_UPLOAD_MB/);
});
