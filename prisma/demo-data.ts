/**
 * Demo data set for Improvement Board: three real English local authorities,
 * their real Ofsted reports (judgements and improvement items copied VERBATIM
 * from the documents), plus fictional people, actions, boards and meetings.
 *
 * Plain typed constants only (and the app's pure vocabularies): no Prisma imports, no I/O. The seed script maps
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

import type { ActionStatus, Rag } from "../app/modules/action/status";
import type { Role } from "../app/modules/auth/permissions";
import type { BoardKind, BoardRole, MeetingStatus } from "../app/modules/board/rules";
import type { Grade, RecommendationKind } from "../app/modules/inspection/types";

// ---------------------------------------------------------------------------
// Vocabularies
// ---------------------------------------------------------------------------

// Grades, roles, item kinds, action statuses, RAGs, board kinds and roles and
// meeting statuses are the app's own closed sets (imported above), so the
// seed cannot drift from them. These two are the demo's own subsets.

/**
 * Inspection types used by the demo data. "ilacs_short" is the one-week ILACS
 * inspection for authorities previously judged good or better (Leeds 2018);
 * "ilacs_standard" is the two-week one (Kirklees 2019).
 */
export const DEMO_INSPECTION_TYPES = ["ilacs_standard", "ilacs_short", "unannounced_letter", "sif"] as const;
export type DemoInspectionType = (typeof DEMO_INSPECTION_TYPES)[number];

export const DEMO_UPDATE_KINDS = ["update", "extension", "decision", "status_change"] as const;
export type DemoUpdateKind = (typeof DEMO_UPDATE_KINDS)[number];

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
  readonly grade: Grade;
  /** True for the overall judgement line ("Overall effectiveness", or the SIF headline). */
  readonly isOverall: boolean;
}

export interface DemoItem {
  /** Printed number where there is one, else "R1", "R2", ... in printed order. */
  readonly reference: string;
  readonly kind: RecommendationKind;
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
  readonly role: Role;
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
  readonly rag: Rag | null;
  readonly ragReason: string | null;
  readonly status: ActionStatus | null;
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
  readonly status: ActionStatus;
  readonly rag: Rag | null;
  readonly ragReason: string | null;
  readonly impactRag: Rag | null;
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
  readonly boardRole: BoardRole;
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
  readonly status: MeetingStatus;
  /** For meetings that have taken place: their agenda's decisions. */
  readonly decisions?: readonly DemoDecision[];
}

