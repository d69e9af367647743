/**
 * Upload benchmark (npm run bench:upload): 1 MB, 20 MB and 100 MB PDF files
 * uploaded through the running production app (the JSON upload route, over
 * HTTP on loopback, streamed from disk), each compared with a plain copy of
 * the same file on the same disk, and the server's peak RSS growth during the
 * upload (sampled from /proc/<pid>/status every 10 ms).
 *
 * Goals (evidence issue): throughput ≥ 80 % of the disk copy, and ≤ 30 MB RSS
 * growth for 100 MB. The figures are printed, not asserted; --check exits 1
 * when a goal is missed.
 *
 *   npm run bench:upload
 *   npm run bench:upload -- --runs 5 --sizes 1,20,100
 *   SKIP_BUILD=1 npm run bench:upload
 */
import { spawnSync } from "node:child_process";
import { createReadStream, createWriteStream, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { pipeline } from "node:stream/promises";
import { copyFile, open, unlink } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { ROOT, flag, median, opt } from "./harness";
import { installSignalHandlers, onCleanup, runCleanups, startServer } from "./server";

const SIZES_MB = opt("--sizes", "1,20,100").split(",").map(Number);
const RUNS = Number(opt("--runs", "3"));
const CHECK = flag("--check");

function rssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

/**
 * A PDF of the given size shaped like a real large evidence file: a page
 * whose content is one big compressed image (a zlib-headed stream of
 * incompressible bytes), so that most of the file is stream data, as in
 * scanned reports. Written in chunks; `seed` makes each file different.
 */
async function makeFile(file: string, bytes: number, seed0 = 12345) {
  const fh = await open(file, "w");
  try {
    const head = Buffer.from(
      "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n" +
        "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 4 0 R >> >> >> endobj\n" +
        `4 0 obj << /Type /XObject /Subtype /Image /Width 2480 /Height 3508 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode /Length ${bytes - 400} >>\nstream\n`,
      "latin1",
    );
    const tail = Buffer.from("\nendstream\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF\n", "latin1");
    await fh.write(head);
    await fh.write(Buffer.from([0x78, 0x9c]));
    let left = bytes - head.length - tail.length - 2;
    const chunk = Buffer.alloc(1024 * 1024);
    let seed = seed0;
    while (left > 0) {
      for (let i = 0; i < chunk.length; i += 4) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        chunk.writeUInt32LE(seed, i);
      }
      const n = Math.min(left, chunk.length);
      await fh.write(chunk, 0, n);
      left -= n;
    }
    await fh.write(tail);
  } finally {
    await fh.close();
  }
}

async function signIn(port: number): Promise<string> {
  const origin = `http://localhost:${port}`;
  const res = await fetch(`${origin}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin },
    body: new URLSearchParams({ email: "owner@leeds.demo", password: "Kestrel-Lantern-Ledger-2026" }).toString(),
  });
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

function upload({
  port,
  cookie,
  actionId,
  file,
  title,
}: {
  port: number;
  cookie: string;
  actionId: string;
  file: string;
  title: string;
}): Promise<{ status: number; body: string }> {
  const boundary = "----ibBenchBoundary";
  const head = Buffer.from(
    [
      ["title", title],
      ["type", "data_report"],
      ["effectiveDate", "2026-10-31"],
    ]
      .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
      .join("") +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${path.basename(file)}"\r\nContent-Type: application/pdf\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const size = statSync(file).size;
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: "127.0.0.1",
      port,
      path: `/a/leeds/actions/${actionId}/evidence/upload`,
      method: "POST",
      headers: {
        cookie,
        origin: `http://127.0.0.1:${port}`,
        "content-type": `multipart/form-data; boundary=${boundary}`,
        "content-length": String(head.length + size + tail.length),
      },
    });
    req.on("error", reject);
    req.on("response", (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.write(head);
    const source = createReadStream(file, { highWaterMark: 256 * 1024 });
    source.on("end", () => req.end(tail));
    source.pipe(req, { end: false });
  });
}

