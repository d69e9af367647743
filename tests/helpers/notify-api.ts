/**
 * A local stand-in for GOV.UK Notify's API, for tests: the real service
 * cannot be reached from here. It checks each request the official client
 * (`notifications-node-client`) sends against Notify's documented API for
 * sending an email (POST /v2/notifications/email):
 *  - Authorization: Bearer JWT, HS256, signed with the API key's secret,
 *    `iss` the service id, `iat` within 30 seconds of now; else 403 AuthError;
 *  - a JSON body with `email_address` (an email address) and `template_id`
 *    (a UUID), optional `personalisation` (an object), `reference`,
 *    `one_click_unsubscribe_url` (a URL) and `email_reply_to_id`, nothing else;
 *    else 400 BadRequestError;
 * and answers 201 with the documented response. `reject(status, error)` makes
 * it answer the next request with that error, e.g. (400, "BadRequestError").
 */
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import http from "node:http";

export type NotifyRequest = {
  email_address: string;
  template_id: string;
  personalisation?: Record<string, string>;
  reference?: string;
  one_click_unsubscribe_url?: string;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ALLOWED = new Set([
  "email_address",
  "template_id",
  "personalisation",
  "reference",
  "one_click_unsubscribe_url",
  "email_reply_to_id",
]);

/** A Notify-shaped API key: `{name}-{service id}-{secret}`. */
export function notifyApiKey() {
  const serviceId = randomUUID();
  const secret = randomUUID();
  return { key: `improvement_board_test-${serviceId}-${secret}`, serviceId, secret };
}

function b64url(input: Buffer | string) {
  return Buffer.from(input).toString("base64url");
}

function checkJwt(header: string | undefined, serviceId: string, secret: string): string | null {
  const token = header?.match(/^Bearer (.+)$/)?.[1];
  if (!token) return "Unauthorized: authentication token must be provided";
  const [h, p, sig] = token.split(".");
  if (!h || !p || !sig) return "Invalid token: signature, api token not found";
  const expected = b64url(createHmac("sha256", secret).update(`${h}.${p}`).digest());
  if (expected.length !== sig.length || !timingSafeEqual(Buffer.from(expected), Buffer.from(sig)))
    return "Invalid token: signature, api token not found";
  const headerJson = JSON.parse(Buffer.from(h, "base64url").toString()) as { alg?: string };
  const payload = JSON.parse(Buffer.from(p, "base64url").toString()) as { iss?: string; iat?: number };
  if (headerJson.alg !== "HS256") return "Invalid token: algorithm used is not HS256";
  if (payload.iss !== serviceId) return "Invalid token: service not found";
  if (typeof payload.iat !== "number" || Math.abs(Date.now() / 1000 - payload.iat) > 30)
    return "Error: Your system clock must be accurate to within 30 seconds";
  return null;
}

function badRequest(body: unknown): string | null {
  if (!body || typeof body !== "object" || Array.isArray(body)) return "Request body must be a JSON object";
  const b = body as Record<string, unknown>;
  for (const k of Object.keys(b))
    if (!ALLOWED.has(k)) return `Additional properties are not allowed (${k} was unexpected)`;
  if (typeof b.email_address !== "string" || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(b.email_address))
    return "email_address Not a valid email address";
  if (typeof b.template_id !== "string" || !UUID.test(b.template_id)) return "template_id is not a valid UUID";
  if (b.personalisation !== undefined) {
    if (typeof b.personalisation !== "object" || b.personalisation === null || Array.isArray(b.personalisation))
      return "personalisation must be an object";
  }
  if (b.reference !== undefined && typeof b.reference !== "string") return "reference must be a string";
  if (b.one_click_unsubscribe_url !== undefined) {
    try {
      new URL(String(b.one_click_unsubscribe_url));
    } catch {
      return "one_click_unsubscribe_url is not a valid URL";
    }
  }
  return null;
}

export async function startNotifyApi() {
  const { key, serviceId, secret } = notifyApiKey();
  const received: NotifyRequest[] = [];
  let rejection: { status: number; error: string } | null = null;
  const server = http.createServer((req, res) => {
    const reply = (status: number, json: unknown) => {
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(JSON.stringify(json));
    };
    const error = (status: number, name: string, message: string) =>
      reply(status, { status_code: status, errors: [{ error: name, message }] });
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.method !== "POST" || req.url !== "/v2/notifications/email")
        return error(404, "NotFound", "The requested URL was not found on the server.");
      const auth = checkJwt(req.headers.authorization, serviceId, secret);
      if (auth) return error(403, "AuthError", auth);
      if (!String(req.headers["content-type"]).startsWith("application/json"))
        return error(400, "BadRequestError", "Content-Type must be application/json");
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return error(400, "BadRequestError", "Invalid JSON supplied in POST data");
      }
      const bad = badRequest(body);
      if (bad) return error(400, "ValidationError", bad);
      if (rejection) {
        const r = rejection;
        rejection = null;
        return error(r.status, r.error, "Rejected by the test");
      }
      const b = body as NotifyRequest;
      received.push(b);
      const id = randomUUID();
      const base = `http://${req.headers.host}`;
      reply(201, {
        id,
        reference: b.reference ?? null,
        content: {
          subject: b.personalisation?.subject ?? "",
          body: b.personalisation?.body ?? "",
          from_email: "improvement.board@notifications.service.gov.uk",
          ...(b.one_click_unsubscribe_url ? { one_click_unsubscribe_url: b.one_click_unsubscribe_url } : {}),
        },
        uri: `${base}/v2/notifications/${id}`,
        template: { id: b.template_id, version: 1, uri: `${base}/v2/template/${b.template_id}/version/1` },
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey: key,
    received,
    reject(status: number, error: string) {
      rejection = { status, error };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
