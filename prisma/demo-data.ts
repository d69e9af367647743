/**
 * Demo data set for Improvement Board: three real English local authorities,
 * their real Ofsted reports (judgements and improvement items copied VERBATIM
 * from the documents), plus fictional people, actions, boards and meetings.
 *
 * Plain typed constants only: no Prisma imports, no I/O. The seed script maps
 * these onto the schema (Authority, User, Membership, Inspection, Judgement,
 * Recommendation, Action, ActionUpdate, Board, BoardMember, Meeting).
 *
 * Source texts (checked by prisma/demo-data.test.ts):
 *   tests/fixtures/seeds/000_177fc699a9243c07.txt  Leeds ILACS 2018
 *   tests/fixtures/seeds/001_b5165465b8a6cf02.txt  Leeds scrutiny board report, 6 March 2019
 *   tests/fixtures/seeds/002_2ca07d9bfe8834c0.txt  Leeds unannounced inspection letter, 16 February 2011
 *   tests/fixtures/seeds/003_6741204d0f622c89.txt  Kirklees ILACS 2019 (no front page in the text)
 *   tests/fixtures/seeds/004_11c695456367b2f4.txt  Leicester SIF 2017 (local authority part only)
 *
 * Rules for the real-document parts:
 *   - Item text and judgement area/grade text are verbatim. The only change
 *     allowed is whitespace: lines broken by text extraction are joined with
 *     one space. Punctuation, quotes and apostrophes are kept exactly as in the
 *     source (the Kirklees text uses ’, the Leeds and Leicester texts use ').
 *   - `reference` is the printed number where the document numbers its items
 *     (Leicester SIF: "1".."11"); otherwise "R1", "R2", ... in printed order.
 *   - Facts that the stored source text does not print (e.g. the Kirklees
 *     front page, the Leeds 2018 publication date) come from Ofsted's report
 *     listing and are named in `notFromSourceText`, with `sourceUrl` and `notes`.
 *
 * Dates are ISO strings: yyyy-mm-dd for days, full ISO 8601 (UTC) for meeting
 * times. "Today" for the demo story is DEMO_TODAY (2026-11-23): some actions are
 * overdue relative to it and some are due later.
 */

// ---------------------------------------------------------------------------
// Vocabularies
// ---------------------------------------------------------------------------

/** Normalised grade keys. `gradeText` keeps the printed wording. */
export const GRADE_KEYS = ["outstanding", "good", "requires_improvement", "inadequate", "not_judged"] as const;
export type GradeKey = (typeof GRADE_KEYS)[number];

export const DEMO_ROLES = ["admin", "board_member", "action_owner", "viewer", "partner"] as const;
export type DemoRole = (typeof DEMO_ROLES)[number];

/**
 * Inspection types used by the demo data. "ilacs_short" is the one-week ILACS
 * inspection for authorities previously judged good or better (Leeds 2018);
 * "ilacs_standard" is the two-week one (Kirklees 2019).
 */
export const DEMO_INSPECTION_TYPES = ["ilacs_standard", "ilacs_short", "unannounced_letter", "sif"] as const;
export type DemoInspectionType = (typeof DEMO_INSPECTION_TYPES)[number];

export const DEMO_ITEM_KINDS = [
  "improvement_item",
  "area_for_priority_action",
  "area_for_development",
  "recommendation",
] as const;
export type DemoItemKind = (typeof DEMO_ITEM_KINDS)[number];

export const DEMO_ACTION_STATUSES = [
  "not_started",
  "in_progress",
  "submitted_for_review",
  "complete",
  "closed",
  "blocked",
] as const;
export type DemoActionStatus = (typeof DEMO_ACTION_STATUSES)[number];

export const DEMO_RAGS = ["red", "amber", "green"] as const;
export type DemoRag = (typeof DEMO_RAGS)[number];

export const DEMO_UPDATE_KINDS = ["update", "extension", "decision", "status_change"] as const;
export type DemoUpdateKind = (typeof DEMO_UPDATE_KINDS)[number];

export const DEMO_BOARD_KINDS = ["improvement", "scrutiny", "corporate_parenting", "custom"] as const;
export type DemoBoardKind = (typeof DEMO_BOARD_KINDS)[number];

export const DEMO_BOARD_ROLES = ["chair", "member", "observer"] as const;
export type DemoBoardRole = (typeof DEMO_BOARD_ROLES)[number];

export const DEMO_MEETING_STATUSES = ["planned", "agenda_published", "held", "minutes_approved"] as const;
export type DemoMeetingStatus = (typeof DEMO_MEETING_STATUSES)[number];

/** Inspection fields that may be taken from Ofsted's listing rather than the stored source text. */
export const PROVENANCE_FIELDS = ["title", "dates", "publishedAt", "leadInspector"] as const;
export type ProvenanceField = (typeof PROVENANCE_FIELDS)[number];

/** ISO calendar date, yyyy-mm-dd. */
export type IsoDate = string;
/** ISO 8601 date-time in UTC, e.g. "2026-12-10T14:00:00.000Z". */
export type IsoDateTime = string;

// ---------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------

/** The date the demo story is set on; overdue means dueDate < DEMO_TODAY. */
export const DEMO_TODAY: IsoDate = "2026-11-23";

/** Shared password for every demo user (demo environments only, never production). */
export const DEMO_PASSWORD = "Kestrel-Lantern-Ledger-2026";

// ---------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------

export type AuthoritySlug = "leeds" | "kirklees" | "leicester";

export interface DemoJudgement {
  /** Area exactly as printed (SIF areas keep their printed numbering, e.g. "2.1 Adoption performance"). */
  readonly area: string;
  /** Grade exactly as printed. */
  readonly gradeText: string;
  readonly grade: GradeKey;
  /** True for the overall judgement line ("Overall effectiveness", or the SIF headline). */
  readonly isOverall: boolean;
}

export interface DemoItem {
  /** Printed number where there is one, else "R1", "R2", ... in printed order. */
  readonly reference: string;
  readonly kind: DemoItemKind;
  /** Verbatim text (whitespace-normalised only). */
  readonly text: string;
  /** Who the report addresses the item to, where the report states it. */
  readonly addressedTo: string | null;
  /** Timescale group as printed ("Immediately", "Within three months", ...), where printed. */
  readonly timescale: string | null;
}

export interface DemoInspection {
  /** Stable key used by actions and tests, e.g. "leeds-ilacs-2018". */
  readonly key: string;
  readonly type: DemoInspectionType;
  readonly title: string;
  readonly startDate: IsoDate;
  readonly endDate: IsoDate;
  /** Publication date; null when not known. */
  readonly publishedAt: IsoDate | null;
  /** Date printed on a letter (unannounced-inspection letters), else null. */
  readonly letterDate: IsoDate | null;
  readonly leadInspector: string | null;
  /** The inspection dates exactly as printed, or null when the source text does not print them. */
  readonly datesAsPrinted: string | null;
  /** Ofsted's file address for the report, where known. */
  readonly sourceUrl: string | null;
  /** Fields whose values are not printed in the stored source text (taken from Ofsted's listing). */
  readonly notFromSourceText: readonly ProvenanceField[];
  /** Anything a reader should know about the source document. */
  readonly notes: string;
  readonly judgements: readonly DemoJudgement[];
  readonly items: readonly DemoItem[];
}

