/**
 * The lines of the meeting emails (agenda published, the digest before a
 * meeting), built only from safe parts: an item's reference, an action's
 * title, a non-restricted evidence title, and links. Restricted evidence is
 * counted, never named. Pure, so the words are tested without a database.
 *
 * A line that is a path inside the app ("/a/…") is a link: the email makes it
 * absolute (deliver.server.ts); the in-app list shows it as it is.
 */
import { daysBetween } from "~/utils/format";

/** At most this many entries of one list are named in an email; the rest are counted. */
export const LIST_CAP = 10;

export type ActionLine = { reference: string; title: string; path: string };
export type EvidenceLine = { title: string; path: string };

function listed<T>(entries: readonly T[], line: (entry: T) => string[], rest: string): string[] {
  const named = entries.slice(0, LIST_CAP).flatMap(line);
  const more = entries.length - LIST_CAP;
  return more > 0 ? [...named, `…and ${more} more ${rest}`] : named;
}

const actionLine = (a: ActionLine) => [`- ${a.reference ? `${a.reference}: ` : ""}${a.title}`, a.path];

/**
 * The agenda's items this person may be told of, in agenda order. `partial`:
 * they are told only of their own actions (a partner), so the note says the
 * full agenda is on the meeting's page.
 */
export function agendaLines(items: readonly ActionLine[], { partial }: { partial: boolean }): string[] {
  const head = partial
    ? items.length > 0
      ? ["Your actions on the agenda:"]
      : ["None of your actions is on the agenda."]
    : items.length > 0
      ? ["On the agenda:"]
      : ["The agenda has no items."];
  const tail = partial ? ["The full agenda is on the meeting's page."] : [];
  return [...head, ...listed(items, actionLine, "on the meeting's page"), ...tail];
}

export type DigestContent = {
  red: readonly ActionLine[];
  overdue: readonly ActionLine[];
  submitted: readonly ActionLine[];
  /** Evidence added (or given a new version) since the board's last meeting, not restricted. */
  evidence: readonly EvidenceLine[];
  /** Restricted evidence added since then: counted only. */
  restrictedEvidence: number;
  /** Told only of their own actions (a partner). */
  partial: boolean;
  /** The board has met before (else the evidence is all there is so far). */
  sinceLastMeeting: boolean;
};

export function digestLines(d: DigestContent): string[] {
  const section = (label: string, actions: readonly ActionLine[]) =>
    actions.length === 0 ? [] : ["", `${label} (${actions.length}):`, ...listed(actions, actionLine, "")];
  const lines = [
    ...section("Red", d.red),
    ...section("Overdue", d.overdue),
    ...section("Submitted for review", d.submitted),
  ];
  if (lines.length === 0)
    lines.push("", `${d.partial ? "None of your actions" : "Nothing"} is red, overdue or submitted for review.`);
  const evidenceCount = d.evidence.length + d.restrictedEvidence;
  const since = d.sinceLastMeeting ? "since the last meeting" : "so far";
  if (evidenceCount === 0) {
    lines.push("", `No evidence ${d.partial ? "on your actions " : ""}has been added ${since}.`);
  } else {
    lines.push(
      "",
      `Evidence added ${since} (${evidenceCount}):`,
      ...listed(d.evidence, (e) => [`- ${e.title}`, e.path], ""),
    );
    if (d.restrictedEvidence > 0)
      lines.push(
        `- ${d.restrictedEvidence} restricted ${d.restrictedEvidence === 1 ? "item" : "items"} (personal data): see the actions' pages`,
      );
  }
  // Sections are set apart by a blank line; none before the first.
  return lines.slice(1).map((l) => l.replace(/ +$/, ""));
}

/**
 * Is the digest of a meeting due? From `digestDays` days before the meeting's
 * day (both days as in England) until the meeting starts. A run missed on the
 * day (the server was down) still sends it on a later day before the meeting;
 * ScheduledRun keeps it to once per meeting.
 */
export function digestDue({
  meetingDay,
  today,
  digestDays,
  startsAt,
  now,
}: {
  /** The meeting's day in England, and today's, as UTC midnight (inspection/clock.ts todayInEngland). */
  meetingDay: Date;
  today: Date;
  digestDays: number;
  startsAt: Date;
  now: Date;
}): boolean {
  return startsAt.getTime() > now.getTime() && daysBetween(today, meetingDay) <= digestDays;
}
