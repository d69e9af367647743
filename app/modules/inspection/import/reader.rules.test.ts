/**
 * The reader's rules, one at a time, on short made-up texts laid out like
 * extracted Ofsted reports (lines wrapped at about 85 characters). The real
 * documents are in reader.test.ts; these pin down each rule on its own and
 * cover layouts the fixtures do not have.
 */
import { describe, expect, test } from "vitest";
import { readReport } from "./reader";

const FILLER =
  "Inspectors found that the quality of practice has improved since the last inspection and\nthat leaders understand the strengths and weaknesses of the service well. This is a\nlong paragraph so that the reader can tell how wide a full line of text is.\n";
const doc = (...parts: string[]) => FILLER.repeat(3) + parts.join("\n") + "\n" + FILLER.repeat(2);
const texts = (t: string) => readReport(t).items.map((i) => i.text);
type Item = ReturnType<typeof readReport>["items"][number];
/** A rule shown on one made-up report: these lines, amid filler paragraphs, read as items that `pick` shows so. */
function readsItemsAs<T>(rule: string, lines: string[], pick: (item: Item) => T, items: T[]) {
  test(rule, () => expect(readReport(doc(...lines)).items.map(pick)).toEqual(items));
}
/** The same, for the items' texts. */
const readsItems = (rule: string, lines: string[], items: string[]) => readsItemsAs(rule, lines, (i) => i.text, items);

describe("where a list starts", () => {
  test("a heading in a contents list (with its page number) does not start a list; the real heading does", () => {
    const r = readReport(
      "Contents\nExecutive summary 2\nRecommendations 8\nSummary for children and young people 9\n" +
        doc(
          "Recommendations",
          "1. Ensure that plans are specific and reviewed regularly.",
          "2. Improve the quality of supervision.",
          "Summary for children and young people",
        ),
    );
    expect(r.items.map((i) => [i.reference, i.text, i.kind])).toEqual([
      ["1", "Ensure that plans are specific and reviewed regularly.", "recommendation"],
      ["2", "Improve the quality of supervision.", "recommendation"],
    ]);
  });

  test("the words of a heading inside a sentence do not start a list", () => {
    const r = readReport(
      doc(
        "In 2020, a focused visit found two areas for priority action. The areas for improvement",
        "identified then have been addressed.",
        "◼ This bullet is in a list of findings.",
      ),
    );
    expect(r.items).toEqual([]);
    expect(r.notFound).toBe(true);
  });

  readsItemsAs(
    "“There are no priority actions” empties that list only",
    [
      "Areas for priority action",
      "There are no priority actions following this focused visit.",
      "What needs to improve in this area of social work practice",
      "◼ The quality of plans.",
      "Findings",
    ],
    (i) => [i.kind, i.text],
    [["improvement_item", "The quality of plans."]],
  );

  readsItems(
    "a lead-in sentence before the bullets is not an item",
    [
      "Areas for priority action",
      "The local authority needs to take swift and decisive action to address the following",
      "areas of weakness in:",
      "◼ the quality of plans",
      "◼ the timeliness of visits.",
      "Findings",
    ],
    ["the quality of plans", "the timeliness of visits."],
  );
});

