/**
 * The program run by each PDF reader child process (ADR 014), as ES module
 * source for `node --input-type=module -e`. It is a string, not a file,
 * because the production build bundles the server into one file and a child
 * needs a program it can be started with; it may import only Node built-ins
 * and pdf.js (through unpdf, whose file URL arrives in UNPDF_URL).
 *
 * One job at a time. Before pdf.js sees a file, every zlib stream in it is
 * inflated (streaming, nothing kept) and counted against a budget: a flate
 * bomb is refused after the budget's worth of work, long before pdf.js would
 * have built it in memory. The parent watches this process's RSS and clock
 * and kills it on breach; this code does not need to be trusted to stop.
 */
export const PDF_CHILD_SOURCE = String.raw`
import zlib from "node:zlib";
const { getDocumentProxy } = await import(process.env.UNPDF_URL);

function zlibHeaderAt(b, i) {
  const c = b[i], f = b[i + 1];
  return i + 1 < b.length && (c & 0x0f) === 8 && c >> 4 <= 7 && ((c << 8) | f) % 31 === 0;
}

/** Bytes the zlib data inflates to, counting no further than limit. Damaged data counts what came out. */
function inflatedSize(data, limit) {
  return new Promise((resolve) => {
    const z = zlib.createInflate({ finishFlush: zlib.constants.Z_SYNC_FLUSH, chunkSize: 1024 * 1024 });
    let n = 0;
    let done = false;
    const finish = () => { if (!done) { done = true; resolve(n); } };
    z.on("data", (c) => { n += c.length; if (n >= limit) { finish(); z.destroy(); } });
    z.on("end", finish);
    z.on("error", finish);
    z.on("close", finish);
    z.end(data);
  });
}

/** True when the file's zlib streams together inflate to more than budget bytes. */
async function inflatesTooMuch(bytes, budget) {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  let i = 0;
  while ((i = buf.indexOf("stream", i, "latin1")) >= 0) {
    if (i >= 3 && buf.toString("latin1", i - 3, i) === "end") { i += 6; continue; }
    let s = i + 6;
    if (buf[s] === 13) s++;
    if (buf[s] === 10) s++;
    let e = buf.indexOf("endstream", s, "latin1");
    if (e < 0) e = buf.length;
    i = e;
    if (!zlibHeaderAt(buf, s)) continue;
    budget -= await inflatedSize(buf.subarray(s, e), budget + 1);
    if (budget < 0) return true;
  }
  return false;
}

async function readText(id, data, maxPages, maxInflatedBytes) {
  const post = (m) => process.send({ id, ...m });
  // pdf.js refuses a Buffer; a Buffer sent by the parent arrives as one.
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (await inflatesTooMuch(bytes, maxInflatedBytes)) return post({ type: "inflated" });
  let pdf = null;
  try {
    try {
      pdf = await getDocumentProxy(bytes, { verbosity: 0, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, stopAtErrors: false });
    } catch (e) {
      return post({ type: "error", name: String(e && e.name) });
    }
    const pageCount = pdf.numPages;
    if (pageCount > maxPages) return post({ type: "too-many-pages", pageCount });
    const pages = [];
    for (let n = 1; n <= pageCount; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      const runs = [];
      for (const it of content.items) {
        if (typeof it.str !== "string") continue;
        runs.push({ str: it.str, transform: Array.from(it.transform), width: it.width, height: it.height });
      }
      pages.push({ runs });
      page.cleanup();
    }
    post({ type: "ok", pageCount, pages });
  } catch (e) {
    post({ type: "error", name: String(e && e.name) });
  } finally {
    if (pdf) await pdf.destroy().catch(() => {});
  }
}

process.on("message", (m) => {
  if (m && m.kind === "text") void readText(m.id, m.bytes, m.maxPages, m.maxInflatedBytes);
});
process.on("disconnect", () => process.exit(0));
// For systems without /proc: the parent reads RSS from these when it cannot read it itself.
setInterval(() => process.connected && process.send({ id: 0, type: "rss", rss: process.memoryUsage.rss() }), 100).unref();
process.send({ id: 0, type: "ready" });
`;
