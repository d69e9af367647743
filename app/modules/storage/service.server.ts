import { getDb } from "~/utils/db.server";
import { cleanText } from "~/utils/text";
import { getStorage } from "./storage.server";

/** Safe display / download name: no path, no control, bidi override or quote characters, bounded length. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "file";
  const controlsMarked = [...base]
    .map((ch) => (ch.charCodeAt(0) < 32 || ch.charCodeAt(0) === 127 || '"<>:|?*'.includes(ch) ? "_" : ch))
    .join("");
  // Then the shared text schema's cleaning: C1 controls and bidi overrides ("invoice\u202Efdp.exe" showing as "invoiceexe.pdf") go.
  const cleaned = cleanText(controlsMarked).slice(-120);
  return cleaned || "file";
}

/** Content-Disposition for a stored file's (already safe) name: an ASCII fallback and the exact UTF-8 name. */
export function contentDisposition(fileName: string, disposition: "attachment" | "inline" = "attachment"): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\;]/g, "_");
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * Stores bytes and records them. The file is committed to storage before its
 * row exists, so no row ever points at a missing or partial file; if the row
 * cannot be written the file is removed.
 */
export async function storeFile({
  authorityId,
  uploadedById,
  fileName,
  contentType,
  bytes,
  maxBytes,
}: {
  authorityId: string;
  uploadedById: string | null;
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
  maxBytes: number;
}) {
  const storage = getStorage();
  const put = await storage.put({ source: bytes, maxBytes, prefix: authorityId });
  try {
    return await getDb().storedFile.create({
      data: { authorityId, uploadedById, storageKey: put.key, fileName: safeFileName(fileName), contentType, sizeBytes: put.sizeBytes, sha256: put.sha256 },
    });
  } catch (error) {
    await storage.remove(put.key);
    throw error;
  }
}
