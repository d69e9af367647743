import { getDb } from "~/utils/db.server";
import { safeFileName } from "~/utils/download.server";
import { getStorage } from "./storage.server";

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
      data: {
        authorityId,
        uploadedById,
        storageKey: put.key,
        fileName: safeFileName(fileName),
        contentType,
        sizeBytes: put.sizeBytes,
        sha256: put.sha256,
      },
    });
  } catch (error) {
    await storage.remove(put.key);
    throw error;
  }
}
