/**
 * A real S3-compatible server for tests: s3rver (in-process, real HTTP on
 * 127.0.0.1, a random free port, objects in a temporary directory), with one
 * bucket created. Tests talk to it with the real AWS SDK.
 *
 * s3rver (the maintained @20minutes/s3rver fork, 4.0.x; the original s3rver 3.7.1
 * depended on a fast-xml-parser 3 with published advisories) does not implement ListMultipartUploads (501 NotImplemented) or
 * AbortMultipartUpload (405 MethodNotAllowed). With `multipartListing: true`
 * (the default) this helper adds those two operations, answered from
 * s3rver's own record of uploads in progress (`<bucket>/._S3rver_uploads/<id>/`),
 * so that aborting abandoned uploads can be tested over HTTP. With `false`
 * the server behaves like plain s3rver (a store without them).
 */
import { mkdtemp, readFile, readdir, rm, stat } from "node:fs/promises";
import type { Server } from "node:http";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

// The SDK warns once per process that its releases after January 2027 need Node 22. A warning is printed
// through console.error, which fails a test; the notice is about future releases, not about these tests.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

type KoaContext = {
  method: string;
  path: string;
  query: Record<string, string | string[] | undefined>;
  status: number;
  type: string;
  body: unknown;
};
type Middleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;
type S3rverInstance = {
  middleware: Middleware[];
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
  httpServer?: Server;
};
type S3rverOptions = {
  address: string;
  port: number;
  silent: boolean;
  directory: string;
  configureBuckets: { name: string }[];
  allowMismatchedSignatures: boolean;
};
const S3rver = createRequire(import.meta.url)("@20minutes/s3rver") as new (options: S3rverOptions) => S3rverInstance;

export type TestS3 = {
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: true;
  /** Where s3rver keeps the bucket's files. */
  directory: string;
  stop(): Promise<void>;
};

const xmlEscape = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

function xmlError(ctx: KoaContext, status: number, code: string, message: string) {
  ctx.status = status;
  ctx.type = "application/xml";
  ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error>`;
}

/** ListMultipartUploads and AbortMultipartUpload over s3rver's uploads directory (no paging, no auth check). */
function multipartListing(directory: string): Middleware {
  return async (ctx, next) => {
    // Path style: /bucket or /bucket/ for the bucket, /bucket/key for an object.
    const [bucket, ...keyParts] = ctx.path.slice(1).replace(/\/$/, "").split("/").map(decodeURIComponent);
    if (!bucket) return next();
    const uploadsDir = path.join(directory, bucket, "._S3rver_uploads");
    if (ctx.method === "GET" && keyParts.length === 0 && "uploads" in ctx.query) {
      const prefix = typeof ctx.query.prefix === "string" ? ctx.query.prefix : "";
      const ids = await readdir(uploadsDir).catch(() => [] as string[]);
      const uploads = [];
      for (const id of ids) {
        const keyFile = path.join(uploadsDir, id, "key");
        const key = await readFile(keyFile, "utf8").catch(() => null);
        if (key === null || !key.startsWith(prefix)) continue;
        uploads.push({ id, key, initiated: (await stat(keyFile)).mtime });
      }
      uploads.sort((a, b) => a.key.localeCompare(b.key) || a.id.localeCompare(b.id));
      ctx.status = 200;
      ctx.type = "application/xml";
      ctx.body =
        `<?xml version="1.0" encoding="UTF-8"?>\n<ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` +
        `<Bucket>${xmlEscape(bucket)}</Bucket><KeyMarker></KeyMarker><UploadIdMarker></UploadIdMarker><Prefix>${xmlEscape(prefix)}</Prefix>` +
        `<MaxUploads>1000</MaxUploads><IsTruncated>false</IsTruncated>` +
        uploads
          .map(
            (u) =>
              `<Upload><Key>${xmlEscape(u.key)}</Key><UploadId>${u.id}</UploadId><Initiated>${u.initiated.toISOString()}</Initiated><StorageClass>STANDARD</StorageClass></Upload>`,
          )
          .join("") +
        `</ListMultipartUploadsResult>`;
      return;
    }
    const uploadId = ctx.query.uploadId;
    if (ctx.method === "DELETE" && keyParts.length > 0 && typeof uploadId === "string") {
      const dir = path.join(uploadsDir, path.basename(uploadId));
      const key = await readFile(path.join(dir, "key"), "utf8").catch(() => null);
      if (key !== keyParts.join("/")) return xmlError(ctx, 404, "NoSuchUpload", "The specified upload does not exist.");
      await rm(dir, { recursive: true, force: true });
      ctx.status = 204;
      ctx.body = null;
      return;
    }
    return next();
  };
}

export async function startS3rver({ bucket = "evidence", multipartListing: withListing = true } = {}): Promise<TestS3> {
  const directory = await mkdtemp(path.join(os.tmpdir(), "ib-s3rver-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
    // The fork checks V4 signatures (3.7.1 did not) but canonicalises some query strings (ListObjectsV2's
    // `list-type=2`) differently from the AWS SDK and refuses them. Keys are still required; the signature
    // arithmetic is AWS's concern, not what these tests are about.
    allowMismatchedSignatures: true,
  });
  // Before s3rver's router (the last middleware), which would refuse these requests.
  if (withListing) server.middleware.splice(server.middleware.length - 1, 0, multipartListing(directory));
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    region: "eu-west-2",
    bucket,
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
    forcePathStyle: true,
    directory,
    async stop() {
      server.httpServer?.closeAllConnections();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
