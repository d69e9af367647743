/**
 * Reads an uploaded action plan (XLSX or CSV) into raw rows. The file comes
 * by the one upload path (ADR 020): streamed to staging, then checked here by
 * its content with the evidence rules (checkUpload): an XLSX must be a real
 * Office workbook (a zip, checked for zip bombs and macros), a CSV must be
 * text. XLSX is read from the staged file with exceljs; CSV with exceljs's
 * CSV reader (fast-csv underneath), given the decoded text with every value
 * kept as written (no guessing of numbers or dates).
 *
 * Never throws for a bad file: the refusal is a message to show as it is.
 */
import path from "node:path";
import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import yauzl from "yauzl";
import {
  checkUpload,
  readStaged,
  type ContentPolicy,
  type StagedFile,
  type UploadLimits,
} from "~/modules/upload/upload.server";
import { MAX_CARRIED_BYTES, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, PLAN_COLUMNS, type PlanColumnKey } from "./columns";
import { cellText, type CellValue } from "./cells";
import type { Result } from "~/utils/result";

const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

/**
 * The plan file on the one upload path: up to MAX_IMPORT_BYTES streamed to
 * staging. Beside it the preview page may carry the checked file back (base64
 * in `fileData`, at most MAX_CARRIED_BYTES) with the versions it was checked
 * against, so the fields may hold that much.
 */
export const PLAN_UPLOAD: UploadLimits = {
  maxBytes: MAX_IMPORT_BYTES,
  tooLargeMessage: `The selected file must be smaller than ${mb(MAX_IMPORT_BYTES)}`,
  maxFieldBytes: Math.ceil(MAX_CARRIED_BYTES / 3) * 4 + 4,
  maxFieldsBytes: MAX_CARRIED_BYTES * 2 + 256 * 1024,
};
const PLAN_CONTENT: ContentPolicy = {
  accept: ["xlsx", "csv", "txt"],
  scan: false,
  wrongKind: {
    message:
      "This file is not an Excel workbook (.xlsx) or a CSV file. Download the plan, change it, and upload it as .xlsx or .csv.",
  },
};

export type RawRow = {
  /** The row's number as the spreadsheet shows it (the header is row 1). */
  rowNumber: number;
  cells: Partial<Record<PlanColumnKey, CellValue>>;
};
export type ReadResult = Result<{ format: "xlsx" | "csv"; rows: RawRow[]; columns: PlanColumnKey[] }>;

/** A plan of MAX_IMPORT_ROWS rows is a few MB of sheet XML; more than this unpacked is not a plan. */
const MAX_UNPACKED_BYTES = 40 * 1024 * 1024;
async function unpackedSize(file: string): Promise<number | null> {
  try {
    const zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false });
    try {
      let total = 0;
      for await (const entry of zip.eachEntry()) total += entry.uncompressedSize;
      return total;
    } finally {
      zip.close();
    }
  } catch {
    return null;
  }
}

/** Reads the staged plan file; the caller removes it afterwards (withStaged). `fileName` words refusals. */
export async function readPlanFile({ file, fileName }: { file: StagedFile; fileName: string }): Promise<ReadResult> {
  if (file.sizeBytes === 0) return { ok: false, message: "The selected file is empty" };
  if (file.sizeBytes > MAX_IMPORT_BYTES)
    return { ok: false, message: `The selected file must be smaller than ${mb(MAX_IMPORT_BYTES)}` };
  const safeName = path.basename(fileName || "plan").slice(0, 200);
  const found = await checkUpload({ ...file, fileName: safeName }, PLAN_CONTENT);
  if (!found.ok) return { ok: false, message: found.message };
  if (found.kind === "xlsx") {
    const size = await unpackedSize(file.path);
    if (size === null)
      return {
        ok: false,
        message: "This Excel workbook is damaged, so it cannot be read. Open it, save a new copy and upload that.",
      };
    if (size > MAX_UNPACKED_BYTES)
      return {
        ok: false,
        message: `This workbook unpacks to ${mb(size)}, which is far more than an action plan. Upload the plan sheet on its own.`,
      };
    return readXlsx(file.path);
  }
  // csv or txt (PLAN_CONTENT accepts nothing else). Read whole only now, at most MAX_IMPORT_BYTES, after the checks.
  const text = new TextDecoder(found.charset ?? "utf-8").decode(await readStaged(file)).replace(/^\uFEFF/, "");
  return readCsv(text);
}