export interface DemoAuthority {
  readonly slug: AuthoritySlug;
  readonly name: string;
  /** ONS local authority district code. */
  readonly onsCode: string;
  readonly inspections: readonly DemoInspection[];
}

export interface DemoMembership {
  readonly authority: AuthoritySlug;
  readonly role: DemoRole;
}

export interface DemoUser {
  /** Lower-case. */
  readonly email: string;
  readonly name: string;
  /** Job title, for display in the demo. */
  readonly jobTitle: string;
  /** Partner organisation (partner users), else null. */
  readonly organisation: string | null;
  readonly memberships: readonly DemoMembership[];
}

export interface DemoActionUpdate {
  readonly date: IsoDate;
  readonly authorEmail: string;
  readonly kind: DemoUpdateKind;
  readonly body: string;
  readonly progress: number | null;
  readonly rag: DemoRag | null;
  readonly ragReason: string | null;
  readonly status: DemoActionStatus | null;
  /** Extensions only. */
  readonly oldDueDate: IsoDate | null;
  readonly newDueDate: IsoDate | null;
}

export interface DemoAction {
  /** Stable key, e.g. "leeds-a1". */
  readonly key: string;
  readonly authority: AuthoritySlug;
  /** DemoInspection.key of the inspection the item belongs to. */
  readonly inspectionKey: string;
  /** DemoItem.reference within that inspection. */
  readonly itemReference: string;
  readonly title: string;
  readonly description: string;
  readonly ownerEmail: string;
  readonly leadService: string;
  /** Display names; the database column holds them comma-separated. */
  readonly partnerAgencies: readonly string[];
  readonly successMeasure: string;
  readonly startDate: IsoDate;
  readonly dueDate: IsoDate;
  readonly status: DemoActionStatus;
  readonly rag: DemoRag | null;
  readonly ragReason: string | null;
  readonly impactRag: DemoRag | null;
  readonly impactReason: string | null;
  /** 0–100. */
  readonly progress: number;
  readonly blockedReason: string | null;
  readonly completedAt: IsoDate | null;
  /** Oldest first. */
  readonly updates: readonly DemoActionUpdate[];
}

export interface DemoBoardMember {
  readonly email: string;
  readonly boardRole: DemoBoardRole;
}

export interface DemoDecision {
  /** A DemoAction key; the action is put on the meeting's agenda with this decision. */
  readonly actionKey: string;
  readonly decision: "accept" | "continue" | "return" | "escalate" | "extend";
  readonly challenge: string;
  readonly notes: string;
  readonly decidedByEmail: string;
}

export interface DemoMeeting {
  readonly scheduledAt: IsoDateTime;
  readonly location: string;
  readonly status: DemoMeetingStatus;
  /** For meetings that have taken place: their agenda's decisions. */
  readonly decisions?: readonly DemoDecision[];
}

export interface DemoBoard {
  readonly key: string;
  readonly authority: AuthoritySlug;
  readonly name: string;
  readonly kind: DemoBoardKind;
  readonly scopeAllInspections: boolean;
  readonly members: readonly DemoBoardMember[];
  readonly meetings: readonly DemoMeeting[];
}

export interface DemoData {
  readonly today: IsoDate;
  readonly password: string;
  readonly authorities: readonly DemoAuthority[];
  readonly users: readonly DemoUser[];
  readonly actions: readonly DemoAction[];
  readonly boards: readonly DemoBoard[];
}

// ---------------------------------------------------------------------------
// Authorities and inspections (real documents)
// ---------------------------------------------------------------------------

const LEEDS_ILACS_2018: DemoInspection = {
  key: "leeds-ilacs-2018",
  type: "ilacs_short",
  title: "Inspection of children's social care services",
  startDate: "2018-10-29",
  endDate: "2018-11-02",
  publishedAt: "2018-12-18",
  letterDate: null,
  leadInspector: "Matt Reed",
  datesAsPrinted: "29 October 2018 to 2 November 2018",
  sourceUrl: "https://files.ofsted.gov.uk/v1/file/50045174",
  notFromSourceText: ["publishedAt"],
  notes:
    "One-week (short) ILACS inspection: Leeds had been judged good in 2015. The report does not print its " +
    "publication date; 18 December 2018 is the date of Ofsted's published file. Leeds was outstanding overall.",
  judgements: [
    {
      area: "The impact of leaders on social work practice with children and families",
      gradeText: "Outstanding",
      grade: "outstanding",
      isOverall: false,
    },
    {
      area: "The experiences and progress of children who need help and protection",
      gradeText: "Outstanding",
      grade: "outstanding",
      isOverall: false,
    },
    {
      area: "The experiences and progress of children in care and care leavers",
      gradeText: "Good",
      grade: "good",
      isOverall: false,
    },
    { area: "Overall effectiveness", gradeText: "Outstanding", grade: "outstanding", isOverall: true },
  ],
  items: [
    {
      reference: "R1",
      kind: "improvement_item",
      text: "The consistent involvement of health agencies in strategy discussions.",
      addressedTo: null,
      timescale: null,
    },
    {
      reference: "R2",
      kind: "improvement_item",
      text: "The consideration given to children's culture and identity in all assessments.",
      addressedTo: null,
      timescale: null,
    },
    {
      reference: "R3",
      kind: "improvement_item",
      text: "The quality, recording and review of personal education plans (PEPs) so that they provide clear, consistent and purposeful targets, covering both short- and longer-term objectives.",
      addressedTo: null,
      timescale: null,
    },
    {
      reference: "R4",
      kind: "improvement_item",
      text: "Pathway planning to be better reflected in case records and pathway plans to be reviewed to ensure that they are meaningful documents for young people.",
      addressedTo: null,
      timescale: null,
    },
  ],
};