async function main() {
  installSignalHandlers();
  const work = path.join(ROOT, "tests/.tmp/bench-upload");
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  if (!process.env.BENCH_KEEP)
    onCleanup("bench-upload work dir", async () => rmSync(work, { recursive: true, force: true }));
  const databaseUrl = `file:${path.join(work, "app.db")}`;
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    FILES_DIR: path.join(work, "files"),
    MAX_UPLOAD_MB: "200",
    STORAGE_SWEEP: "off",
  };
  const tsx = path.join(ROOT, "node_modules/.bin/tsx");
  if (process.env.SKIP_BUILD !== "1") {
    const b = spawnSync(path.join(ROOT, "node_modules/.bin/react-router"), ["build"], { cwd: ROOT, encoding: "utf8" });
    if (b.status !== 0) throw new Error(`build failed:\n${b.stderr}`);
  }
  for (const args of [["scripts/db.ts", "deploy"], ["prisma/seed.ts"]]) {
    const r = spawnSync(tsx, args, { cwd: ROOT, env, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${args.join(" ")} failed:\n${r.stderr}`);
  }
  const Database = (await import("better-sqlite3")).default;
  const db = new Database(path.join(work, "app.db"), { readonly: true });
  const action = db
    .prepare(`SELECT a.id FROM "Action" a JOIN "User" u ON u.id = a.ownerId WHERE u.email = 'owner@leeds.demo' LIMIT 1`)
    .get() as { id: string };
  db.close();

  const server = await startServer({
    databaseUrl,
    logFile: path.join(work, "server.log"),
    extraEnv: { FILES_DIR: env.FILES_DIR, MAX_UPLOAD_MB: "200", STORAGE_SWEEP: "off" },
    cwd: ROOT,
  });
  const cookie = await signIn(server.port);
  // Warm up the route (first request compiles and loads modules).
  const warm = path.join(work, "warm.pdf");
  await makeFile(warm, 64 * 1024);
  await upload({ port: server.port, cookie, actionId: action.id, file: warm, title: "warm-up" });

  const rows: { mb: number; uploadMs: number; copyMs: number; streamMs: number; ratio: number; rssMb: number }[] = [];
  for (const mb of SIZES_MB) {
    const uploads: number[] = [];
    const copies: number[] = [];
    const streamed: number[] = [];
    let peakGrowthKb = 0;
    for (let run = 0; run < RUNS; run++) {
      const file = path.join(work, `payload-${mb}-${run}.pdf`);
      await makeFile(file, mb * 1024 * 1024, mb * 1000 + run + 1);
      // The disk copy: same bytes, same disk, fresh target.
      const copyTarget = path.join(work, "copy.bin");
      let t = process.hrtime.bigint();
      await copyFile(file, copyTarget);
      const fh = await open(copyTarget, "r+");
      await fh.sync();
      await fh.close();
      copies.push(Number(process.hrtime.bigint() - t) / 1e6);
      await unlink(copyTarget);
      // For context: the same copy through user space (read and write streams), as a server has to.
      t = process.hrtime.bigint();
      await pipeline(createReadStream(file, { highWaterMark: 256 * 1024 }), createWriteStream(copyTarget));
      const fh2 = await open(copyTarget, "r+");
      await fh2.sync();
      await fh2.close();
      streamed.push(Number(process.hrtime.bigint() - t) / 1e6);
      await unlink(copyTarget);

      (global as { gc?: () => void }).gc?.();
      await new Promise((r) => setTimeout(r, 300));
      const base = rssKb(server.pid);
      let peak = base;
      const sampler = setInterval(() => (peak = Math.max(peak, rssKb(server.pid))), 10);
      t = process.hrtime.bigint();
      const res = await upload({
        port: server.port,
        cookie,
        actionId: action.id,
        file,
        title: `bench ${mb} MB run ${run}`,
      });
      uploads.push(Number(process.hrtime.bigint() - t) / 1e6);
      clearInterval(sampler);
      if (res.status !== 201) throw new Error(`upload of ${mb} MB answered ${res.status}: ${res.body.slice(0, 300)}`);
      peakGrowthKb = Math.max(peakGrowthKb, peak - base);
      await unlink(file);
    }
    const uploadMs = median(uploads);
    const copyMs = median(copies);
    rows.push({
      mb,
      uploadMs,
      copyMs,
      streamMs: median(streamed),
      ratio: copyMs / uploadMs,
      rssMb: peakGrowthKb / 1024,
    });
  }
  await server.stop();

  const lines = [
    `Upload benchmark — ${os.cpus().length} cores, Node ${process.version}, disk storage, SQLite; median of ${RUNS} runs; RSS growth is the largest seen`,
    "",
    "| file | upload ms | MB/s | disk copy (copyFile) ms | MB/s | upload ÷ copy speed | streamed copy ms | upload ÷ streamed copy | server RSS growth |",
    "|-----:|----------:|-----:|------------------------:|-----:|--------------------:|-----------------:|-----------------------:|------------------:|",
    ...rows.map(
      (r) =>
        `| ${r.mb} MB | ${r.uploadMs.toFixed(0)} | ${(r.mb / (r.uploadMs / 1000)).toFixed(0)} | ${r.copyMs.toFixed(0)} | ${(r.mb / (r.copyMs / 1000)).toFixed(0)} | ${(r.ratio * 100).toFixed(0)} % | ${r.streamMs.toFixed(0)} | ${((r.streamMs / r.uploadMs) * 100).toFixed(0)} % | ${r.rssMb.toFixed(1)} MB |`,
    ),
    "",
  ];
  const misses: string[] = [];
  for (const r of rows)
    if (r.ratio < 0.8)
      misses.push(`MISS  throughput ≥ 80 % of disk copy: ${r.mb} MB at ${(r.ratio * 100).toFixed(0)} %`);
  const big = rows.find((r) => r.mb === 100);
  if (big && big.rssMb > 30) misses.push(`MISS  RSS growth ≤ 30 MB for 100 MB: ${big.rssMb.toFixed(1)} MB`);
  if (!misses.length) lines.push("All upload goals met.");
  lines.push(...misses);
  const text = lines.join("\n");
  console.log(text);
  writeFileSync(path.join(ROOT, "tests/.tmp/bench-upload-results.md"), text + "\n");
  await runCleanups();
  if (CHECK && misses.length) process.exit(1);
}

main().catch(async (error: unknown) => {
  console.error(error);
  await runCleanups();
  process.exit(1);
});