describe("where items start and end", () => {
  readsItems(
    "wrapped lines are joined with one space, and with none after a hyphen",
    [
      "What needs to improve?",
      "◼ Clarity about what change is needed by families and by when during pre-",
      "proceedings.",
      "◼ The response to 16- and 17-year-old children who are homeless.",
      "Main findings",
    ],
    [
      "Clarity about what change is needed by families and by when during pre-proceedings.",
      "The response to 16- and 17-year-old children who are homeless.",
    ],
  );

  test("a running footer and a page number inside an item are dropped", () => {
    const page = (n: number, body: string) =>
      `Inspection of Anytown local authority children’s services\n1 to 12 May 2023 ${n}\n${body}`;
    const text = [
      page(1, FILLER.repeat(4)),
      page(
        2,
        "What needs to improve?\n◼ The quality of assessments and plans for children in need of help and protection, so\nthat",
      ),
      page(
        3,
        "children receive the right help at the right time.\n◼ Management oversight.\nMain findings\n" +
          FILLER.repeat(3),
      ),
      page(4, FILLER.repeat(4)),
    ].join("\n\f");
    expect(texts(text)).toEqual([
      "The quality of assessments and plans for children in need of help and protection, so that children receive the right help at the right time.",
      "Management oversight.",
    ]);
  });

  readsItems(
    "a list with numbers in brackets, and lettered sub-items kept inside their item",
    [
      "Recommendations",
      "(1) Ensure that the local authority:",
      "(a) reviews all plans",
      "(b) audits supervision.",
      "(2) Improve recording.",
      "Summary for children",
    ],
    ["Ensure that the local authority:\n(a) reviews all plans\n(b) audits supervision.", "Improve recording."],
  );

  readsItems(
    "numbered items must follow each other: a later paragraph number ends the list",
    [
      "Recommendations",
      "4. Improve plans.",
      "5. Improve visits.",
      "12. Inspectors found that visits are regular.",
      FILLER,
    ],
    ["Improve plans.", "Improve visits."],
  );

  readsItemsAs(
    "timescale groups are kept with their items",
    [
      "Areas for improvement",
      "Immediately:",
      "\uF0A7 Ensure that every child has a plan",
      "Within three months:",
      "\uF0A7 Review the fostering service",
      "\uF0A7 Ensure that supervision is recorded",
      "Outcomes for looked after children",
    ],
    (i) => [i.timescale, i.text],
    [
      ["Immediately", "Ensure that every child has a plan"],
      ["Within three months", "Review the fostering service"],
      ["Within three months", "Ensure that supervision is recorded"],
    ],
  );

  readsItemsAs(
    "sub-headings are kept when the list starts with one; a “Strengths” list after the items is not read",
    [
      "Areas for improvement",
      "Leadership",
      "◼ Leaders do not know the quality of practice.",
      "Front door",
      "◼ Referrals are not of good quality.",
      "Key strengths",
      "◼ Partners work well together.",
    ],
    (i) => [i.subheading, i.text],
    [
      ["Leadership", "Leaders do not know the quality of practice."],
      ["Front door", "Referrals are not of good quality."],
    ],
  );

  readsItems(
    "a heading that is not a sub-heading of the list ends it, even with bullets after it",
    [
      "What needs to improve?",
      "◼ Supervision.",
      "◼ Plans.",
      "Information about this local authority",
      "◼ The local authority has 12 children’s homes.",
    ],
    ["Supervision.", "Plans."],
  );

  readsItems(
    "unbulleted paragraphs split where the paragraphs end (empty lines, as in text from a PDF)",
    [
      "Areas for improvement",
      "Leaders should improve the quality of plans for children with special educational needs so that",
      "they are reviewed on time.",
      "",
      "Leaders should make sure that parents know about the local offer and can use it easily.",
      "",
      "Local area partnership details",
    ],
    [
      "Leaders should improve the quality of plans for children with special educational needs so that they are reviewed on time.",
      "Leaders should make sure that parents know about the local offer and can use it easily.",
    ],
  );

  readsItemsAs(
    "a responsible-body table with a different body on each row",
    [
      "Areas for priority action",
      "Responsible body Areas for priority action",
      "Anytown Council",
      "Leaders should improve the timeliness of education, health and care",
      "plans.",
      "NHS Anytown Integrated",
      "Care Board",
      "Leaders should reduce waiting times for speech and language",
      "therapy. This includes:",
      "• assessments",
      "• interventions.",
      "Areas for improvement",
      "Leaders should improve communication with parents and carers so that they know what is",
      "happening.",
      "Local area partnership details",
    ],
    (i) => [i.kind, i.addressedToText, i.addressedTo, i.text],
    [
      [
        "area_for_priority_action",
        "Anytown Council",
        "council",
        "Leaders should improve the timeliness of education, health and care plans.",
      ],
      [
        "area_for_priority_action",
        "NHS Anytown Integrated Care Board",
        "health",
        "Leaders should reduce waiting times for speech and language therapy. This includes:\n• assessments\n• interventions.",
      ],
      [
        "improvement_item",
        null,
        null,
        "Leaders should improve communication with parents and carers so that they know what is happening.",
      ],
    ],
  );

  test("a text cut off inside an item: the item is flagged and the result is partial", () => {
    const r = readReport(FILLER.repeat(3) + "What needs to improve?\n◼ Supervision.\n◼ The quality of plans for child");
    expect(r.truncated).toBe(true);
    expect(r.partial).toBe(true);
    expect(r.items.map((i) => [i.text, i.truncated, i.confidence])).toEqual([
      ["Supervision.", false, "high"],
      ["The quality of plans for child", true, "low"],
    ]);
  });
});