const LEEDS_UNANNOUNCED_2011: DemoInspection = {
  key: "leeds-unannounced-2011",
  type: "unannounced_letter",
  title:
    "Annual unannounced inspection of contact, referral and assessment arrangements within Leeds City Council Children's Services",
  startDate: "2011-01-18",
  endDate: "2011-01-19",
  publishedAt: null,
  letterDate: "2011-02-16",
  leadInspector: "Neil Penswick",
  datesAsPrinted: "18 and 19 January 2011",
  sourceUrl: null,
  notFromSourceText: [],
  notes:
    "Letter to the Director of Children's Services dated 16 February 2011, signed by Neil Penswick, Her Majesty's " +
    "Inspector; its publication date is not printed. The letter gives no graded judgements. It has an " +
    '"Areas for development" list (four items; the fourth has lost its bullet in the text) and no "Areas for ' +
    'priority action" list: the areas for priority action from the July 2009 inspection are reported as addressed. ' +
    'The "This was an area for development in the last unannounced inspection." sentences are part of the ' +
    "printed items and are kept.",
  judgements: [],
  items: [
    {
      reference: "R1",
      kind: "area_for_development",
      text: "The electronic social care record system does not meet the requirements of the service. There are a number of different systems for recording casework information which prevents a clear audit trail of actions taken and decisions made. This has been recognised by the authority and a new computer system is to be commissioned. This was an area for development in the last unannounced inspection.",
      addressedTo: null,
      timescale: null,
    },
    {
      reference: "R2",
      kind: "area_for_development",
      text: "The quality of assessments has much improved. However, the quality of recording still varies. The local authority is aware of these issues, having been identified through their own performance management systems, and this is a focus of an improvement programme. This was an area for development in the last unannounced inspection.",
      addressedTo: null,
      timescale: null,
    },
    {
      reference: "R3",
      kind: "area_for_development",
      text: "In most cases strategy discussions take place with the West Yorkshire Police in a timely and planned manner. Single agency visits are undertaken and children are protected. However, in some cases seen by inspectors this did not meet the agreed protocol for when joint visits should be undertaken by those agencies. The local authority and the West Yorkshire Police are aware of these issues and are reviewing at a senior management level the deficits in practice.",
      addressedTo: null,
      timescale: null,
    },
    {
      reference: "R4",
      kind: "area_for_development",
      text: "Arrangements for out-of-hours service do not effectively link with the daytime service. This has been recognised by the authority and a review is being undertaken.",
      addressedTo: null,
      timescale: null,
    },
  ],
};

const KIRKLEES_ILACS_2019: DemoInspection = {
  key: "kirklees-ilacs-2019",
  type: "ilacs_standard",
  title: "Inspection of children’s social care services",
  startDate: "2019-06-10",
  endDate: "2019-06-21",
  publishedAt: "2019-08-05",
  letterDate: null,
  leadInspector: "Lisa Summers",
  datesAsPrinted: null,
  sourceUrl: "https://files.ofsted.gov.uk/v1/file/50098215",
  notFromSourceText: ["title", "dates", "publishedAt", "leadInspector"],
  notes:
    "The stored text starts at the judgement table: the front page (title, inspection dates, lead inspector) is " +
    "missing. Dates 10 to 21 June 2019, lead inspector Lisa Summers and publication on 5 August 2019 come from " +
    "Ofsted's listing of the report; the title is the wording ILACS reports used at the time. The judgement table " +
    'was flattened by extraction: each area and its grade "Requires improvement to be good" are interleaved ' +
    'across two lines, and one row has a stray "|". Bullets were extracted as the letters B and W.',
  judgements: [
    {
      area: "The impact of leaders on social work practice with children and families",
      gradeText: "Requires improvement to be good",
      grade: "requires_improvement",
      isOverall: false,
    },
    {
      area: "The experiences and progress of children who need help and protection",
      gradeText: "Requires improvement to be good",
      grade: "requires_improvement",
      isOverall: false,
    },
    {
      area: "The experiences and progress of children in care and care leavers",
      gradeText: "Requires improvement to be good",
      grade: "requires_improvement",
      isOverall: false,
    },
    {
      area: "Overall effectiveness",
      gradeText: "Requires improvement to be good",
      grade: "requires_improvement",
      isOverall: true,
    },
  ],
  items: [
    {
      reference: "R1",
      kind: "improvement_item",
      text: "The quality of recording, assessments and child protection investigations so that children receive help at the earliest opportunity.",
      addressedTo: null,
      timescale: null,
    },
    {
      reference: "R2",
      kind: "improvement_item",
      text: "The quality of written child in need, child protection and care plans, so that they are timebound, with clear and meaningful contingency plans.",
      addressedTo: null,
      timescale: null,
    },
    {
      reference: "R3",
      kind: "improvement_item",
      text: "The response to disabled children, children in private fostering arrangements, and children at risk from professionals where allegations have been made.",
      addressedTo: null,
      timescale: null,
    },
    {
      reference: "R4",
      kind: "improvement_item",
      text: "The response to children who go missing from home and care, so that all children are offered return home interviews that are of good quality, in order to better understand why children go missing and to inform care planning and strategic priorities.",
      addressedTo: null,
      timescale: null,
    },
    {
      reference: "R5",
      kind: "improvement_item",
      text: "The timely permanence for children with plans for long-term fostering and children placed with parents.",
      addressedTo: null,
      timescale: null,
    },
    {
      reference: "R6",
      kind: "improvement_item",
      text: "The completion of life-story work for children in care.",
      addressedTo: null,
      timescale: null,
    },
    {
      reference: "R7",
      kind: "improvement_item",
      text: "Care leavers’ understanding of their health histories.",
      addressedTo: null,
      timescale: null,
    },
    {
      reference: "R8",
      kind: "improvement_item",
      text: "The quality of foster carer reviews.",
      addressedTo: null,
      timescale: null,
    },
    {
      reference: "R9",
      kind: "improvement_item",
      text: "Management oversight across the service through improved performance and quality assurance.",
      addressedTo: null,
      timescale: null,
    },
    {
      reference: "R10",
      kind: "improvement_item",
      text: "Regular supervision of social workers that is reflective, directive and, alongside the work of independent reviewing officers (IROs), challenges poorer practice.",
      addressedTo: null,
      timescale: null,
    },
  ],
};

