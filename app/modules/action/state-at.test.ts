import { expect, test } from "vitest";
import { parseTimelineState, stateAt, type TimelineState } from "./state-at";

const day = (d: string) => new Date(`${d}T12:00:00Z`);
const timeline: TimelineState[] = [
  { createdAt: day("2026-01-10"), status: "in_progress", rag: "amber" },
  { createdAt: day("2026-02-10"), status: null, rag: "red" },
  { createdAt: day("2026-03-10"), status: "complete", rag: "green" },
];
const now = { status: "complete", rag: "green" } as const;

test.each([
  ["before the first entry: not started, no RAG", "2026-01-01", { status: "not_started", rag: null }],
  ["after the first entry", "2026-01-20", { status: "in_progress", rag: "amber" }],
  ["a RAG-only entry keeps the status", "2026-02-20", { status: "in_progress", rag: "red" }],
  ["after the last entry: as now", "2026-04-01", { status: "complete", rag: "green" }],
])("replays the timeline: %s", (_, at, expected) => {
  expect(stateAt(now, timeline, day(at))).toEqual(expected);
});

test("an action whose timeline never set a status keeps the one it was created with", () => {
  expect(stateAt({ status: "blocked", rag: null }, [], day("2020-01-01"))).toEqual({ status: "blocked", rag: null });
});

test("a stored timeline row with an unknown status or RAG is an error, not a fallback", () => {
  const row = { createdAt: day("2026-01-01"), status: "in_progress", rag: null, body: "x" };
  expect(parseTimelineState(row)).toEqual({ ...row, status: "in_progress", rag: null });
  expect(() => parseTimelineState({ ...row, status: "on_hold" })).toThrow(/Unknown action status "on_hold"/);
  expect(() => parseTimelineState({ ...row, rag: "purple" })).toThrow(/Unknown RAG "purple"/);
});
