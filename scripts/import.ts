/**
 * Bulk import of Ofsted reports from the command line.
 *
 *   npm run import -- <file-or-folder> [--json] [--authority <ONS code or slug>]
 *
 * Reads one report (PDF or text) or every .pdf/.txt in a folder and prints
 * what it found, without saving. With --authority it saves each report as an
 * inspection of that authority, after the same validation as the review form.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { stopJobQueue } from "../app/modules/jobs/runner.server";
import { disconnectDb, getDb } from "../app/utils/db.server";
import { readPastedReport, readUploadedReport, type ReadOutcome } from "../app/modules/inspection/import-read.server";
import { closePdfReader, looksLikePdf } from "../app/modules/inspection/import/pdf-text.server";
import { ReviewSchema, type ReviewDefaults } from "../app/modules/inspection/forms";
import { createInspectionFromReview } from "../app/modules/inspection/import-draft.server";
import { stageFile, storeStaged, withStaged } from "../app/modules/upload/upload.server";
import { MAX_REPORT_BYTES } from "../app/modules/inspection/import-read.server";

type Row = {
  file: string;
  ok: boolean;
  kind?: string;
  items?: number;
  notFound?: string;
  error?: string;
  saved?: string;
  result?: unknown;
  found?: ReviewDefaults;
};

async function listFiles(target: string): Promise<string[]> {
  const s = await stat(target);
  if (!s.isDirectory()) return [target];
  const names = (await readdir(target)).filter((n) => /\.(pdf|txt)$/i.test(n)).sort();
  // A folder of fixtures often holds the same report as .pdf and .txt: read the PDF.
  const pdfs = new Set(names.filter((n) => /\.pdf$/i.test(n)).map((n) => n.replace(/\.pdf$/i, "")));
  return names.filter((n) => /\.pdf$/i.test(n) || !pdfs.has(n.replace(/\.txt$/i, ""))).map((n) => path.join(target, n));
}

async function readOne(file: string): Promise<{ outcome: ReadOutcome; bytes: Uint8Array; isPdf: boolean }> {
  const bytes = new Uint8Array(await readFile(file));
  const isPdf = looksLikePdf(bytes) || /\.pdf$/i.test(file);
  const outcome = isPdf
    ? await readUploadedReport({ bytes })
    : readPastedReport({ text: new TextDecoder().decode(bytes) });
  return { outcome, bytes, isPdf };
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      json: { type: "boolean", default: false },
      authority: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help || positionals.length !== 1) {
    console.error("Usage: npm run import -- <file-or-folder> [--json] [--authority <ONS code or slug>]");
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const files = await listFiles(positionals[0]!);
  const authority = values.authority
    ? await getDb().authority.findFirst({ where: { OR: [{ onsCode: values.authority }, { slug: values.authority }] } })
    : null;
  if (values.authority && !authority) {
    console.error(`No authority with ONS code or slug "${values.authority}".`);
    process.exitCode = 2;
    return;
  }

  const rows: Row[] = [];
  for (const [i, file] of files.entries()) {
    const name = path.basename(file);
    if (files.length > 1) process.stderr.write(`[${i + 1}/${files.length}] ${name} … `);
    let row: Row;
    try {
      const { outcome, bytes, isPdf } = await readOne(file);
      if (!outcome.ok) {
        row = { file: name, ok: false, error: outcome.message };
      } else {
        const d = outcome.defaults;
        row = {
          file: name,
          ok: true,
          kind: d.type,
          items: d.items.length,
          notFound: d.notFound,
          result: values.json ? outcome.result : undefined,
          found: d,
        };
        if (authority) {
          const parsed = ReviewSchema.safeParse({
            ...d,
            items: d.items.map((it) => ({ ...it, keep: it.keep ? "on" : undefined })),
          });
          if (!parsed.success) {
            row = {
              ...row,
              ok: false,
              error: `not saved: ${parsed.error.issues.map((x) => `${x.path.join(".")}: ${x.message}`).join("; ")}`,
            };
          } else {
            const source = isPdf
              ? await withStaged(
                  await stageFile({ source: bytes, fileName: name, maxBytes: MAX_REPORT_BYTES }),
                  (staged) =>
                    storeStaged({
                      file: staged,
                      authorityId: authority.id,
                      uploadedById: null,
                      fileName: name,
                      contentType: "application/pdf",
                    }),
                )
              : null;
            const created = await createInspectionFromReview({
              authorityId: authority.id,
              actorId: null,
              value: parsed.data,
              sourceText: outcome.text,
              sourceFileId: source?.id ?? null,
            });
            row.saved = created.id;
          }
        }
      }
    } catch (error) {
      row = { file: name, ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    rows.push(row);
    if (files.length > 1)
      process.stderr.write(
        row.ok
          ? `${row.items} item${row.items === 1 ? "" : "s"}${row.saved ? ", saved" : ""}\n`
          : `failed: ${row.error}\n`,
      );
    if (!values.json && files.length === 1) printDetail(row);
  }

  if (values.json) {
    console.log(
      JSON.stringify(
        rows.map(({ found: _found, ...r }) => r),
        null,
        2,
      ),
    );
  } else {
    const read = rows.filter((r) => r.ok);
    const failed = rows.filter((r) => !r.ok);
    const none = read.filter((r) => (r.items ?? 0) === 0);
    console.log(`\nDocuments read: ${read.length} of ${rows.length}`);
    console.log(`Items found: ${read.reduce((n, r) => n + (r.items ?? 0), 0)}`);
    console.log(
      `Documents with no items: ${none.length}${none.length ? ` (${none.map((r) => r.file).join(", ")})` : ""}`,
    );
    console.log(`Failures: ${failed.length}`);
    for (const f of failed) console.log(`  ${f.file}: ${f.error}`);
    if (authority) console.log(`Saved to ${authority.name}: ${rows.filter((r) => r.saved).length}`);
  }
  if (rows.some((r) => !r.ok)) process.exitCode = 1;
}

function printDetail(row: Row) {
  if (!row.ok) return;
  const d = row.found!;
  console.log(`${row.file}: ${d.type}${d.authorityName ? `, ${d.authorityName}` : ""}`);
  console.log(
    `  ${d.title}; inspected ${d.startDate ?? "?"} to ${d.endDate ?? "?"}; published ${d.publishedAt ?? "?"}; lead inspector ${d.leadInspector ?? "?"}`,
  );
  for (const j of d.judgements) console.log(`  Judgement: ${j.area}: ${j.gradeText}`);
  if (row.notFound) console.log(`  No improvement section found: ${row.notFound}`);
  for (const it of d.items) console.log(`  ${it.reference} [${it.kind}]${it.unsure ? " (unsure)" : ""} ${it.text}`);
}

main()
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(async () => {
    await closePdfReader();
    await stopJobQueue();
    await disconnectDb();
  });
