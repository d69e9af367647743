/**
 * Issue 12, finding 1 and the malformed-body 500s of finding 8: a form body is
 * read with a limit counted as it streams, and anything that is not a
 * readable form is a 400 with a message. The 300 MB bodies here are generated
 * lazily, chunk by chunk, and never allocated: the tests prove the reader
 * stops pulling soon after the limit.
 */
import { expect, test } from "vitest";
import { action as inviteAction } from "~/routes/invite.$token";
import { action as loginAction } from "~/routes/login";
import { BODY_LIMITS, readFormData } from "./body.server";
import { AppError } from "./errors";

const MB = 1024 * 1024;
const CHUNK = 64 * 1024;

/**
 * A lazily generated body of `total` bytes of `a=xxxx…`. `pulled()` says how
 * many bytes were handed out. If a reader keeps pulling past `failAfter` the
 * stream errors, so that a reader that buffers everything (the old
 * `request.formData()`) fails fast instead of holding 300 MB.
 */
function hugeBody(total: number, failAfter = 32 * MB) {
  let sent = 0;
  const chunk = new Uint8Array(CHUNK).fill(0x78);
  chunk[0] = 0x61; // "a"
  chunk[1] = 0x3d; // "="
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (sent >= total) return controller.close();
        if (sent > failAfter) return controller.error(new Error("the reader kept reading past the limit"));
        const n = Math.min(CHUNK, total - sent);
        sent += n;
        controller.enqueue(n === CHUNK ? chunk.slice() : chunk.slice(0, n));
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => sent };
}

function post(body: BodyInit | null, headers: Record<string, string> = {}, url = "http://localhost/login") {
  return new Request(url, { method: "POST", body, headers, duplex: "half" } as RequestInit);
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError, but the promise resolved");
}

const FORM = { "content-type": "application/x-www-form-urlencoded" };

test("a 300 MB chunked body is refused with 413 after reading little more than the limit", async () => {
  const body = hugeBody(300 * MB);
  const error = await rejection(readFormData(post(body.stream, FORM), "signIn"));
  expect(error.status).toBe(413);
  expect(error.message).toBe("What was sent is too large. This form accepts up to 16 KB.");
  expect(body.pulled()).toBeLessThanOrEqual(BODY_LIMITS.signIn + 2 * CHUNK);
});

test("a declared Content-Length over the limit is refused with 413 without reading the body", async () => {
  const body = hugeBody(300 * MB);
  const error = await rejection(
    readFormData(post(body.stream, { ...FORM, "content-length": String(300 * MB) }), "form"),
  );
  expect(error.status).toBe(413);
  expect(body.pulled()).toBe(0);
});

test("a body of exactly the limit is read; one byte more is 413", async () => {
  const limit = 1000;
  const exact = `a=${"x".repeat(limit - 2)}`;
  const form = await readFormData(post(exact, FORM), { maxBytes: limit });
  expect(String(form.get("a")).length).toBe(limit - 2);
  const streamed = await readFormData(post(hugeBody(limit).stream, FORM), { maxBytes: limit });
  expect(String(streamed.get("a")).length).toBe(limit - 2);

  expect((await rejection(readFormData(post(`${exact}x`, FORM), { maxBytes: limit }))).status).toBe(413);
  expect((await rejection(readFormData(post(hugeBody(limit + 1).stream, FORM), { maxBytes: limit }))).status).toBe(413);
  expect(
    (await rejection(readFormData(post(exact, { ...FORM, "content-length": String(limit + 1) }), { maxBytes: limit })))
      .status,
  ).toBe(413);
});

test("urlencoded and multipart forms are read as before", async () => {
  const url = await readFormData(post(new URLSearchParams({ email: "a@b.example", note: "ünïcødé" })), "signIn");
  expect(Object.fromEntries(url)).toEqual({ email: "a@b.example", note: "ünïcødé" });
  const fd = new FormData();
  fd.set("title", "Supervision");
  fd.set("file", new File(["hello"], "a.txt", { type: "text/plain" }));
  const multi = await readFormData(post(fd), "form");
  expect(multi.get("title")).toBe("Supervision");
  expect(await (multi.get("file") as File).text()).toBe("hello");
});

test("a JSON, text or untyped body is a 400 with a message", async () => {
  for (const headers of [
    { "content-type": "application/json" },
    { "content-type": "text/plain" },
    {} as Record<string, string>,
  ]) {
    const request = new Request("http://localhost/login", {
      method: "POST",
      headers,
      body: headers["content-type"] ? '{"email":"a@b.example"}' : null,
    });
    const error = await rejection(readFormData(request, "signIn"));
    expect(error.status).toBe(400);
    expect(error.message).toBe("We could not read what was sent. Send the form from the page and try again.");
  }
});

test("a truncated or broken body is a 400, not a 500", async () => {
  // Fewer bytes than Content-Length says.
  expect(
    (await rejection(readFormData(post("email=a%40b.example", { ...FORM, "content-length": "500" }), "signIn"))).status,
  ).toBe(400);
  // A multipart body cut off before its closing boundary.
  const cut = '--XyZ\r\nContent-Disposition: form-data; name="email"\r\n\r\na@b.exa';
  expect(
    (await rejection(readFormData(post(cut, { "content-type": "multipart/form-data; boundary=XyZ" }), "signIn")))
      .status,
  ).toBe(400);
  // Multipart without a boundary.
  expect((await rejection(readFormData(post("x", { "content-type": "multipart/form-data" }), "signIn"))).status).toBe(
    400,
  );
  // The connection dropped mid-body.
  const dropped = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode("email=a"));
      controller.error(new Error("aborted"));
    },
  });
  expect((await rejection(readFormData(post(dropped, FORM), "signIn"))).status).toBe(400);
  // A Content-Length that is not a number.
  expect((await rejection(readFormData(post("a=1", { ...FORM, "content-length": "1e9" }), "signIn"))).status).toBe(400);
});

test("/login and /invite refuse an anonymous 300 MB chunked body with 413, and a JSON body with 400", async () => {
  const args = (request: Request, params: Record<string, string> = {}) =>
    ({ request, params, context: undefined }) as never;
  for (const [run, url] of [
    [(r: Request) => loginAction(args(r)), "http://localhost/login"],
    [(r: Request) => inviteAction(args(r, { token: "x".repeat(43) })), `http://localhost/invite/${"x".repeat(43)}`],
  ] as const) {
    const body = hugeBody(300 * MB);
    const big = await rejection(run(post(body.stream, FORM, url)));
    expect(big.status).toBe(413);
    expect(body.pulled()).toBeLessThanOrEqual(BODY_LIMITS.signIn + 2 * CHUNK);

    const json = await rejection(
      run(post('{"email":"owner@leeds.demo","password":"x"}', { "content-type": "application/json" }, url)),
    );
    expect(json.status).toBe(400);
    const truncated = await rejection(
      run(post("email=owner%40leeds.demo&pass", { ...FORM, "content-length": "4096" }, url)),
    );
    expect(truncated.status).toBe(400);
  }
});
