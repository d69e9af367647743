import { expect, test } from "vitest";
import { summarise, type SummaryActionRow, type SummaryRows } from "./summarise";

const at = (iso: string) => new Date(`${iso}T10:00:00Z`);
const action = (id: string, over: Partial<SummaryActionRow> = {}): SummaryActionRow => ({
  id,
  title: `Action ${id}`,
  status: "in_progress",
  rag: "green",
  ragReason: null,
  dueDate: at("2026-06-30"),
  leadService: "Children's social care",
  completedAt: null,
  createdAt: at("2026-01-05"),
  owner: { name: "Sam Owner" },
  ...over,
});

const rows = (over: Partial<SummaryRows> = {}): SummaryRows => ({
  authorityName: "Anyshire",
  scopeName: "Improvement board",
  scope: { boardId: "b1", inspectionId: null },
  asAt: "2026-07-31",
  comparedWith: { date: "2026-03-31", label: "the meeting of 31 March 2026" },
  generatedAt: at("2026-08-01"),
  inspections: [
    {
      id: "i1",
      title: "ILACS 2025",
      recommendations: [
        {
          id: "r1",
          reference: "1",
          text: "Improve supervision",
          actions: [
            action("a", { status: "complete", rag: "green", completedAt: at("2026-05-01") }),
            action("b", { rag: "red", dueDate: at("2026-07-01") }),
            action("c", { createdAt: at("2026-06-01"), dueDate: at("2026-12-31") }),
          ],
        },
      ],
    },
  ],
  updates: [
    {
      actionId: "a",
      createdAt: at("2026-02-01"),
      status: "in_progress",
      rag: "amber",
      body: "Started",
      kind: "update",
      newDueDate: null,
    },
    {
      actionId: "a",
      createdAt: at("2026-05-01"),
      status: "complete",
      rag: "green",
      body: "Done",
      kind: "update",
      newDueDate: null,
    },
    {
      actionId: "b",
      createdAt: at("2026-02-01"),
      status: "in_progress",
      rag: "red",
      body: "",
      kind: "update",
      newDueDate: null,
    },
    // After the as-at date: not seen.
    {
      actionId: "b",
      createdAt: at("2026-08-15"),
      status: "complete",
      rag: "green",
      body: "Later",
      kind: "update",
      newDueDate: null,
    },
  ],
  links: [
    {
      actionId: "a",
      evidence: {
        title: "Audit",
        containsPersonalData: false,
        versions: [{ id: "v1" }],
        reviews: [{ versionId: "v1", decision: "accepted" }],
      },
    },
    {
      actionId: "a",
      evidence: { title: "Case file", containsPersonalData: true, versions: [{ id: "v2" }], reviews: [] },
    },
  ],
  decisions: [],
  ...over,
});

test("the summary is a pure function of the rows: counts, state as at the date, changes since, restricted evidence only counted", () => {
  const data = summarise(rows());
  expect(data.counts).toMatchObject({ actions: 3, overdue: 1, completedSince: 1, recommendations: 1 });
  expect(data.counts.byStatus).toMatchObject({ complete: 1, in_progress: 2 });
  expect(data.counts.byRag).toMatchObject({ red: 1, green: 2 });
  const [a, b, c] = data.inspections[0]!.recommendations[0]!.actions;
  expect(a!.changes).toEqual(["Status: In progress → Complete", "RAG: Amber → Green"]);
  expect(a!.evidence).toEqual([{ title: "Audit", state: "accepted" }]);
  expect(a!.restrictedEvidence).toBe(1);
  expect(a!.latestUpdate).toEqual({ body: "Done", at: "2026-05-01T10:00:00.000Z" });
  expect(b).toMatchObject({ status: "in_progress", rag: "red", overdue: true, changes: [] });
  expect(c!.changes).toEqual(["New action since then"]);
  expect(data.progress).toHaveLength(12);
  expect(data.progress.at(-1)).toEqual({ month: "Jul 2026", completed: 1, total: 3 });
  expect(data.generatedAt).toBe("2026-08-01T10:00:00.000Z");
});

test("as at a date before the timeline's first status, an action was not started", () => {
  const data = summarise(rows({ asAt: "2026-01-20", comparedWith: null }));
  const [a] = data.inspections[0]!.recommendations[0]!.actions;
  expect(a).toMatchObject({ status: "not_started", rag: null, changes: [] });
});

test("an action recorded after its history began (an imported plan) counts from its first history: never 'new' when it was decided at the compared meeting, and never completed before it was counted", () => {
  // Recorded in the app in June, but its timeline (an import) and a board decision at the compared meeting go back further.
  const imported = action("d", { createdAt: at("2026-06-20"), status: "complete", completedAt: at("2026-02-10") });
  const data = summarise(
    rows({
      inspections: [
        {
          id: "i1",
          title: "ILACS 2025",
          recommendations: [{ id: "r1", reference: "1", text: "Improve supervision", actions: [imported] }],
        },
      ],
      updates: [
        {
          actionId: "d",
          createdAt: at("2026-01-15"),
          status: "in_progress",
          rag: "amber",
          body: "Started",
          kind: "update",
          newDueDate: null,
        },
        {
          actionId: "d",
          createdAt: at("2026-02-10"),
          status: "complete",
          rag: "green",
          body: "Done",
          kind: "update",
          newDueDate: null,
        },
      ],
      links: [],
      decisions: [
        {
          actionId: "d",
          decision: "accept",
          challenge: "",
          createdAt: at("2026-03-31"),
          meeting: { scheduledAt: at("2026-03-31"), board: { name: "Improvement board" } },
        },
      ],
    }),
  );
  const [d] = data.inspections[0]!.recommendations[0]!.actions;
  expect(d!.changes).toEqual([]);
  for (const month of data.progress) expect(month.completed, month.month).toBeLessThanOrEqual(month.total);
  expect(data.progress.find((p) => p.month === "Feb 2026")).toEqual({ month: "Feb 2026", completed: 1, total: 1 });
  expect(data.progress.find((p) => p.month === "Dec 2025")).toEqual({ month: "Dec 2025", completed: 0, total: 0 });
});