describe("facts at the top of a report", () => {
  test("an ILACS front page: title, authority, dates, lead inspector and the judgement table", () => {
    const r = readReport(
      "Inspection of Anytown local authority\nchildren’s services\nInspection dates: 29 October 2018 to 2 November 2018\nLead inspector: Ann Example, His Majesty’s Inspector\nJudgement Grade\nThe impact of leaders on social work\npractice with children and families\nRequires improvement to be good\nThe experiences and progress of\nchildren who need help and protection\nGood\nOverall effectiveness Requires improvement to be good\n" +
        FILLER.repeat(3),
    );
    expect({
      kind: r.kind,
      title: r.title,
      authorityName: r.authorityName,
      startDate: r.startDate,
      endDate: r.endDate,
      leadInspector: r.leadInspector,
    }).toEqual({
      kind: "ilacs_short", // a one-week inspection
      title: "Inspection of Anytown local authority children’s services",
      authorityName: "Anytown",
      startDate: "2018-10-29",
      endDate: "2018-11-02",
      leadInspector: "Ann Example",
    });
    expect(r.judgements).toEqual([
      {
        area: "The impact of leaders on social work practice with children and families",
        gradeText: "Requires improvement to be good",
        grade: "requires_improvement",
        isOverall: false,
      },
      {
        area: "The experiences and progress of children who need help and protection",
        gradeText: "Good",
        grade: "good",
        isOverall: false,
      },
      {
        area: "Overall effectiveness",
        gradeText: "Requires improvement to be good",
        grade: "requires_improvement",
        isOverall: true,
      },
    ]);
  });

  test("a focused visit letter: letter date, visit dates and signature", () => {
    const r = readReport(
      "3 March 2025\nJo Bloggs\nDirector of Children’s Services\nAnytown Council\nDear Jo\nFocused visit to Anytown children’s services\nThis letter summarises the findings of the focused visit to Anytown children’s services\non 4 and 5 February 2025. His Majesty’s Inspectors for this visit were Ann Example and\nBob Example.\n" +
        FILLER +
        "Yours sincerely\nAnn Example\nHis Majesty’s Inspector\n",
    );
    expect([r.kind, r.authorityName, r.letterDate, r.startDate, r.endDate, r.publishedAt, r.leadInspector]).toEqual([
      "focused_visit",
      "Anytown",
      "2025-03-03",
      "2025-02-04",
      "2025-02-05",
      null,
      "Ann Example",
    ]);
  });

  test("no section listing improvements: not found, with a plain reason, and no guessing", () => {
    const r = readReport(doc("Main findings", "◼ Children are seen regularly.", "◼ Plans are reviewed."));
    expect(r.items).toEqual([]);
    expect(r.notFound).toBe(true);
    expect(r.notFoundReason).toMatch(/No section listing what needs to improve was found/);
  });
});

describe("layouts the fixtures do not have", () => {
  readsItems(
    "a list whose bullets were pictures (no glyph in the text): one item per paragraph",
    [
      "What needs to improve?",
      "",
      "Social work supervision.",
      "",
      "The quality of children’s plans and the timeliness of their reviews, so that children",
      "get help quickly.",
      "",
      "Placement sufficiency.",
      "",
      "Main findings",
    ],
    [
      "Social work supervision.",
      "The quality of children’s plans and the timeliness of their reviews, so that children get help quickly.",
      "Placement sufficiency.",
    ],
  );

  readsItems(
    "the last item's full-width line ends in a bracketed tag, and a heading follows directly",
    [
      "What needs to improve?",
      "◼ Quality of transitions and pathway planning for children leaving care and for care-",
      "experienced young people who are parents themselves (outcome 4, national framework)",
      "The experiences and progress of children who need help and",
      "protection: good",
    ],
    [
      "Quality of transitions and pathway planning for children leaving care and for care-experienced young people who are parents themselves (outcome 4, national framework)",
    ],
  );
});