const LEICESTER_SIF_2017: DemoInspection = {
  key: "leicester-sif-2017",
  type: "sif",
  title: "Inspection of services for children in need of help and protection, children looked after and care leavers",
  startDate: "2017-06-19",
  endDate: "2017-07-13",
  publishedAt: "2017-09-04",
  letterDate: null,
  leadInspector: "Julie Knight",
  datesAsPrinted: "19 June to 13 July 2017",
  sourceUrl: "https://files.ofsted.gov.uk/v1/file/50004397",
  notFromSourceText: [],
  notes:
    "Single inspection framework report. The headline line \"Children's services in Leicester require improvement " +
    'to be good" is the overall judgement (there is no "Overall effectiveness" row). The eleven recommendations ' +
    'are numbered 1-11 and sit in the part headed "The local authority"; no timescale groups are printed. The ' +
    "report says it also includes the review of the Local Safeguarding Children Board, but the stored text has " +
    "no LSCB section, so no LSCB judgement or recommendations are included. Body paragraphs end with " +
    '"(Recommendation)" markers; they point back at the list and are not items.',
  judgements: [
    {
      area: "Children's services in Leicester",
      gradeText: "require improvement to be good",
      grade: "requires_improvement",
      isOverall: true,
    },
    {
      area: "1. Children who need help and protection",
      gradeText: "Requires improvement",
      grade: "requires_improvement",
      isOverall: false,
    },
    {
      area: "2. Children looked after and achieving permanence",
      gradeText: "Requires improvement",
      grade: "requires_improvement",
      isOverall: false,
    },
    { area: "2.1 Adoption performance", gradeText: "Good", grade: "good", isOverall: false },
    {
      area: "2.2 Experiences and progress of care leavers",
      gradeText: "Requires improvement",
      grade: "requires_improvement",
      isOverall: false,
    },
    { area: "3. Leadership, management and governance", gradeText: "Good", grade: "good", isOverall: false },
  ],
  items: [
    {
      reference: "1",
      kind: "recommendation",
      text: "Improve the quality of social work assessments, so that they are consistently informed by the child and his or her family history, reflect the diverse identities of individual children and are updated regularly to take account of children's changing needs and circumstances.",
      addressedTo: "local authority",
      timescale: null,
    },
    {
      reference: "2",
      kind: "recommendation",
      text: "Improve the timeliness and quality of safeguarding interventions for disabled children.",
      addressedTo: "local authority",
      timescale: null,
    },
    {
      reference: "3",
      kind: "recommendation",
      text: "Ensure that practice for children who are subject to private fostering arrangements meets statutory requirements and that all privately fostered children have an individual assessment.",
      addressedTo: "local authority",
      timescale: null,
    },
    {
      reference: "4",
      kind: "recommendation",
      text: "Ensure that children are enabled to participate in meetings that inform their plans and that these plans are succinct, containing clear details, actions and timescales.",
      addressedTo: "local authority",
      timescale: null,
    },
    {
      reference: "5",
      kind: "recommendation",
      text: "Ensure that the virtual school has the capacity to drive improvement for all children looked after.",
      addressedTo: "local authority",
      timescale: null,
    },
    {
      reference: "6",
      kind: "recommendation",
      text: "Improve the quality of medical and health information that care leavers receive prior to leaving care.",
      addressedTo: "local authority",
      timescale: null,
    },
    {
      reference: "7",
      kind: "recommendation",
      text: "Reduce the number of 18- to 21-year-old care leavers who are not in education, employment or training.",
      addressedTo: "local authority",
      timescale: null,
    },
    {
      reference: "8",
      kind: "recommendation",
      text: "Ensure that the transition arrangements from children's social care to adult services for young disabled children who have additional needs are both timely and effective.",
      addressedTo: "local authority",
      timescale: null,
    },
    {
      reference: "9",
      kind: "recommendation",
      text: "Improve the quality of frontline management oversight and direction across all teams to ensure that management oversight of practice supports effective case progression and decision-making.",
      addressedTo: "local authority",
      timescale: null,
    },
    {
      reference: "10",
      kind: "recommendation",
      text: "Ensure that elected members demonstrate a commitment to, and ambition for, children looked after, through regular attendance and participation in the corporate parenting forum.",
      addressedTo: "local authority",
      timescale: null,
    },
    {
      reference: "11",
      kind: "recommendation",
      text: "Develop a commissioning and sufficiency strategy to ensure that services are commissioned against identified need within an agreed framework across the city.",
      addressedTo: "local authority",
      timescale: null,
    },
  ],
};

export const DEMO_AUTHORITIES: readonly DemoAuthority[] = [
  {
    slug: "leeds",
    name: "Leeds City Council",
    onsCode: "E08000035",
    inspections: [LEEDS_ILACS_2018, LEEDS_UNANNOUNCED_2011],
  },
  {
    slug: "kirklees",
    name: "Kirklees Council",
    onsCode: "E08000034",
    inspections: [KIRKLEES_ILACS_2019],
  },
  {
    slug: "leicester",
    name: "Leicester City Council",
    onsCode: "E06000016",
    inspections: [LEICESTER_SIF_2017],
  },
];

// ---------------------------------------------------------------------------
// Users (fictional people)
// ---------------------------------------------------------------------------

export const DEMO_USERS: readonly DemoUser[] = [
  // Leeds
  {
    email: "admin@leeds.demo",
    name: "Harriet Okafor",
    jobTitle: "Performance and improvement manager",
    organisation: null,
    memberships: [{ authority: "leeds", role: "admin" }],
  },
  {
    email: "board@leeds.demo",
    name: "Daniel Reyes",
    jobTitle: "Elected member, Scrutiny Board (Children and Families)",
    organisation: null,
    memberships: [{ authority: "leeds", role: "board_member" }],
  },
  {
    email: "owner@leeds.demo",
    name: "Sofia Brennan",
    jobTitle: "Head of service, Duty and Advice (front door)",
    organisation: null,
    memberships: [{ authority: "leeds", role: "action_owner" }],
  },
  {
    email: "owner2@leeds.demo",
    name: "Joseph Adeyemi",
    jobTitle: "Head of the Virtual School",
    organisation: null,
    memberships: [{ authority: "leeds", role: "action_owner" }],
  },
  {
    email: "viewer@leeds.demo",
    name: "Imran Chaudhry",
    jobTitle: "Business support officer",
    organisation: null,
    memberships: [{ authority: "leeds", role: "viewer" }],
  },
  {
    email: "partner@leeds.demo",
    name: "Grace Whitfield",
    jobTitle: "Designated nurse for safeguarding children",
    organisation: "Leeds Community Healthcare NHS Trust",
    memberships: [{ authority: "leeds", role: "partner" }],
  },
  // Kirklees
  {
    email: "admin@kirklees.demo",
    name: "Naomi Sutcliffe",
    jobTitle: "Improvement programme manager",
    organisation: null,
    memberships: [{ authority: "kirklees", role: "admin" }],
  },
  {
    email: "board@kirklees.demo",
    name: "Ravinder Sandhu",
    jobTitle: "Cabinet member for children (elected member)",
    organisation: null,
    memberships: [{ authority: "kirklees", role: "board_member" }],
  },
  {
    email: "owner@kirklees.demo",
    name: "Liam Haigh",
    jobTitle: "Service director, family support and child protection",
    organisation: null,
    memberships: [{ authority: "kirklees", role: "action_owner" }],
  },
  {
    email: "owner2@kirklees.demo",
    name: "Aisha Mahmood",
    jobTitle: "Head of service, children with disabilities",
    organisation: null,
    memberships: [{ authority: "kirklees", role: "action_owner" }],
  },
  {
    email: "viewer@kirklees.demo",
    name: "Peter Armitage",
    jobTitle: "Quality assurance officer",
    organisation: null,
    memberships: [{ authority: "kirklees", role: "viewer" }],
  },
  {
    email: "partner@kirklees.demo",
    name: "Joanne Firth",
    jobTitle: "Detective inspector, safeguarding unit",
    organisation: "West Yorkshire Police",
    memberships: [{ authority: "kirklees", role: "partner" }],
  },
  // Leicester
  {
    email: "admin@leicester.demo",
    name: "Karen Doyle",
    jobTitle: "Head of performance and quality assurance",
    organisation: null,
    memberships: [{ authority: "leicester", role: "admin" }],
  },
  {
    email: "board@leicester.demo",
    name: "Yusuf Ismail",
    jobTitle: "Independent chair, Children's Improvement Board",
    organisation: null,
    memberships: [{ authority: "leicester", role: "board_member" }],
  },
  {
    email: "owner@leicester.demo",
    name: "Hannah Clarke",
    jobTitle: "Head of service, social work and safeguarding",
    organisation: null,
    memberships: [{ authority: "leicester", role: "action_owner" }],
  },
  {
    email: "owner2@leicester.demo",
    name: "Marcus Bell",
    jobTitle: "Head of commissioning, children's services",
    organisation: null,
    memberships: [{ authority: "leicester", role: "action_owner" }],
  },
  {
    email: "viewer@leicester.demo",
    name: "Deepa Mistry",
    jobTitle: "Data analyst",
    organisation: null,
    memberships: [{ authority: "leicester", role: "viewer" }],
  },
  {
    email: "partner@leicester.demo",
    name: "Owen Parry",
    jobTitle: "Named doctor for children looked after",
    organisation: "Leicestershire Partnership NHS Trust",
    memberships: [{ authority: "leicester", role: "partner" }],
  },
  // People in two authorities (to demonstrate switching)
  {
    email: "chair@leeds.demo",
    name: "Margaret Ellison",
    jobTitle: "Deputy director of children's services (Leeds), chair of the Kirklees Improvement Board",
    organisation: null,
    memberships: [
      { authority: "leeds", role: "board_member" },
      { authority: "kirklees", role: "board_member" },
    ],
  },
  {
    email: "adviser@dfe.demo",
    name: "Rachel Ainsworth",
    jobTitle: "Children's services improvement adviser, Department for Education",
    organisation: null,
    memberships: [
      { authority: "kirklees", role: "viewer" },
      { authority: "leicester", role: "viewer" },
    ],
  },
];

