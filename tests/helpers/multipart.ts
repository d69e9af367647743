/**
 * multipart/form-data bodies as a browser sends them, for tests and benchmarks
 * that upload a file: whole (`multipart`), or in parts for a body generated
 * while it is sent.
 */

export const BOUNDARY = "----ibTestBoundary";
export const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;

/** One form field. */
export const fieldPart = (name: string, value: string) =>
  Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);

/** The head of the file field; the file's bytes follow it, then `END_AFTER_FILE`. */
export const filePart = (fileName: string, type = "application/octet-stream") =>
  Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`,
  );

export const END_AFTER_FILE = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);

/** A body of `fields` and, if given, a file in the field "file" (declared as `type`, application/octet-stream unless given). */
export function multipart(fields: Record<string, string>, file?: { name: string; bytes: Uint8Array; type?: string }) {
  const parts = Object.entries(fields).map(([k, v]) => fieldPart(k, v));
  if (file) parts.push(filePart(file.name, file.type), Buffer.from(file.bytes), END_AFTER_FILE);
  else parts.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return { body: Buffer.concat(parts), contentType: MULTIPART };
}

/** A PDF file for `multipart`, declared as one. */
export const pdfFile = (name: string, bytes: Uint8Array) => ({ name, bytes, type: "application/pdf" });
