/**
 * Malware scanning through ClamAV's clamd, over TCP, with the INSTREAM
 * command: "zINSTREAM\0", then the file as chunks each prefixed with its
 * length (4 bytes, big-endian), then a zero length. clamd answers
 * "stream: OK", "stream: <signature> FOUND", or an error such as
 * "INSTREAM size limit exceeded. ERROR".
 *
 * Optional: CLAMD_ADDRESS ("host:port") turns it on. When it is on, every
 * failure (cannot connect, no answer in time, an error answer) throws, and
 * the caller refuses the upload: it fails closed. The file is streamed, so
 * memory stays constant whatever its size.
 *
 * About 150 lines of our own rather than a package: the protocol is four
 * lines of the clamd manual, and the npm clients either wrap much more
 * (clamscan: local binaries, config files) or are no longer maintained.
 */
import { createReadStream } from "node:fs";
import { connect, isIP, type Socket } from "node:net";

export type ClamdAddress = { host: string; port: number };
export type ScanResult = { clean: true } | { clean: false; signature: string };

/** Any failure to get a verdict: the file must be treated as not scanned. */
export class ClamdError extends Error {
  override name = "ClamdError";
}

/**
 * The clamd address from CLAMD_ADDRESS: "host:port", "[::1]:3310". Unset or
 * blank: null, scanning is off. Anything else throws, so that a mistyped
 * setting stops the server instead of silently turning scanning off.
 */
export function clamdAddress(env: { CLAMD_ADDRESS?: string | undefined }): ClamdAddress | null {
  const raw = env.CLAMD_ADDRESS?.trim();
  if (!raw) return null;
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^\s:[\]]+)):(\d{1,5})$/.exec(raw);
  const host = m?.[1] ?? m?.[2];
  const port = Number(m?.[3]);
  if (!host || !(port >= 1 && port <= 65535) || (m?.[1] && isIP(m[1]) !== 6))
    throw new Error(`CLAMD_ADDRESS must be "host:port", for example "127.0.0.1:3310" (got "${env.CLAMD_ADDRESS}").`);
  return { host, port };
}

const CHUNK_BYTES = 64 * 1024;
const MAX_REPLY_BYTES = 4096;

/**
 * One clamd connection: resolves with clamd's reply (up to its NUL) once it
 * has come, or rejects on a socket error, an early close or the time limit.
 */
function openClamd(address: ClamdAddress, timeoutMs: number) {
  const socket = connect({ host: address.host, port: address.port });
  socket.setNoDelay(true);
  let settle: { resolve: (reply: string) => void; reject: (e: Error) => void };
  const reply = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  reply.catch(() => undefined); // handled by whoever awaits it; never an unhandled rejection
  const chunks: Buffer[] = [];
  let size = 0;
  const done = () => {
    const text = Buffer.concat(chunks)
      .toString("utf8")
      .replace(/\0[\s\S]*$/, "")
      .trim();
    if (text) settle.resolve(text);
    else settle.reject(new ClamdError("clamd closed the connection without an answer"));
  };
  socket.on("data", (chunk: Buffer) => {
    chunks.push(chunk);
    size += chunk.length;
    if (chunk.includes(0) || size > MAX_REPLY_BYTES) done();
  });
  socket.on("end", done);
  socket.on("close", done);
  socket.on("error", (e) => {
    // A write fails (EPIPE) when clamd hangs up after answering: its answer, if it came, says more.
    if (size > 0) done();
    else settle.reject(new ClamdError(`clamd at ${address.host}:${address.port}: ${e.message}`));
  });
  const timer = setTimeout(() => {
    settle.reject(new ClamdError(`clamd at ${address.host}:${address.port} gave no answer within ${timeoutMs} ms`));
    socket.destroy();
  }, timeoutMs);
  const connected = new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    reply.catch(reject);
  });
  return {
    socket,
    connected,
    reply,
    close() {
      clearTimeout(timer);
      socket.destroy();
    },
  };
}

function write(socket: Socket, data: Uint8Array | string): Promise<void> {
  return new Promise((resolve, reject) => socket.write(data, (e) => (e ? reject(e) : resolve())));
}

/** Sends the whole file to clamd and returns its verdict. Throws ClamdError when there is no verdict. */
export async function scanFile({
  address,
  path,
  timeoutMs = 60_000,
}: {
  address: ClamdAddress;
  path: string;
  timeoutMs?: number;
}): Promise<ScanResult> {
  const conn = openClamd(address, timeoutMs);
  let answered = false;
  void conn.reply.then(
    () => (answered = true),
    () => undefined,
  );
  try {
    await conn.connected;
    try {
      await write(conn.socket, "zINSTREAM\0");
      for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
        // clamd answers early only to refuse (size limit) and then hangs up: let a waiting answer be read before the next write, then stop sending.
        await new Promise((resolve) => setImmediate(resolve));
        if (answered) break;
        const data = chunk as Buffer;
        const length = Buffer.alloc(4);
        length.writeUInt32BE(data.length);
        conn.socket.write(length);
        await write(conn.socket, data);
      }
      if (!answered) await write(conn.socket, Buffer.alloc(4));
    } catch (e) {
      // A write fails when clamd hangs up after an error answer: that answer says more than EPIPE.
      // (A failed write destroys the socket, so the reply settles at once.)
      const outcome = await conn.reply.then(
        (text) => ({ text }),
        (error: Error) => ({ error }),
      );
      if ("text" in outcome) return parseReply(outcome.text);
      throw outcome.error instanceof ClamdError
        ? outcome.error
        : new ClamdError(`clamd: ${e instanceof Error ? e.message : String(e)}`);
    }
    return parseReply(await conn.reply);
  } finally {
    conn.close();
  }
}

function parseReply(reply: string): ScanResult {
  if (reply === "stream: OK") return { clean: true };
  const found = /^stream: (.+) FOUND$/.exec(reply);
  if (found) return { clean: false, signature: found[1]! };
  throw new ClamdError(`clamd answered: ${reply.slice(0, 200)}`);
}

/** True when clamd answers PING with PONG (for health checks and start-up waits). */
export async function pingClamd({
  address,
  timeoutMs = 2_000,
}: {
  address: ClamdAddress;
  timeoutMs?: number;
}): Promise<boolean> {
  const conn = openClamd(address, timeoutMs);
  try {
    await conn.connected;
    await write(conn.socket, "zPING\0");
    return (await conn.reply) === "PONG";
  } catch {
    return false;
  } finally {
    conn.close();
  }
}