// ---------------------------------------------------------------------------
// Actions (fictional plans against the real items)
// ---------------------------------------------------------------------------

const NO_EXTENSION = { oldDueDate: null, newDueDate: null } as const;

export const DEMO_ACTIONS: readonly DemoAction[] = [
  // ----- Leeds -----
  {
    key: "leeds-a1",
    authority: "leeds",
    inspectionKey: "leeds-ilacs-2018",
    itemReference: "R1",
    title: "Health representation at every strategy discussion",
    description:
      "Agree a rota of named safeguarding nurses so that a health practitioner joins every strategy discussion " +
      "held at the front door, including those held out of hours, and record attendance on the strategy log.",
    ownerEmail: "partner@leeds.demo",
    leadService: "Safeguarding children team, Leeds Community Healthcare NHS Trust",
    partnerAgencies: [
      "Leeds Community Healthcare NHS Trust",
      "Leeds Teaching Hospitals NHS Trust",
      "West Yorkshire Police",
    ],
    successMeasure:
      "Health attends or contributes to at least 95% of strategy discussions for three consecutive months, " +
      "shown in the monthly front door performance report.",
    startDate: "2026-04-01",
    dueDate: "2026-10-31",
    status: "in_progress",
    rag: "red",
    ragReason: "Attendance reached 78% in October; out-of-hours discussions still rarely include health.",
    impactRag: "amber",
    impactReason: "Where health attends, audits show fuller information sharing, but coverage is not yet consistent.",
    progress: 55,
    blockedReason: null,
    completedAt: null,
    updates: [
      {
        date: "2026-06-05",
        authorEmail: "partner@leeds.demo",
        kind: "update",
        body: "Rota of six named nurses agreed with both trusts. Daytime attendance in May was 88%.",
        progress: 35,
        rag: "green",
        ragReason: "On track for daytime discussions.",
        status: "in_progress",
        ...NO_EXTENSION,
      },
      {
        date: "2026-11-04",
        authorEmail: "partner@leeds.demo",
        kind: "update",
        body:
          "October attendance fell to 78% because out-of-hours strategy discussions are not covered by the rota. " +
          "Proposal for an on-call arrangement goes to the trusts' safeguarding leads this month.",
        progress: 55,
        rag: "red",
        ragReason: "Attendance reached 78% in October; out-of-hours discussions still rarely include health.",
        status: "in_progress",
        ...NO_EXTENSION,
      },
    ],
  },
  {
    key: "leeds-a2",
    authority: "leeds",
    inspectionKey: "leeds-ilacs-2018",
    itemReference: "R2",
    title: "Culture and identity prompts in the assessment template",
    description:
      "Add culture, identity and diversity prompts to the single assessment template, train practitioners " +
      "through the practice development team, and include the question in monthly practice audits.",
    ownerEmail: "owner@leeds.demo",
    leadService: "Children's social work service",
    partnerAgencies: [],
    successMeasure:
      "At least 90% of audited assessments show that the child's culture and identity were considered and " +
      "informed the plan.",
    startDate: "2026-05-01",
    dueDate: "2027-03-31",
    status: "in_progress",
    rag: "amber",
    ragReason: "Template change is live; training is behind because of two cancelled sessions.",
    impactRag: null,
    impactReason: null,
    progress: 40,
    blockedReason: null,
    completedAt: null,
    updates: [
      {
        date: "2026-09-14",
        authorEmail: "owner@leeds.demo",
        kind: "update",
        body: "New prompts went live in the assessment template on 1 September. Four of nine training sessions delivered.",
        progress: 40,
        rag: "amber",
        ragReason: "Template change is live; training is behind because of two cancelled sessions.",
        status: "in_progress",
        ...NO_EXTENSION,
      },
    ],
  },
  {
    key: "leeds-a3",
    authority: "leeds",
    inspectionKey: "leeds-ilacs-2018",
    itemReference: "R3",
    title: "Personal education plan quality framework",
    description:
      "Introduce a single PEP format with SMART targets covering short- and longer-term objectives, and a " +
      "termly quality assurance sample by the Virtual School.",
    ownerEmail: "owner2@leeds.demo",
    leadService: "Virtual School",
    partnerAgencies: ["Leeds schools and academies"],
    successMeasure: "85% of PEPs rated good or better in the termly quality assurance sample.",
    startDate: "2026-01-12",
    dueDate: "2026-09-30",
    status: "submitted_for_review",
    rag: "green",
    ragReason: "Summer term sample: 87% of PEPs rated good or better.",
    impactRag: "green",
    impactReason: "Targets in sampled PEPs are specific and reviewed termly.",
    progress: 90,
    blockedReason: null,
    completedAt: null,
    updates: [
      {
        date: "2026-07-20",
        authorEmail: "owner2@leeds.demo",
        kind: "update",
        body: "Summer term quality assurance sample of 60 PEPs: 87% good or better, up from 64% in the autumn.",
        progress: 80,
        rag: "green",
        ragReason: "Summer term sample: 87% of PEPs rated good or better.",
        status: "in_progress",
        ...NO_EXTENSION,
      },
      {
        date: "2026-10-02",
        authorEmail: "owner2@leeds.demo",
        kind: "status_change",
        body: "Submitted for board review with the audit report and the revised PEP guidance.",
        progress: 90,
        rag: null,
        ragReason: null,
        status: "submitted_for_review",
        ...NO_EXTENSION,
      },
    ],
  },
  {
    key: "leeds-a4",
    authority: "leeds",
    inspectionKey: "leeds-ilacs-2018",
    itemReference: "R4",
    title: "Pathway plans reviewed on every change of circumstances",
    description:
      "Set a trigger in the case recording system so that a change of address, education status or " +
      "placement prompts a pathway plan review, and co-produce a shorter plan format with care leavers.",
    ownerEmail: "owner2@leeds.demo",
    leadService: "Care leavers' service",
    partnerAgencies: [],
    successMeasure: "95% of care leavers have a pathway plan reviewed within 28 days of a change in circumstances.",
    startDate: "2026-12-01",
    dueDate: "2027-06-30",
    status: "not_started",
    rag: null,
    ragReason: null,
    impactRag: null,
    impactReason: null,
    progress: 0,
    blockedReason: null,
    completedAt: null,
    updates: [
      {
        date: "2026-11-12",
        authorEmail: "admin@leeds.demo",
        kind: "decision",
        body: "Improvement board agreed the action and a start date of 1 December 2026.",
        progress: null,
        rag: null,
        ragReason: null,
        status: null,
        ...NO_EXTENSION,
      },
    ],
  },
  {
    key: "leeds-a5",
    authority: "leeds",
    inspectionKey: "leeds-unannounced-2011",
    itemReference: "R1",
    title: "Replace the electronic social care record",
    description:
      "Commission a single electronic social care record to replace the separate casework systems, so that " +
      "actions and decisions have one audit trail.",
    ownerEmail: "owner@leeds.demo",
    leadService: "Children's services ICT",
    partnerAgencies: [],
    successMeasure: "All contact, referral and assessment work recorded in one system with a complete audit trail.",
    startDate: "2011-03-01",
    dueDate: "2012-06-30",
    status: "closed",
    rag: "green",
    ragReason: "New system live in all assessment teams.",
    impactRag: "green",
    impactReason: "Audits found one audit trail for decisions on contacts, referrals and assessments.",
    progress: 100,
    blockedReason: null,
    completedAt: "2012-05-14",
    updates: [
      {
        date: "2012-05-14",
        authorEmail: "owner@leeds.demo",
        kind: "status_change",
        body: "New record system live in all assessment teams; legacy systems read-only.",
        progress: 100,
        rag: "green",
        ragReason: "New system live in all assessment teams.",
        status: "complete",
        ...NO_EXTENSION,
      },
      {
        date: "2012-07-09",
        authorEmail: "admin@leeds.demo",
        kind: "decision",
        body: "Improvement board accepted the evidence and closed the action.",
        progress: null,
        rag: null,
        ragReason: null,
        status: "closed",
        ...NO_EXTENSION,
      },
    ],
  },

  // ----- Kirklees -----
  {
    key: "kirklees-a1",
    authority: "kirklees",
    inspectionKey: "kirklees-ilacs-2019",
    itemReference: "R1",
    title: "Assessment and section 47 enquiry quality",
    description:
      "Reduce duty caseloads in the assessment and intervention teams and introduce a practice standard and " +
      "monthly audit for assessments and child protection investigations.",
    ownerEmail: "owner@kirklees.demo",
    leadService: "Assessment and intervention service",
    partnerAgencies: ["West Yorkshire Police"],
    successMeasure: "80% of audited assessments and enquiries graded good or better for two consecutive quarters.",
    startDate: "2026-02-02",
    dueDate: "2026-08-31",
    status: "in_progress",
    rag: "amber",
    ragReason: "Audit grades improving (71% good) but below target; due date passed.",
    impactRag: "amber",
    impactReason: "Fewer re-referrals within 12 months, but analysis of risk remains inconsistent.",
    progress: 70,
    blockedReason: null,
    completedAt: null,
    updates: [
      {
        date: "2026-05-11",
        authorEmail: "owner@kirklees.demo",
        kind: "update",
        body: "Practice standard published. Duty caseloads capped at 18 from April.",
        progress: 40,
        rag: "green",
        ragReason: "On plan.",
        status: "in_progress",
        ...NO_EXTENSION,
      },
      {
        date: "2026-09-08",
        authorEmail: "owner@kirklees.demo",
        kind: "update",
        body: "Quarter two audits: 71% good or better (target 80%). Extension requested at the next board.",
        progress: 70,
        rag: "amber",
        ragReason: "Audit grades improving (71% good) but below target; due date passed.",
        status: "in_progress",
        ...NO_EXTENSION,
      },
    ],
  },
  {
    key: "kirklees-a2",
    authority: "kirklees",
    inspectionKey: "kirklees-ilacs-2019",
    itemReference: "R3",
    title: "Safeguarding response for disabled children, private fostering and allegations",
    description:
      "Move the disabled children's service into children's social care, audit every open case, raise " +
      "awareness of private fostering notification, and tighten oversight of allegations against professionals.",
    ownerEmail: "owner2@kirklees.demo",
    leadService: "Children with disabilities service",
    partnerAgencies: ["Kirklees Safeguarding Children Partnership"],
    successMeasure:
      "Every disabled child with a safeguarding concern has a timely strategy discussion; all private fostering " +
      "arrangements assessed within statutory timescales.",
    startDate: "2026-03-02",
    dueDate: "2026-12-18",
    status: "blocked",
    rag: "red",
    ragReason: "Case audit cannot be finished until the team is staffed.",
    impactRag: null,
    impactReason: null,
    progress: 30,
    blockedReason: "Awaiting recruitment of two experienced social workers to the disabled children's team.",
    completedAt: null,
    updates: [
      {
        date: "2026-10-19",
        authorEmail: "owner2@kirklees.demo",
        kind: "status_change",
        body: "Blocked: second recruitment round unsuccessful; 40 of 130 cases audited.",
        progress: 30,
        rag: "red",
        ragReason: "Case audit cannot be finished until the team is staffed.",
        status: "blocked",
        ...NO_EXTENSION,
      },
    ],
  },
  {
    key: "kirklees-a3",
    authority: "kirklees",
    inspectionKey: "kirklees-ilacs-2019",
    itemReference: "R4",
    title: "Missing from home and care: joint daily triage",
    description:
      "Daily joint triage of missing episodes between the police missing person coordinator and the " +
      "exploitation team, so that every child is offered a return home interview within 72 hours and the " +
      "learning informs care plans.",
    ownerEmail: "partner@kirklees.demo",
    leadService: "Missing and exploitation team",
    partnerAgencies: ["West Yorkshire Police"],
    successMeasure:
      "90% of children offered a return home interview within 72 hours; quarterly themes reported to the board.",
    startDate: "2026-09-01",
    dueDate: "2027-02-26",
    status: "in_progress",
    rag: "green",
    ragReason: "Triage running daily since September.",
    impactRag: null,
    impactReason: null,
    progress: 45,
    blockedReason: null,
    completedAt: null,
    updates: [
      {
        date: "2026-10-30",
        authorEmail: "partner@kirklees.demo",
        kind: "update",
        body: "Joint triage held every weekday since 7 September; 84% of children offered an interview within 72 hours in October.",
        progress: 45,
        rag: "green",
        ragReason: "Triage running daily since September.",
        status: "in_progress",
        ...NO_EXTENSION,
      },
    ],
  },
  {
    key: "kirklees-a4",
    authority: "kirklees",
    inspectionKey: "kirklees-ilacs-2019",
    itemReference: "R10",
    title: "Reflective supervision policy and IRO challenge",
    description:
      "Relaunch the supervision policy with a reflective template and a four-weekly frequency standard, and " +
      "agree an escalation protocol for independent reviewing officers.",
    ownerEmail: "owner@kirklees.demo",
    leadService: "Principal social worker",
    partnerAgencies: [],
    successMeasure: "95% of social workers supervised at least every four weeks; reflective content evident in audits.",
    startDate: "2026-01-05",
    dueDate: "2026-07-31",
    status: "complete",
    rag: "green",
    ragReason: "Frequency standard met for three consecutive months.",
    impactRag: "green",
    impactReason: "Audits show management direction recorded and poorer practice challenged.",
    progress: 100,
    blockedReason: null,
    completedAt: "2026-07-20",
    updates: [
      {
        date: "2026-07-20",
        authorEmail: "owner@kirklees.demo",
        kind: "status_change",
        body: "Complete: 96% supervision compliance in April, May and June; IRO escalation protocol signed off.",
        progress: 100,
        rag: "green",
        ragReason: "Frequency standard met for three consecutive months.",
        status: "complete",
        ...NO_EXTENSION,
      },
    ],
  },
  {
    key: "kirklees-a5",
    authority: "kirklees",
    inspectionKey: "kirklees-ilacs-2019",
    itemReference: "R5",
    title: "Permanence tracking for long-term fostering and placed with parents",
    description:
      "Add children with a plan for long-term fostering and children placed with parents on care orders to " +
      "the monthly permanence tracker, with a named manager for each.",
    ownerEmail: "owner2@kirklees.demo",
    leadService: "Children in care service",
    partnerAgencies: [],
    successMeasure:
      "Every child with a permanence plan has a matching or discharge decision within the timescale in their plan.",
    startDate: "2027-01-04",
    dueDate: "2027-04-30",
    status: "not_started",
    rag: null,
    ragReason: null,
    impactRag: null,
    impactReason: null,
    progress: 0,
    blockedReason: null,
    completedAt: null,
    updates: [
      {
        date: "2026-11-05",
        authorEmail: "chair@leeds.demo",
        kind: "decision",
        body: "Board agreed to start this in January, after the disabled children's service audit.",
        progress: null,
        rag: null,
        ragReason: null,
        status: null,
        ...NO_EXTENSION,
      },
    ],
  },

  // ----- Leicester -----
  {
    key: "leicester-a1",
    authority: "leicester",
    inspectionKey: "leicester-sif-2017",
    itemReference: "1",
    title: "Assessments informed by history and identity",
    description:
      "Introduce a chronology and identity section at the start of every social work assessment and require " +
      "an update whenever a child's circumstances change.",
    ownerEmail: "owner@leicester.demo",
    leadService: "Social work and safeguarding",
    partnerAgencies: [],
    successMeasure: "85% of audited assessments use family history and identity to inform the analysis.",
    startDate: "2026-03-02",
    dueDate: "2026-10-15",
    status: "in_progress",
    rag: "amber",
    ragReason: "Due date passed; audit results at 76%.",
    impactRag: null,
    impactReason: null,
    progress: 60,
    blockedReason: null,
    completedAt: null,
    updates: [
      {
        date: "2026-10-20",
        authorEmail: "owner@leicester.demo",
        kind: "update",
        body: "September audits: 76% of assessments used history and identity well. One more audit cycle needed.",
        progress: 60,
        rag: "amber",
        ragReason: "Due date passed; audit results at 76%.",
        status: "in_progress",
        ...NO_EXTENSION,
      },
    ],
  },
  {
    key: "leicester-a2",
    authority: "leicester",
    inspectionKey: "leicester-sif-2017",
    itemReference: "3",
    title: "Individual assessment for every privately fostered child",
    description:
      "Assess every privately fostered child separately from their carers and visit within statutory timescales; " +
      "run an awareness campaign with schools and GP practices.",
    ownerEmail: "owner2@leicester.demo",
    leadService: "Fostering service",
    partnerAgencies: ["Leicester schools", "LLR Integrated Care Board"],
    successMeasure: "100% of privately fostered children have an individual assessment and visits on time.",
    startDate: "2026-01-12",
    dueDate: "2026-06-30",
    status: "complete",
    rag: "green",
    ragReason: "All arrangements assessed and visited on time.",
    impactRag: "green",
    impactReason: "Every privately fostered child has their own support plan.",
    progress: 100,
    blockedReason: null,
    completedAt: "2026-06-22",
    updates: [
      {
        date: "2026-06-22",
        authorEmail: "owner2@leicester.demo",
        kind: "status_change",
        body: "All seven current private fostering arrangements have individual assessments; visits on time.",
        progress: 100,
        rag: "green",
        ragReason: "All arrangements assessed and visited on time.",
        status: "complete",
        ...NO_EXTENSION,
      },
    ],
  },
  {
    key: "leicester-a3",
    authority: "leicester",
    inspectionKey: "leicester-sif-2017",
    itemReference: "6",
    title: "Health passport for every care leaver",
    description:
      "Give every young person a written health history (health passport) before they leave care, prepared " +
      "with the children looked after health team and explained in person.",
    ownerEmail: "partner@leicester.demo",
    leadService: "Children looked after health team",
    partnerAgencies: ["Leicestershire Partnership NHS Trust"],
    successMeasure:
      "95% of young people leaving care receive and discuss their health passport before their 18th birthday.",
    startDate: "2026-07-01",
    dueDate: "2027-01-29",
    status: "in_progress",
    rag: "amber",
    ragReason: "Template agreed; GP summary records are slow to arrive.",
    impactRag: null,
    impactReason: null,
    progress: 50,
    blockedReason: null,
    completedAt: null,
    updates: [
      {
        date: "2026-11-02",
        authorEmail: "partner@leicester.demo",
        kind: "update",
        body: "Passport template agreed with the Children in Care Council. 31 of 58 eligible young people have one.",
        progress: 50,
        rag: "amber",
        ragReason: "Template agreed; GP summary records are slow to arrive.",
        status: "in_progress",
        ...NO_EXTENSION,
      },
    ],
  },
  {
    key: "leicester-a4",
    authority: "leicester",
    inspectionKey: "leicester-sif-2017",
    itemReference: "10",
    title: "Elected member attendance at the corporate parenting forum",
    description:
      "Corporate parenting training for all elected members, a named member champion for each children's home, " +
      "and attendance reported to full council.",
    ownerEmail: "owner@leicester.demo",
    leadService: "Democratic services and children's services",
    partnerAgencies: [],
    successMeasure: "At least eight elected members attend each corporate parenting forum for a year.",
    startDate: "2026-02-02",
    dueDate: "2026-11-30",
    status: "submitted_for_review",
    rag: "green",
    ragReason: "Attendance at nine or more members since April.",
    impactRag: "green",
    impactReason: "Children in Care Council report members follow up their questions.",
    progress: 85,
    blockedReason: null,
    completedAt: null,
    updates: [
      {
        date: "2026-11-16",
        authorEmail: "owner@leicester.demo",
        kind: "status_change",
        body: "Submitted for review with attendance records and the member champion list.",
        progress: 85,
        rag: "green",
        ragReason: "Attendance at nine or more members since April.",
        status: "submitted_for_review",
        ...NO_EXTENSION,
      },
    ],
  },
  {
    key: "leicester-a5",
    authority: "leicester",
    inspectionKey: "leicester-sif-2017",
    itemReference: "11",
    title: "Commissioning and sufficiency strategy",
    description:
      "Write a children's commissioning and sufficiency strategy based on the joint strategic needs " +
      "assessment, covering placements, early help and specialist services.",
    ownerEmail: "owner2@leicester.demo",
    leadService: "Children's commissioning",
    partnerAgencies: ["LLR Integrated Care Board"],
    successMeasure: "Strategy approved by the executive; every new commission cites the needs it meets.",
    startDate: "2026-01-05",
    dueDate: "2026-09-30",
    status: "in_progress",
    rag: "red",
    ragReason: "Needs analysis delayed; extended due date already passed.",
    impactRag: null,
    impactReason: null,
    progress: 35,
    blockedReason: null,
    completedAt: null,
    updates: [
      {
        date: "2026-06-15",
        authorEmail: "board@leicester.demo",
        kind: "extension",
        body: "Board agreed a three-month extension while the placement needs analysis is completed.",
        progress: null,
        rag: null,
        ragReason: null,
        status: null,
        oldDueDate: "2026-06-30",
        newDueDate: "2026-09-30",
      },
      {
        date: "2026-10-06",
        authorEmail: "owner2@leicester.demo",
        kind: "update",
        body: "Needs analysis still incomplete: placement data from the regional framework arrived late. Draft strategy now expected in January.",
        progress: 35,
        rag: "red",
        ragReason: "Needs analysis delayed; extended due date already passed.",
        status: "in_progress",
        ...NO_EXTENSION,
      },
    ],
  },
];

