/**
 * A flate bomb for tests and the abuse benchmark: a small, valid PDF whose
 * pages all share one FlateDecode content stream that inflates to `inflatedMiB`
 * (1 GiB by default) of spaces. Test-only; the application never writes PDFs.
 *
 * The stream is built without ever holding the inflated data: one MiB of
 * spaces is compressed once with a full flush (which resets the compressor's
 * state), so its compressed block can be repeated as often as wanted; an
 * empty final block and the Adler-32 of the whole (computed in closed form)
 * end the zlib stream. About 1 KB per inflated MiB.
 */
import { constants, deflateRawSync } from "node:zlib";

const MIB = 1024 * 1024;
const SPACE = 0x20;

function adler32OfSpaces(length: number): number {
  const mod = 65521n;
  const n = BigInt(length);
  const c = BigInt(SPACE);
  const a = (1n + n * c) % mod;
  const b = (n + (c * n * (n + 1n)) / 2n) % mod;
  return Number((b << 16n) | a);
}

function bombStream(inflatedMiB: number): Buffer {
  const block = deflateRawSync(Buffer.alloc(MIB, SPACE), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const last = Buffer.from([0x03, 0x00]); // an empty final block with fixed codes
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32BE(adler32OfSpaces(inflatedMiB * MIB) >>> 0);
  return Buffer.concat([Buffer.from([0x78, 0xda]), ...Array.from({ length: inflatedMiB }, () => block), last, trailer]);
}

export function buildPdfBomb({
  pages = 10,
  inflatedMiB = 1024,
}: { pages?: number; inflatedMiB?: number } = {}): Uint8Array {
  const stream = bombStream(inflatedMiB);
  const parts: Buffer[] = [];
  const offsets: number[] = [];
  let size = 0;
  const push = (b: Buffer | string) => {
    const buf = typeof b === "string" ? Buffer.from(b, "latin1") : b;
    parts.push(buf);
    size += buf.length;
  };
  const object = (n: number, body: Buffer | string, after = "") => {
    offsets[n] = size;
    push(`${n} 0 obj\n`);
    push(body);
    push(`${after}\nendobj\n`);
  };
  push("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
  const firstPage = 4;
  const kids = Array.from({ length: pages }, (_, i) => `${firstPage + i} 0 R`).join(" ");
  object(1, "<< /Type /Catalog /Pages 2 0 R >>");
  object(2, `<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`);
  offsets[3] = size;
  push(`3 0 obj\n<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`);
  push(stream);
  push("\nendstream\nendobj\n");
  for (let i = 0; i < pages; i++)
    object(firstPage + i, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R /Resources << >> >>");
  const count = firstPage + pages;
  const xref = size;
  push(`xref\n0 ${count}\n0000000000 65535 f \n`);
  for (let n = 1; n < count; n++) push(`${String(offsets[n]).padStart(10, "0")} 00000 n \n`);
  push(`trailer\n<< /Size ${count} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return new Uint8Array(Buffer.concat(parts, size));
}
