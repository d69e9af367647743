import { countdown, statutoryDates } from "~/modules/inspection/clock";
import { formatDate } from "~/utils/format";
import { Tag } from "./tag";

function Countdown({ due, today, label }: { due: Date; today: string; label: string }) {
  const c = countdown({ due, today });
  return (
    <div className="border-b border-rule py-3">
      <dt className="font-bold">{label}</dt>
      <dd>
        {formatDate(due)}{" "}
        {c.overdue ? (
          <Tag tone="red">Passed {Math.abs(c.calendarDaysLeft)} days ago</Tag>
        ) : c.calendarDaysLeft === 0 ? (
          <Tag tone="amber">Due today</Tag>
        ) : (
          <Tag tone={c.workingDaysLeft <= 10 ? "amber" : "blue"}>
            {c.workingDaysLeft} working day{c.workingDaysLeft === 1 ? "" : "s"} left
          </Tag>
        )}
      </dd>
    </div>
  );
}

/** The post-inspection deadlines, counted in working days (England's bank holidays excluded) from publication. */
export function StatutoryClock({
  publishedAt,
  type,
  hasPriorityActions,
  today,
}: {
  publishedAt: Date | string;
  type: string;
  hasPriorityActions: boolean;
  today: string;
}) {
  const dates = statutoryDates({ publishedAt, type, hasPriorityActions });
  return (
    <section aria-labelledby="clock-heading" className="mb-10 max-w-3xl">
      <h2 id="clock-heading">Statutory deadlines</h2>
      <dl className="border-t border-rule">
        {dates.earlyDraftDue ? (
          <Countdown due={dates.earlyDraftDue} today={today} label="Early draft of the action plan (20 working days)" />
        ) : null}
        <Countdown due={dates.actionPlanDue} today={today} label="Post-inspection action plan (70 working days)" />
      </dl>
      {!dates.holidaysKnown ? (
        <p className="mt-2 text-ink-muted">
          Bank holidays beyond the bundled list are not counted; an admin can update the list with npm run
          bank-holidays:update.
        </p>
      ) : null}
    </section>
  );
}