// ---------------------------------------------------------------------------
// Boards and meetings
// ---------------------------------------------------------------------------

export const DEMO_BOARDS: readonly DemoBoard[] = [
  {
    key: "leeds-improvement",
    authority: "leeds",
    name: "Children's Improvement Board",
    kind: "improvement",
    scopeAllInspections: true,
    members: [
      { email: "chair@leeds.demo", boardRole: "chair" },
      { email: "board@leeds.demo", boardRole: "member" },
      { email: "admin@leeds.demo", boardRole: "member" },
      { email: "partner@leeds.demo", boardRole: "member" },
      { email: "viewer@leeds.demo", boardRole: "observer" },
    ],
    meetings: [
      {
        scheduledAt: "2026-10-08T14:00:00.000Z",
        location: "Civic Hall, Leeds",
        status: "held",
        decisions: [
          {
            actionKey: "leeds-a2",
            decision: "return",
            challenge:
              "Show how many practitioners have completed the training, and an audit of assessments since the template changed, before this comes back.",
            notes: "The board welcomed the template change but wants evidence of practice, not just process.",
            decidedByEmail: "chair@leeds.demo",
          },
        ],
      },
      { scheduledAt: "2026-12-10T14:00:00.000Z", location: "Civic Hall, Leeds", status: "planned" },
    ],
  },
  {
    key: "leeds-scrutiny",
    authority: "leeds",
    name: "Scrutiny Board (Children and Families)",
    kind: "scrutiny",
    scopeAllInspections: true,
    members: [
      { email: "board@leeds.demo", boardRole: "chair" },
      { email: "chair@leeds.demo", boardRole: "observer" },
      { email: "viewer@leeds.demo", boardRole: "observer" },
    ],
    meetings: [{ scheduledAt: "2027-01-13T10:00:00.000Z", location: "Civic Hall, Leeds", status: "planned" }],
  },
  {
    key: "kirklees-improvement",
    authority: "kirklees",
    name: "Children's Improvement Board",
    kind: "improvement",
    scopeAllInspections: true,
    members: [
      { email: "chair@leeds.demo", boardRole: "chair" },
      { email: "board@kirklees.demo", boardRole: "member" },
      { email: "admin@kirklees.demo", boardRole: "member" },
      { email: "partner@kirklees.demo", boardRole: "member" },
      { email: "adviser@dfe.demo", boardRole: "observer" },
    ],
    meetings: [
      {
        scheduledAt: "2026-12-03T10:00:00.000Z",
        location: "Online (Microsoft Teams link in the calendar invitation)",
        status: "planned",
      },
    ],
  },
  {
    key: "leicester-improvement",
    authority: "leicester",
    name: "Children's Improvement Board",
    kind: "improvement",
    scopeAllInspections: true,
    members: [
      { email: "board@leicester.demo", boardRole: "chair" },
      { email: "admin@leicester.demo", boardRole: "member" },
      { email: "owner@leicester.demo", boardRole: "member" },
      { email: "partner@leicester.demo", boardRole: "member" },
      { email: "adviser@dfe.demo", boardRole: "observer" },
    ],
    meetings: [{ scheduledAt: "2026-12-15T10:00:00.000Z", location: "City Hall, Leicester", status: "planned" }],
  },
];

export const DEMO_DATA: DemoData = {
  today: DEMO_TODAY,
  password: DEMO_PASSWORD,
  authorities: DEMO_AUTHORITIES,
  users: DEMO_USERS,
  actions: DEMO_ACTIONS,
  boards: DEMO_BOARDS,
};
