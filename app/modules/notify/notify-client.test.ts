/**
 * GOV.UK Notify, through its official client, against a local server that
 * checks each request against Notify's documented API (tests/helpers/notify-api.ts):
 * the service itself cannot be reached from here.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startNotifyApi } from "../../../tests/helpers/notify-api";
import { notifyTemplateVar, notifyTransport, PermanentDeliveryError } from "./mailer.server";

let api: Awaited<ReturnType<typeof startNotifyApi>>;
const template = randomUUID();
beforeAll(async () => {
  api = await startNotifyApi();
  process.env[notifyTemplateVar("action_assigned")] = template;
});
afterAll(async () => {
  delete process.env[notifyTemplateVar("action_assigned")];
  await api.close();
});

const email = {
  kind: "action_assigned" as const,
  to: "owner@example.gov.uk",
  subject: "Assigned to you: Strengthen strategy discussions",
  text: "An action has been assigned to you.\n",
  messageId: "<d1@improvement-board>",
  unsubscribeUrl: "https://board.example.gov.uk/unsubscribe/abc",
};

test("an email goes to Notify with the kind's template, the words as personalisation, a reference and one-click unsubscribe", async () => {
  const { providerRef } = await notifyTransport(api.apiKey, api.url).send(email);
  expect(providerRef).toMatch(/^[0-9a-f-]{36}$/);
  expect(api.received.at(-1)).toEqual({
    email_address: "owner@example.gov.uk",
    template_id: template,
    personalisation: { subject: email.subject, body: email.text },
    reference: "<d1@improvement-board>",
    one_click_unsubscribe_url: "https://board.example.gov.uk/unsubscribe/abc",
  });
});

test("Notify's 400 (a bad address, a bad template) and 403 (a bad key) fail for good, with the reason", async () => {
  api.reject(400, "BadRequestError");
  await expect(notifyTransport(api.apiKey, api.url).send(email)).rejects.toEqual(
    new PermanentDeliveryError("GOV.UK Notify refused the message (400 BadRequestError)."),
  );
  const wrongKey = `improvement_board_test-${randomUUID()}-${randomUUID()}`;
  await expect(notifyTransport(wrongKey, api.url).send(email)).rejects.toBeInstanceOf(PermanentDeliveryError);
});

test("Notify's 429 and 500 are passing troubles: the delivery is tried again", async () => {
  api.reject(429, "RateLimitError");
  const error = await notifyTransport(api.apiKey, api.url)
    .send(email)
    .catch((e: unknown) => e);
  expect(error).not.toBeInstanceOf(PermanentDeliveryError);
  api.reject(500, "Exception");
  await expect(notifyTransport(api.apiKey, api.url).send(email)).rejects.not.toBeInstanceOf(PermanentDeliveryError);
});

test("a kind without a template id set fails for good, naming the setting", async () => {
  await expect(notifyTransport(api.apiKey, api.url).send({ ...email, kind: "overdue" })).rejects.toEqual(
    new PermanentDeliveryError("No Notify template is set (NOTIFY_TEMPLATE_OVERDUE)."),
  );
});