async function readXlsx(file: string): Promise<ReadResult> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(file);
  } catch {
    return {
      ok: false,
      message:
        "This Excel workbook could not be read. Open it, save a new copy as an Excel workbook (.xlsx) and upload that.",
    };
  }
  // The plan sheet: the first with an "Action ID" header.
  const sheet = wb.worksheets.find((ws) => headerMap(rowValues(ws, 1)).ok) ?? wb.worksheets[0];
  if (!sheet) return { ok: false, message: "This workbook has no sheets." };
  return fromGrid(
    (function* () {
      for (let r = 1; r <= sheet.rowCount; r++) yield rowValues(sheet, r);
    })(),
    "xlsx",
  );
}

function rowValues(ws: ExcelJS.Worksheet, r: number): CellValue[] {
  const row = ws.getRow(r);
  const out: CellValue[] = [];
  for (let c = 1; c <= Math.max(row.cellCount, PLAN_COLUMNS.length); c++) out.push(row.getCell(c).value);
  return out;
}

async function readCsv(text: string): Promise<ReadResult> {
  const wb = new ExcelJS.Workbook();
  let sheet: ExcelJS.Worksheet;
  try {
    // `map` keeps each value as written: exceljs would otherwise turn "0012" into 12 and guess US dates.
    sheet = await wb.csv.read(Readable.from([text]), { map: (v: unknown) => v } as never);
  } catch (e) {
    return {
      ok: false,
      message: `This CSV file could not be read: ${e instanceof Error ? e.message : "it is not valid CSV"}. Save it again as "CSV UTF-8" and upload that.`,
    };
  }
  return fromGrid(
    (function* () {
      for (let r = 1; r <= sheet.rowCount; r++) {
        const row = sheet.getRow(r);
        const out: CellValue[] = [];
        for (let c = 1; c <= row.cellCount; c++) out.push(row.getCell(c).value);
        yield out;
      }
    })(),
    "csv",
  );
}

const norm = (v: CellValue) =>
  String(typeof v === "string" || typeof v === "number" ? v : "")
    .trim()
    .toLowerCase()
    .replace(/\s+/g, " ");

/** Which column each header cell is. Unknown headers are ignored; a missing column means "leave as it is". */
function headerMap(values: CellValue[]): Result<{ byIndex: Map<number, PlanColumnKey> }> {
  const byIndex = new Map<number, PlanColumnKey>();
  const seen = new Set<PlanColumnKey>();
  values.forEach((v, i) => {
    const col = PLAN_COLUMNS.find((c) => c.header.toLowerCase() === norm(v));
    if (!col) return;
    if (seen.has(col.key)) return;
    seen.add(col.key);
    byIndex.set(i, col.key);
  });
  if (!seen.has("actionId"))
    return {
      ok: false,
      message: `The first row must be the column headings of the downloaded plan, starting with "Action ID". Download the plan to get the layout.`,
    };
  return { ok: true, byIndex };
}

function fromGrid(grid: Iterable<CellValue[]>, format: "xlsx" | "csv"): ReadResult {
  let header: Map<number, PlanColumnKey> | null = null;
  const rows: RawRow[] = [];
  let n = 0;
  for (const values of grid) {
    n += 1;
    if (!header) {
      const h = headerMap(values);
      if (!h.ok) return h;
      header = h.byIndex;
      continue;
    }
    if (values.every((v) => cellText(v).trim() === "")) continue;
    if (rows.length >= MAX_IMPORT_ROWS)
      return {
        ok: false,
        message: `The file has more than ${MAX_IMPORT_ROWS.toLocaleString("en-GB")} rows. Split it and import each part.`,
      };
    const cells: RawRow["cells"] = {};
    for (const [i, key] of header) cells[key] = values[i] ?? null;
    rows.push({ rowNumber: n, cells });
  }
  if (!header) return { ok: false, message: "The file is empty: it has no column headings." };
  return { ok: true, format, rows, columns: [...header.values()] };
}
