/**
 * Builds small, valid PDF files for tests (written out by hand: objects,
 * cross-reference table with exact byte offsets, trailer). Test-only; the
 * application never writes PDFs this way.
 */

export type TestPage = {
  /** Lines of text, drawn top-down in Helvetica 12 pt. */
  lines?: string[];
  /** Draw a grey square image instead of (or as well as) text. */
  image?: boolean;
};

const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
const escapePdfString = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);

export function buildTestPdf(pages: TestPage[], opts: { encrypted?: boolean } = {}): Uint8Array {
  const objects: string[] = [];
  const add = (body: string) => {
    objects.push(body);
    return objects.length; // object number
  };
  const catalog = add("");
  const pagesObj = add("");
  const font = add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  const image = add(
    "<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 4 >>\nstream\n\x80\x40\x40\x80\nendstream",
  );
  const kids: number[] = [];
  for (const page of pages) {
    let content = "";
    if (page.image) content += "q 200 0 0 200 100 400 cm /Im1 Do Q\n";
    if (page.lines?.length) {
      content += "BT /F1 12 Tf 14 TL 72 760 Td\n";
      for (const line of page.lines) content += `(${escapePdfString(line)}) Tj T*\n`;
      content += "ET\n";
    }
    const stream = add(`<< /Length ${content.length} >>\nstream\n${content}endstream`);
    const pageObj = add(
      `<< /Type /Page /Parent ${pagesObj} 0 R /MediaBox [0 0 595 842] /Contents ${stream} 0 R /Resources << /Font << /F1 ${font} 0 R >> /XObject << /Im1 ${image} 0 R >> >> >>`,
    );
    kids.push(pageObj);
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObj} 0 R >>`;
  objects[pagesObj - 1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(" ")}] /Count ${kids.length} >>`;
  let encrypt = 0;
  if (opts.encrypted) {
    // Standard security handler, RC4 40-bit. /U does not match the empty user password, so a password is required.
    const hex32 = "A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F90";
    encrypt = add(`<< /Filter /Standard /V 1 /R 2 /O <${hex32}> /U <${hex32.split("").reverse().join("")}> /P -44 >>`);
  }

  let out = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, "0")} 00000 n \n`;
  const id = "<0123456789ABCDEF0123456789ABCDEF>";
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R${encrypt ? ` /Encrypt ${encrypt} 0 R` : ""} /ID [${id} ${id}] >>\nstartxref\n${xref}\n%%EOF\n`;
  return latin1(out);
}
