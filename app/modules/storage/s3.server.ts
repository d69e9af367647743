/**
 * S3-compatible backend of FileStorage (AWS S3, MinIO, Ceph, …), chosen with
 * STORAGE_BACKEND=s3 (settings in storage.server.ts). Writes go through
 * lib-storage's Upload: a single PUT below one part, otherwise a multipart
 * upload, so an object only becomes visible when complete. Parts are 8 MB and
 * at most two are in flight, so memory stays about 24 MB per upload whatever
 * the file's size. A failed multipart upload is aborted; one that a crash
 * leaves behind is aborted by removeIncomplete (the sweep). Use a bucket of
 * its own: the sweep deletes objects of our key shape that have no row.
 */
import { createReadStream } from "node:fs";
import { rm } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  S3Client,
  paginateListObjectsV2,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { AppError, notFound } from "~/utils/errors";
import { logger } from "~/utils/logger.server";
import {
  HashingLimit,
  checkKey,
  checkPrefix,
  checkRange,
  errorCode,
  newStorageKey,
  toReadable,
  tooLarge,
  type FileStorage,
} from "./storage.server";

export type S3Options = {
  /** Omit for AWS itself; e.g. https://minio.internal:9000 for another store. */
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `https://host/bucket/key` rather than `https://bucket.host/key`; most stores other than AWS need it. */
  forcePathStyle: boolean;
};

const PART_SIZE = 8 * 1024 * 1024;
const QUEUE_SIZE = 2;

function httpStatus(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

/**
 * The requested bytes of a ranged GET. HTTP lets a server answer a range with
 * the whole object (200) or another range than asked (s3rver answers
 * `bytes=0-0` with everything, under a truthful Content-Range), so the
 * answer is trimmed to the request by what Content-Range says was sent.
 */
function exactRange(
  body: Readable,
  contentRange: string | undefined,
  wanted: { start: number; end: number },
): Readable {
  const m = /^bytes (\d+)-(\d+)\//.exec(contentRange ?? "");
  const sent = m ? { start: Number(m[1]), end: Number(m[2]) } : { start: 0, end: Infinity };
  if (sent.start === wanted.start && sent.end <= wanted.end) return body;
  if (sent.start > wanted.start) {
    body.destroy();
    throw new Error("S3 answered a range request with a later range");
  }
  let skip = wanted.start - sent.start;
  let take = Math.min(wanted.end, sent.end) - wanted.start + 1;
  async function* trimmed() {
    try {
      for await (const chunk of body) {
        let c = chunk as Buffer;
        if (skip >= c.length) {
          skip -= c.length;
          continue;
        }
        c = c.subarray(skip);
        skip = 0;
        if (c.length >= take) {
          yield c.subarray(0, take);
          return;
        }
        take -= c.length;
        yield c;
      }
    } finally {
      body.destroy();
    }
  }
  return Readable.from(trimmed(), { objectMode: false });
}

export function createS3Storage(options: S3Options): FileStorage {
  const { bucket } = options;
  const client = new S3Client({
    region: options.region,
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    // A store that stops answering must not hold an upload or a download for ever: fail after
    // 10 s without a connection or 2 minutes without a byte either way (idle time, not total).
    requestHandler: { connectionTimeout: 10_000, socketTimeout: 120_000 },
  });
  let warnedNoMultipartListing = false;

  const upload = (key: string, body: Readable, contentType: string) =>
    new Upload({
      client,
      params: { Bucket: bucket, Key: key, Body: body, ContentType: contentType },
      partSize: PART_SIZE,
      queueSize: QUEUE_SIZE,
    });

  return {
    kind: "s3",

    async put({ source, maxBytes, prefix }) {
      const key = newStorageKey(prefix);
      const meter = new HashingLimit(maxBytes);
      // The meter's error (413) reaches the Upload through the stream, and the
      // Upload then aborts any multipart upload it began before rejecting.
      const feeding = pipeline(toReadable(source), meter).catch(() => {});
      try {
        await upload(key, meter, "application/octet-stream").done();
      } catch (error) {
        meter.destroy();
        await feeding;
        // Past the limit the Upload may report its abort instead of the cause.
        if (meter.exceeded) throw tooLarge(maxBytes);
        throw error;
      }
      await feeding;
      return { key, sizeBytes: meter.sizeBytes, sha256: meter.sha256() };
    },

    async commitFile({ localPath, key, contentType }) {
      const body = createReadStream(localPath);
      try {
        await upload(checkKey(key), body, contentType).done();
      } finally {
        body.destroy();
      }
      await rm(localPath, { force: true });
    },

    async read(key, range) {
      const bounds = range ? checkRange(range) : undefined;
      try {
        const res = await client.send(
          new GetObjectCommand({
            Bucket: bucket,
            Key: checkKey(key),
            Range: bounds ? `bytes=${bounds.start}-${bounds.end}` : undefined,
          }),
        );
        if (!(res.Body instanceof Readable)) throw new Error("S3 returned no readable body");
        return bounds ? exactRange(res.Body, res.ContentRange, bounds) : res.Body;
      } catch (error) {
        const code = errorCode(error);
        if (code === "NoSuchKey" || code === "NotFound") throw notFound("file");
        if (code === "InvalidRange" || httpStatus(error) === 416) {
          throw new AppError({ status: 416, message: "The requested part of the file is past its end." });
        }
        throw error;
      }
    },

    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: checkKey(key) }));
    },

    async *list(prefix) {
      const Prefix = prefix === undefined ? undefined : `${checkPrefix(prefix)}/`;
      for await (const page of paginateListObjectsV2({ client, pageSize: 1000 }, { Bucket: bucket, Prefix })) {
        for (const o of page.Contents ?? []) {
          if (o.Key && o.LastModified) yield { key: o.Key, modifiedAt: o.LastModified };
        }
      }
    },

    async removeIncomplete(before) {
      let removed = 0;
      let KeyMarker: string | undefined;
      let UploadIdMarker: string | undefined;
      for (;;) {
        let page;
        try {
          page = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket, KeyMarker, UploadIdMarker }));
        } catch (error) {
          // Some S3-compatible stores (s3rver among them) do not implement it.
          // Then only a bucket lifecycle rule (AbortIncompleteMultipartUpload) cleans up.
          if (errorCode(error) === "NotImplemented" || httpStatus(error) === 501 || httpStatus(error) === 405) {
            if (!warnedNoMultipartListing) {
              warnedNoMultipartListing = true;
              logger.warn("S3 store cannot list multipart uploads; set a lifecycle rule to abort incomplete uploads", {
                error: errorCode(error),
              });
            }
            return removed;
          }
          throw error;
        }
        for (const u of page.Uploads ?? []) {
          if (!u.Key || !u.UploadId || !u.Initiated || u.Initiated >= before) continue;
          try {
            await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: u.Key, UploadId: u.UploadId }));
            removed += 1;
          } catch (error) {
            if (errorCode(error) !== "NoSuchUpload") throw error; // already completed or aborted elsewhere
          }
        }
        if (!page.IsTruncated || (!page.NextKeyMarker && !page.NextUploadIdMarker)) return removed;
        KeyMarker = page.NextKeyMarker;
        UploadIdMarker = page.NextUploadIdMarker;
      }
    },
  };
}