export interface DemoBoard {
  readonly key: string;
  readonly authority: AuthoritySlug;
  readonly name: string;
  readonly kind: BoardKind;
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
// Builders: each record below is a row of data; these turn rows into the typed
// records, filling the fields a row leaves out with null (or none).
// ---------------------------------------------------------------------------

/** Judgement rows `[area, gradeText, grade]`; the row whose area is `overall` is the overall judgement. */
function judged(overall: string, rows: readonly (readonly [string, string, Grade])[]): DemoJudgement[] {
  return rows.map(([area, gradeText, grade]) => ({ area, gradeText, grade, isOverall: area === overall }));
}

/** Items of one kind, numbered in printed order with `prefix` ("R1", "R2", … or "1", "2", …). */
function numbered(
  { prefix, kind, addressedTo = null }: { prefix: string; kind: RecommendationKind; addressedTo?: string | null },
  texts: readonly string[],
): DemoItem[] {
  return texts.map((text, i) => ({ reference: `${prefix}${i + 1}`, kind, text, addressedTo, timescale: null }));
}

/** Partner users' organisations (everyone else works for the council or a government department). */
const ORGANISATIONS: Readonly<Record<string, string>> = {
  "partner@leeds.demo": "Leeds Community Healthcare NHS Trust",
  "partner@kirklees.demo": "West Yorkshire Police",
  "partner@leicester.demo": "Leicestershire Partnership NHS Trust",
};

const ROLE_BY_ADDRESS: Readonly<Record<string, Role>> = {
  admin: "admin",
  board: "board_member",
  owner: "action_owner",
  owner2: "action_owner",
  viewer: "viewer",
  partner: "partner",
};

/**
 * A demo user. Unless `memberships` says otherwise they belong to one
 * authority with the role their address names: admin@, board@, owner@ or
 * owner2@, viewer@ or partner@ the authority's .demo domain.
 */
function person(
  email: string,
  name: string,
  jobTitle: string,
  memberships?: readonly (readonly [AuthoritySlug, Role])[],
): DemoUser {
  const [local, domain] = email.split("@") as [string, string];
  const rows = memberships ?? [[domain.replace(".demo", "") as AuthoritySlug, ROLE_BY_ADDRESS[local]!] as const];
  return {
    email,
    name,
    jobTitle,
    organisation: ORGANISATIONS[email] ?? null,
    memberships: rows.map(([authority, role]) => ({ authority, role })),
  };
}

type EntryFields = Partial<
  Pick<DemoActionUpdate, "progress" | "rag" | "ragReason" | "status" | "oldDueDate" | "newDueDate">
>;

/** A timeline entry; what `fields` leaves out is null. */
function entry(
  kind: DemoUpdateKind,
  date: IsoDate,
  authorEmail: string,
  body: string,
  fields: EntryFields = {},
): DemoActionUpdate {
  const { progress = null, rag = null, ragReason = null, status = null, oldDueDate = null, newDueDate = null } = fields;
  return { date, authorEmail, kind, body, progress, rag, ragReason, status, oldDueDate, newDueDate };
}

type ActionFields = Omit<
  DemoAction,
  | "updates"
  | "key"
  | "authority"
  | "inspectionKey"
  | "itemReference"
  | "partnerAgencies"
  | "ragReason"
  | "impactRag"
  | "impactReason"
  | "blockedReason"
  | "completedAt"
> &
  Partial<
    Pick<DemoAction, "partnerAgencies" | "ragReason" | "impactRag" | "impactReason" | "blockedReason" | "completedAt">
  >;

/**
 * An action on item `itemReference` of inspection `inspectionKey`, with its
 * timeline (oldest first); its authority is the first part of `key` ("leeds-a1").
 */
function action(
  key: string,
  inspectionKey: string,
  itemReference: string,
  fields: ActionFields,
  updates: readonly DemoActionUpdate[],
): DemoAction {
  const {
    title,
    description,
    ownerEmail,
    leadService,
    partnerAgencies = [],
    successMeasure,
    startDate,
    dueDate,
  } = fields;
  const { status, rag, ragReason = null, impactRag = null, impactReason = null, progress } = fields;
  const { blockedReason = null, completedAt = null } = fields;
  return {
    key,
    authority: key.split("-")[0] as AuthoritySlug,
    inspectionKey,
    itemReference,
    title,
    description,
    ownerEmail,
    leadService,
    partnerAgencies,
    successMeasure,
    startDate,
    dueDate,
    status,
    rag,
    ragReason,
    impactRag,
    impactReason,
    progress,
    blockedReason,
    completedAt,
    updates,
  };
}

/** A board's members: the chair first, then members, then observers. */
function boardMembers({
  chair,
  members = [],
  observers = [],
}: {
  chair: string;
  members?: readonly string[];
  observers?: readonly string[];
}): DemoBoardMember[] {
  return [
    { email: chair, boardRole: "chair" },
    ...members.map((email) => ({ email, boardRole: "member" as const })),
    ...observers.map((email) => ({ email, boardRole: "observer" as const })),
  ];
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
    "One-week (short) ILACS inspection: Leeds had been judged good in 2015. The report does not print its publication date; 18 December 2018 is the date of Ofsted's published file. Leeds was outstanding overall.",
  judgements: judged("Overall effectiveness", [
    ["The impact of leaders on social work practice with children and families", "Outstanding", "outstanding"],
    ["The experiences and progress of children who need help and protection", "Outstanding", "outstanding"],
    ["The experiences and progress of children in care and care leavers", "Good", "good"],
    ["Overall effectiveness", "Outstanding", "outstanding"],
  ]),
  items: numbered({ prefix: "R", kind: "improvement_item" }, [
    "The consistent involvement of health agencies in strategy discussions.",
    "The consideration given to children's culture and identity in all assessments.",
    "The quality, recording and review of personal education plans (PEPs) so that they provide clear, consistent and purposeful targets, covering both short- and longer-term objectives.",
    "Pathway planning to be better reflected in case records and pathway plans to be reviewed to ensure that they are meaningful documents for young people.",
  ]),
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
    'Letter to the Director of Children\'s Services dated 16 February 2011, signed by Neil Penswick, Her Majesty\'s Inspector; its publication date is not printed. The letter gives no graded judgements. It has an "Areas for development" list (four items; the fourth has lost its bullet in the text) and no "Areas for priority action" list: the areas for priority action from the July 2009 inspection are reported as addressed. The "This was an area for development in the last unannounced inspection." sentences are part of the printed items and are kept.',
  judgements: [],
  items: numbered({ prefix: "R", kind: "area_for_development" }, [
    "The electronic social care record system does not meet the requirements of the service. There are a number of different systems for recording casework information which prevents a clear audit trail of actions taken and decisions made. This has been recognised by the authority and a new computer system is to be commissioned. This was an area for development in the last unannounced inspection.",
    "The quality of assessments has much improved. However, the quality of recording still varies. The local authority is aware of these issues, having been identified through their own performance management systems, and this is a focus of an improvement programme. This was an area for development in the last unannounced inspection.",
    "In most cases strategy discussions take place with the West Yorkshire Police in a timely and planned manner. Single agency visits are undertaken and children are protected. However, in some cases seen by inspectors this did not meet the agreed protocol for when joint visits should be undertaken by those agencies. The local authority and the West Yorkshire Police are aware of these issues and are reviewing at a senior management level the deficits in practice.",
    "Arrangements for out-of-hours service do not effectively link with the daytime service. This has been recognised by the authority and a review is being undertaken.",
  ]),
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
    'The stored text starts at the judgement table: the front page (title, inspection dates, lead inspector) is missing. Dates 10 to 21 June 2019, lead inspector Lisa Summers and publication on 5 August 2019 come from Ofsted\'s listing of the report; the title is the wording ILACS reports used at the time. The judgement table was flattened by extraction: each area and its grade "Requires improvement to be good" are interleaved across two lines, and one row has a stray "|". Bullets were extracted as the letters B and W.',
  judgements: judged("Overall effectiveness", [
    [
      "The impact of leaders on social work practice with children and families",
      "Requires improvement to be good",
      "requires_improvement",
    ],
    [
      "The experiences and progress of children who need help and protection",
      "Requires improvement to be good",
      "requires_improvement",
    ],
    [
      "The experiences and progress of children in care and care leavers",
      "Requires improvement to be good",
      "requires_improvement",
    ],
    ["Overall effectiveness", "Requires improvement to be good", "requires_improvement"],
  ]),
  items: numbered({ prefix: "R", kind: "improvement_item" }, [
    "The quality of recording, assessments and child protection investigations so that children receive help at the earliest opportunity.",
    "The quality of written child in need, child protection and care plans, so that they are timebound, with clear and meaningful contingency plans.",
    "The response to disabled children, children in private fostering arrangements, and children at risk from professionals where allegations have been made.",
    "The response to children who go missing from home and care, so that all children are offered return home interviews that are of good quality, in order to better understand why children go missing and to inform care planning and strategic priorities.",
    "The timely permanence for children with plans for long-term fostering and children placed with parents.",
    "The completion of life-story work for children in care.",
    "Care leavers’ understanding of their health histories.",
    "The quality of foster carer reviews.",
    "Management oversight across the service through improved performance and quality assurance.",
    "Regular supervision of social workers that is reflective, directive and, alongside the work of independent reviewing officers (IROs), challenges poorer practice.",
  ]),
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
    'Single inspection framework report. The headline line "Children\'s services in Leicester require improvement to be good" is the overall judgement (there is no "Overall effectiveness" row). The eleven recommendations are numbered 1-11 and sit in the part headed "The local authority"; no timescale groups are printed. The report says it also includes the review of the Local Safeguarding Children Board, but the stored text has no LSCB section, so no LSCB judgement or recommendations are included. Body paragraphs end with "(Recommendation)" markers; they point back at the list and are not items.',
  judgements: judged("Children's services in Leicester", [
    ["Children's services in Leicester", "require improvement to be good", "requires_improvement"],
    ["1. Children who need help and protection", "Requires improvement", "requires_improvement"],
    ["2. Children looked after and achieving permanence", "Requires improvement", "requires_improvement"],
    ["2.1 Adoption performance", "Good", "good"],
    ["2.2 Experiences and progress of care leavers", "Requires improvement", "requires_improvement"],
    ["3. Leadership, management and governance", "Good", "good"],
  ]),
  items: numbered({ prefix: "", kind: "recommendation", addressedTo: "local authority" }, [
    "Improve the quality of social work assessments, so that they are consistently informed by the child and his or her family history, reflect the diverse identities of individual children and are updated regularly to take account of children's changing needs and circumstances.",
    "Improve the timeliness and quality of safeguarding interventions for disabled children.",
    "Ensure that practice for children who are subject to private fostering arrangements meets statutory requirements and that all privately fostered children have an individual assessment.",
    "Ensure that children are enabled to participate in meetings that inform their plans and that these plans are succinct, containing clear details, actions and timescales.",
    "Ensure that the virtual school has the capacity to drive improvement for all children looked after.",
    "Improve the quality of medical and health information that care leavers receive prior to leaving care.",
    "Reduce the number of 18- to 21-year-old care leavers who are not in education, employment or training.",
    "Ensure that the transition arrangements from children's social care to adult services for young disabled children who have additional needs are both timely and effective.",
    "Improve the quality of frontline management oversight and direction across all teams to ensure that management oversight of practice supports effective case progression and decision-making.",
    "Ensure that elected members demonstrate a commitment to, and ambition for, children looked after, through regular attendance and participation in the corporate parenting forum.",
    "Develop a commissioning and sufficiency strategy to ensure that services are commissioned against identified need within an agreed framework across the city.",
  ]),
};

export const DEMO_AUTHORITIES: readonly DemoAuthority[] = [
  {
    slug: "leeds",
    name: "Leeds City Council",
    onsCode: "E08000035",
    inspections: [LEEDS_ILACS_2018, LEEDS_UNANNOUNCED_2011],
  },
  { slug: "kirklees", name: "Kirklees Council", onsCode: "E08000034", inspections: [KIRKLEES_ILACS_2019] },
  { slug: "leicester", name: "Leicester City Council", onsCode: "E06000016", inspections: [LEICESTER_SIF_2017] },
];

// ---------------------------------------------------------------------------
// Users (fictional people)
// ---------------------------------------------------------------------------

export const DEMO_USERS: readonly DemoUser[] = [
  // Leeds
  person("admin@leeds.demo", "Harriet Okafor", "Performance and improvement manager"),
  person("board@leeds.demo", "Daniel Reyes", "Elected member, Scrutiny Board (Children and Families)"),
  person("owner@leeds.demo", "Sofia Brennan", "Head of service, Duty and Advice (front door)"),
  person("owner2@leeds.demo", "Joseph Adeyemi", "Head of the Virtual School"),
  person("viewer@leeds.demo", "Imran Chaudhry", "Business support officer"),
  person("partner@leeds.demo", "Grace Whitfield", "Designated nurse for safeguarding children"),
  // Kirklees
  person("admin@kirklees.demo", "Naomi Sutcliffe", "Improvement programme manager"),
  person("board@kirklees.demo", "Ravinder Sandhu", "Cabinet member for children (elected member)"),
  person("owner@kirklees.demo", "Liam Haigh", "Service director, family support and child protection"),
  person("owner2@kirklees.demo", "Aisha Mahmood", "Head of service, children with disabilities"),
  person("viewer@kirklees.demo", "Peter Armitage", "Quality assurance officer"),
  person("partner@kirklees.demo", "Joanne Firth", "Detective inspector, safeguarding unit"),
  // Leicester
  person("admin@leicester.demo", "Karen Doyle", "Head of performance and quality assurance"),
  person("board@leicester.demo", "Yusuf Ismail", "Independent chair, Children's Improvement Board"),
  person("owner@leicester.demo", "Hannah Clarke", "Head of service, social work and safeguarding"),
  person("owner2@leicester.demo", "Marcus Bell", "Head of commissioning, children's services"),
  person("viewer@leicester.demo", "Deepa Mistry", "Data analyst"),
  person("partner@leicester.demo", "Owen Parry", "Named doctor for children looked after"),
  // People in two authorities (to demonstrate switching)
  person(
    "chair@leeds.demo",
    "Margaret Ellison",
    "Deputy director of children's services (Leeds), chair of the Kirklees Improvement Board",
    [
      ["leeds", "board_member"],
      ["kirklees", "board_member"],
    ],
  ),
  person("adviser@dfe.demo", "Rachel Ainsworth", "Children's services improvement adviser, Department for Education", [
    ["kirklees", "viewer"],
    ["leicester", "viewer"],
  ]),
];

// ---------------------------------------------------------------------------
// Actions (fictional plans against the real items)
// ---------------------------------------------------------------------------

export const DEMO_ACTIONS: readonly DemoAction[] = [
  // ----- Leeds -----
  action(
    "leeds-a1",
    "leeds-ilacs-2018",
    "R1",
    {
      title: "Health representation at every strategy discussion",
      description:
        "Agree a rota of named safeguarding nurses so that a health practitioner joins every strategy discussion held at the front door, including those held out of hours, and record attendance on the strategy log.",
      ownerEmail: "partner@leeds.demo",
      leadService: "Safeguarding children team, Leeds Community Healthcare NHS Trust",
      successMeasure:
        "Health attends or contributes to at least 95% of strategy discussions for three consecutive months, shown in the monthly front door performance report.",
      startDate: "2026-04-01",
      dueDate: "2026-10-31",
      status: "in_progress",
      progress: 55,
      rag: "red",
      ragReason: "Attendance reached 78% in October; out-of-hours discussions still rarely include health.",
      impactRag: "amber",
      impactReason: "Where health attends, audits show fuller information sharing, but coverage is not yet consistent.",
      partnerAgencies: [
        "Leeds Community Healthcare NHS Trust",
        "Leeds Teaching Hospitals NHS Trust",
        "West Yorkshire Police",
      ],
    },
    [
      entry(
        "update",
        "2026-06-05",
        "partner@leeds.demo",
        "Rota of six named nurses agreed with both trusts. Daytime attendance in May was 88%.",
        { progress: 35, rag: "green", ragReason: "On track for daytime discussions.", status: "in_progress" },
      ),
      entry(
        "update",
        "2026-11-04",
        "partner@leeds.demo",
        "October attendance fell to 78% because out-of-hours strategy discussions are not covered by the rota. Proposal for an on-call arrangement goes to the trusts' safeguarding leads this month.",
        {
          progress: 55,
          rag: "red",
          ragReason: "Attendance reached 78% in October; out-of-hours discussions still rarely include health.",
          status: "in_progress",
        },
      ),
    ],
  ),
  action(
    "leeds-a2",
    "leeds-ilacs-2018",
    "R2",
    {
      title: "Culture and identity prompts in the assessment template",
      description:
        "Add culture, identity and diversity prompts to the single assessment template, train practitioners through the practice development team, and include the question in monthly practice audits.",
      ownerEmail: "owner@leeds.demo",
      leadService: "Children's social work service",
      successMeasure:
        "At least 90% of audited assessments show that the child's culture and identity were considered and informed the plan.",
      startDate: "2026-05-01",
      dueDate: "2027-03-31",
      status: "in_progress",
      progress: 40,
      rag: "amber",
      ragReason: "Template change is live; training is behind because of two cancelled sessions.",
    },
    [
      entry(
        "update",
        "2026-09-14",
        "owner@leeds.demo",
        "New prompts went live in the assessment template on 1 September. Four of nine training sessions delivered.",
        {
          progress: 40,
          rag: "amber",
          ragReason: "Template change is live; training is behind because of two cancelled sessions.",
          status: "in_progress",
        },
      ),
    ],
  ),
  action(
    "leeds-a3",
    "leeds-ilacs-2018",
    "R3",
    {
      title: "Personal education plan quality framework",
      description:
        "Introduce a single PEP format with SMART targets covering short- and longer-term objectives, and a termly quality assurance sample by the Virtual School.",
      ownerEmail: "owner2@leeds.demo",
      leadService: "Virtual School",
      successMeasure: "85% of PEPs rated good or better in the termly quality assurance sample.",
      startDate: "2026-01-12",
      dueDate: "2026-09-30",
      status: "submitted_for_review",
      progress: 90,
      rag: "green",
      ragReason: "Summer term sample: 87% of PEPs rated good or better.",
      impactRag: "green",
      impactReason: "Targets in sampled PEPs are specific and reviewed termly.",
      partnerAgencies: ["Leeds schools and academies"],
    },
    [
      entry(
        "update",
        "2026-07-20",
        "owner2@leeds.demo",
        "Summer term quality assurance sample of 60 PEPs: 87% good or better, up from 64% in the autumn.",
        {
          progress: 80,
          rag: "green",
          ragReason: "Summer term sample: 87% of PEPs rated good or better.",
          status: "in_progress",
        },
      ),
      entry(
        "status_change",
        "2026-10-02",
        "owner2@leeds.demo",
        "Submitted for board review with the audit report and the revised PEP guidance.",
        { progress: 90, status: "submitted_for_review" },
      ),
    ],
  ),
  action(
    "leeds-a4",
    "leeds-ilacs-2018",
    "R4",
    {
      title: "Pathway plans reviewed on every change of circumstances",
      description:
        "Set a trigger in the case recording system so that a change of address, education status or placement prompts a pathway plan review, and co-produce a shorter plan format with care leavers.",
      ownerEmail: "owner2@leeds.demo",
      leadService: "Care leavers' service",
      successMeasure: "95% of care leavers have a pathway plan reviewed within 28 days of a change in circumstances.",
      startDate: "2026-12-01",
      dueDate: "2027-06-30",
      status: "not_started",
      progress: 0,
      rag: null,
    },
    [
      entry(
        "decision",
        "2026-11-12",
        "admin@leeds.demo",
        "Improvement board agreed the action and a start date of 1 December 2026.",
      ),
    ],
  ),
  action(
    "leeds-a5",
    "leeds-unannounced-2011",
    "R1",
    {
      title: "Replace the electronic social care record",
      description:
        "Commission a single electronic social care record to replace the separate casework systems, so that actions and decisions have one audit trail.",
      ownerEmail: "owner@leeds.demo",
      leadService: "Children's services ICT",
      successMeasure: "All contact, referral and assessment work recorded in one system with a complete audit trail.",
      startDate: "2011-03-01",
      dueDate: "2012-06-30",
      status: "closed",
      progress: 100,
      rag: "green",
      ragReason: "New system live in all assessment teams.",
      impactRag: "green",
      impactReason: "Audits found one audit trail for decisions on contacts, referrals and assessments.",
      completedAt: "2012-05-14",
    },
    [
      entry(
        "status_change",
        "2012-05-14",
        "owner@leeds.demo",
        "New record system live in all assessment teams; legacy systems read-only.",
        { progress: 100, rag: "green", ragReason: "New system live in all assessment teams.", status: "complete" },
      ),
      entry(
        "decision",
        "2012-07-09",
        "admin@leeds.demo",
        "Improvement board accepted the evidence and closed the action.",
        { status: "closed" },
      ),
    ],
  ),
  // ----- Kirklees -----
  action(
    "kirklees-a1",
    "kirklees-ilacs-2019",
    "R1",
    {
      title: "Assessment and section 47 enquiry quality",
      description:
        "Reduce duty caseloads in the assessment and intervention teams and introduce a practice standard and monthly audit for assessments and child protection investigations.",
      ownerEmail: "owner@kirklees.demo",
      leadService: "Assessment and intervention service",
      successMeasure: "80% of audited assessments and enquiries graded good or better for two consecutive quarters.",
      startDate: "2026-02-02",
      dueDate: "2026-08-31",
      status: "in_progress",
      progress: 70,
      rag: "amber",
      ragReason: "Audit grades improving (71% good) but below target; due date passed.",
      impactRag: "amber",
      impactReason: "Fewer re-referrals within 12 months, but analysis of risk remains inconsistent.",
      partnerAgencies: ["West Yorkshire Police"],
    },
    [
      entry(
        "update",
        "2026-05-11",
        "owner@kirklees.demo",
        "Practice standard published. Duty caseloads capped at 18 from April.",
        { progress: 40, rag: "green", ragReason: "On plan.", status: "in_progress" },
      ),
      entry(
        "update",
        "2026-09-08",
        "owner@kirklees.demo",
        "Quarter two audits: 71% good or better (target 80%). Extension requested at the next board.",
        {
          progress: 70,
          rag: "amber",
          ragReason: "Audit grades improving (71% good) but below target; due date passed.",
          status: "in_progress",
        },
      ),
    ],
  ),
  action(
    "kirklees-a2",
    "kirklees-ilacs-2019",
    "R3",
    {
      title: "Safeguarding response for disabled children, private fostering and allegations",
      description:
        "Move the disabled children's service into children's social care, audit every open case, raise awareness of private fostering notification, and tighten oversight of allegations against professionals.",
      ownerEmail: "owner2@kirklees.demo",
      leadService: "Children with disabilities service",
      successMeasure:
        "Every disabled child with a safeguarding concern has a timely strategy discussion; all private fostering arrangements assessed within statutory timescales.",
      startDate: "2026-03-02",
      dueDate: "2026-12-18",
      status: "blocked",
      progress: 30,
      rag: "red",
      ragReason: "Case audit cannot be finished until the team is staffed.",
      partnerAgencies: ["Kirklees Safeguarding Children Partnership"],
      blockedReason: "Awaiting recruitment of two experienced social workers to the disabled children's team.",
    },
    [
      entry(
        "status_change",
        "2026-10-19",
        "owner2@kirklees.demo",
        "Blocked: second recruitment round unsuccessful; 40 of 130 cases audited.",
        {
          progress: 30,
          rag: "red",
          ragReason: "Case audit cannot be finished until the team is staffed.",
          status: "blocked",
        },
      ),
    ],
  ),
  action(
    "kirklees-a3",
    "kirklees-ilacs-2019",
    "R4",
    {
      title: "Missing from home and care: joint daily triage",
      description:
        "Daily joint triage of missing episodes between the police missing person coordinator and the exploitation team, so that every child is offered a return home interview within 72 hours and the learning informs care plans.",
      ownerEmail: "partner@kirklees.demo",
      leadService: "Missing and exploitation team",
      successMeasure:
        "90% of children offered a return home interview within 72 hours; quarterly themes reported to the board.",
      startDate: "2026-09-01",
      dueDate: "2027-02-26",
      status: "in_progress",
      progress: 45,
      rag: "green",
      ragReason: "Triage running daily since September.",
      partnerAgencies: ["West Yorkshire Police"],
    },
    [
      entry(
        "update",
        "2026-10-30",
        "partner@kirklees.demo",
        "Joint triage held every weekday since 7 September; 84% of children offered an interview within 72 hours in October.",
        { progress: 45, rag: "green", ragReason: "Triage running daily since September.", status: "in_progress" },
      ),
    ],
  ),
  action(
    "kirklees-a4",
    "kirklees-ilacs-2019",
    "R10",
    {
      title: "Reflective supervision policy and IRO challenge",
      description:
        "Relaunch the supervision policy with a reflective template and a four-weekly frequency standard, and agree an escalation protocol for independent reviewing officers.",
      ownerEmail: "owner@kirklees.demo",
      leadService: "Principal social worker",
      successMeasure:
        "95% of social workers supervised at least every four weeks; reflective content evident in audits.",
      startDate: "2026-01-05",
      dueDate: "2026-07-31",
      status: "complete",
      progress: 100,
      rag: "green",
      ragReason: "Frequency standard met for three consecutive months.",
      impactRag: "green",
      impactReason: "Audits show management direction recorded and poorer practice challenged.",
      completedAt: "2026-07-20",
    },
    [
      entry(
        "status_change",
        "2026-07-20",
        "owner@kirklees.demo",
        "Complete: 96% supervision compliance in April, May and June; IRO escalation protocol signed off.",
        {
          progress: 100,
          rag: "green",
          ragReason: "Frequency standard met for three consecutive months.",
          status: "complete",
        },
      ),
    ],
  ),
  action(
    "kirklees-a5",
    "kirklees-ilacs-2019",
    "R5",
    {
      title: "Permanence tracking for long-term fostering and placed with parents",
      description:
        "Add children with a plan for long-term fostering and children placed with parents on care orders to the monthly permanence tracker, with a named manager for each.",
      ownerEmail: "owner2@kirklees.demo",
      leadService: "Children in care service",
      successMeasure:
        "Every child with a permanence plan has a matching or discharge decision within the timescale in their plan.",
      startDate: "2027-01-04",
      dueDate: "2027-04-30",
      status: "not_started",
      progress: 0,
      rag: null,
    },
    [
      entry(
        "decision",
        "2026-11-05",
        "chair@leeds.demo",
        "Board agreed to start this in January, after the disabled children's service audit.",
      ),
    ],
  ),
  // ----- Leicester -----
  action(
    "leicester-a1",
    "leicester-sif-2017",
    "1",
    {
      title: "Assessments informed by history and identity",
      description:
        "Introduce a chronology and identity section at the start of every social work assessment and require an update whenever a child's circumstances change.",
      ownerEmail: "owner@leicester.demo",
      leadService: "Social work and safeguarding",
      successMeasure: "85% of audited assessments use family history and identity to inform the analysis.",
      startDate: "2026-03-02",
      dueDate: "2026-10-15",
      status: "in_progress",
      progress: 60,
      rag: "amber",
      ragReason: "Due date passed; audit results at 76%.",
    },
    [
      entry(
        "update",
        "2026-10-20",
        "owner@leicester.demo",
        "September audits: 76% of assessments used history and identity well. One more audit cycle needed.",
        { progress: 60, rag: "amber", ragReason: "Due date passed; audit results at 76%.", status: "in_progress" },
      ),
    ],
  ),
  action(
    "leicester-a2",
    "leicester-sif-2017",
    "3",
    {
      title: "Individual assessment for every privately fostered child",
      description:
        "Assess every privately fostered child separately from their carers and visit within statutory timescales; run an awareness campaign with schools and GP practices.",
      ownerEmail: "owner2@leicester.demo",
      leadService: "Fostering service",
      successMeasure: "100% of privately fostered children have an individual assessment and visits on time.",
      startDate: "2026-01-12",
      dueDate: "2026-06-30",
      status: "complete",
      progress: 100,
      rag: "green",
      ragReason: "All arrangements assessed and visited on time.",
      impactRag: "green",
      impactReason: "Every privately fostered child has their own support plan.",
      partnerAgencies: ["Leicester schools", "LLR Integrated Care Board"],
      completedAt: "2026-06-22",
    },
    [
      entry(
        "status_change",
        "2026-06-22",
        "owner2@leicester.demo",
        "All seven current private fostering arrangements have individual assessments; visits on time.",
        {
          progress: 100,
          rag: "green",
          ragReason: "All arrangements assessed and visited on time.",
          status: "complete",
        },
      ),
    ],
  ),
  action(
    "leicester-a3",
    "leicester-sif-2017",
    "6",
    {
      title: "Health passport for every care leaver",
      description:
        "Give every young person a written health history (health passport) before they leave care, prepared with the children looked after health team and explained in person.",
      ownerEmail: "partner@leicester.demo",
      leadService: "Children looked after health team",
      successMeasure:
        "95% of young people leaving care receive and discuss their health passport before their 18th birthday.",
      startDate: "2026-07-01",
      dueDate: "2027-01-29",
      status: "in_progress",
      progress: 50,
      rag: "amber",
      ragReason: "Template agreed; GP summary records are slow to arrive.",
      partnerAgencies: ["Leicestershire Partnership NHS Trust"],
    },
    [
      entry(
        "update",
        "2026-11-02",
        "partner@leicester.demo",
        "Passport template agreed with the Children in Care Council. 31 of 58 eligible young people have one.",
        {
          progress: 50,
          rag: "amber",
          ragReason: "Template agreed; GP summary records are slow to arrive.",
          status: "in_progress",
        },
      ),
    ],
  ),
  action(
    "leicester-a4",
    "leicester-sif-2017",
    "10",
    {
      title: "Elected member attendance at the corporate parenting forum",
      description:
        "Corporate parenting training for all elected members, a named member champion for each children's home, and attendance reported to full council.",
      ownerEmail: "owner@leicester.demo",
      leadService: "Democratic services and children's services",
      successMeasure: "At least eight elected members attend each corporate parenting forum for a year.",
      startDate: "2026-02-02",
      dueDate: "2026-11-30",
      status: "submitted_for_review",
      progress: 85,
      rag: "green",
      ragReason: "Attendance at nine or more members since April.",
      impactRag: "green",
      impactReason: "Children in Care Council report members follow up their questions.",
    },
    [
      entry(
        "status_change",
        "2026-11-16",
        "owner@leicester.demo",
        "Submitted for review with attendance records and the member champion list.",
        {
          progress: 85,
          rag: "green",
          ragReason: "Attendance at nine or more members since April.",
          status: "submitted_for_review",
        },
      ),
    ],
  ),
  action(
    "leicester-a5",
    "leicester-sif-2017",
    "11",
    {
      title: "Commissioning and sufficiency strategy",
      description:
        "Write a children's commissioning and sufficiency strategy based on the joint strategic needs assessment, covering placements, early help and specialist services.",
      ownerEmail: "owner2@leicester.demo",
      leadService: "Children's commissioning",
      successMeasure: "Strategy approved by the executive; every new commission cites the needs it meets.",
      startDate: "2026-01-05",
      dueDate: "2026-09-30",
      status: "in_progress",
      progress: 35,
      rag: "red",
      ragReason: "Needs analysis delayed; extended due date already passed.",
      partnerAgencies: ["LLR Integrated Care Board"],
    },
    [
      entry(
        "extension",
        "2026-06-15",
        "board@leicester.demo",
        "Board agreed a three-month extension while the placement needs analysis is completed.",
        { oldDueDate: "2026-06-30", newDueDate: "2026-09-30" },
      ),
      entry(
        "update",
        "2026-10-06",
        "owner2@leicester.demo",
        "Needs analysis still incomplete: placement data from the regional framework arrived late. Draft strategy now expected in January.",
        {
          progress: 35,
          rag: "red",
          ragReason: "Needs analysis delayed; extended due date already passed.",
          status: "in_progress",
        },
      ),
    ],
  ),
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
    members: boardMembers({
      chair: "chair@leeds.demo",
      members: ["board@leeds.demo", "admin@leeds.demo", "partner@leeds.demo"],
      observers: ["viewer@leeds.demo"],
    }),
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
    members: boardMembers({ chair: "board@leeds.demo", observers: ["chair@leeds.demo", "viewer@leeds.demo"] }),
    meetings: [{ scheduledAt: "2027-01-13T10:00:00.000Z", location: "Civic Hall, Leeds", status: "planned" }],
  },
  {
    key: "kirklees-improvement",
    authority: "kirklees",
    name: "Children's Improvement Board",
    kind: "improvement",
    scopeAllInspections: true,
    members: boardMembers({
      chair: "chair@leeds.demo",
      members: ["board@kirklees.demo", "admin@kirklees.demo", "partner@kirklees.demo"],
      observers: ["adviser@dfe.demo"],
    }),
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
    members: boardMembers({
      chair: "board@leicester.demo",
      members: ["admin@leicester.demo", "owner@leicester.demo", "partner@leicester.demo"],
      observers: ["adviser@dfe.demo"],
    }),
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
