/** The words of the agenda and digest emails, and when a digest is due: pure. */
import { expect, test } from "vitest";
import { agendaLines, digestDue, digestLines, LIST_CAP, type ActionLine } from "./meeting-lines";

const action = (n: number): ActionLine => ({ reference: `R${n}`, title: `Action ${n}`, path: `/a/x/actions/${n}` });
const none = { red: [], overdue: [], submitted: [], evidence: [], restrictedEvidence: 0 };

test("an agenda lists its items with links; a long one names the first ten and counts the rest", () => {
  expect(agendaLines([action(1)], { partial: false })).toEqual(["On the agenda:", "- R1: Action 1", "/a/x/actions/1"]);
  expect(agendaLines([], { partial: false })).toEqual(["The agenda has no items."]);
  const long = agendaLines(
    Array.from({ length: LIST_CAP + 3 }, (_, i) => action(i + 1)),
    { partial: false },
  );
  expect(long).toHaveLength(1 + LIST_CAP * 2 + 1);
  expect(long.at(-1)).toBe("…and 3 more on the meeting's page");
  expect(long).not.toContain("- R11: Action 11");
});

test("a partner's agenda says it holds only their actions, and where the full one is", () => {
  expect(agendaLines([action(2)], { partial: true })).toEqual([
    "Your actions on the agenda:",
    "- R2: Action 2",
    "/a/x/actions/2",
    "The full agenda is on the meeting's page.",
  ]);
  expect(agendaLines([], { partial: true })).toEqual([
    "None of your actions is on the agenda.",
    "The full agenda is on the meeting's page.",
  ]);
});

test("a digest: each section only when it has entries; restricted evidence counted, never named", () => {
  expect(digestLines({ ...none, partial: false, sinceLastMeeting: true })).toEqual([
    "Nothing is red, overdue or submitted for review.",
    "",
    "No evidence has been added since the last meeting.",
  ]);
  expect(digestLines({ ...none, partial: true, sinceLastMeeting: false })).toEqual([
    "None of your actions is red, overdue or submitted for review.",
    "",
    "No evidence on your actions has been added so far.",
  ]);
  expect(
    digestLines({
      ...none,
      overdue: [action(3)],
      evidence: [{ title: "Audit", path: "/a/x/evidence/e" }],
      restrictedEvidence: 2,
      partial: false,
      sinceLastMeeting: true,
    }),
  ).toEqual([
    "Overdue (1):",
    "- R3: Action 3",
    "/a/x/actions/3",
    "",
    "Evidence added since the last meeting (3):",
    "- Audit",
    "/a/x/evidence/e",
    "- 2 restricted items (personal data): see the actions' pages",
  ]);
  const many = digestLines({
    ...none,
    red: Array.from({ length: 12 }, (_, i) => action(i)),
    partial: false,
    sinceLastMeeting: true,
  });
  expect(many[0]).toBe("Red (12):");
  expect(many).toContain("…and 2 more");
});

test("a digest is due from digestDays before the meeting's day (in England) until it starts", () => {
  const meetingDay = new Date("2026-12-10T00:00:00Z");
  const startsAt = new Date("2026-12-10T14:00:00Z");
  const at = (today: string, now = `${today}T06:30:00Z`) =>
    digestDue({ meetingDay, today: new Date(`${today}T00:00:00Z`), digestDays: 3, startsAt, now: new Date(now) });
  expect(at("2026-12-06")).toBe(false);
  expect(at("2026-12-07")).toBe(true);
  expect(at("2026-12-09")).toBe(true);
  expect(at("2026-12-10")).toBe(true);
  expect(at("2026-12-10", "2026-12-10T14:00:00Z")).toBe(false);
});
