import { Link } from "react-router";
import { LONG_JOB_STATE_LABELS, percentDone, progressText, type LongJobState } from "~/modules/long-jobs/kinds";
import { formatDateTime } from "~/utils/format";
import { authorityHref } from "~/utils/links";

/**
 * A long job's progress: a native <progress> (its role is progressbar, with
 * aria-valuenow from its value) labelled by the job's title, and the count in
 * words beside it ("250 of 1,000 actions"). Not a live region: the page
 * updates it every second, which would be noise to a screen reader; the page
 * announces the end instead.
 */
export function JobProgress({
  id,
  label,
  done,
  total,
  unit,
}: {
  id: string;
  label: string;
  done: number;
  total: number;
  unit: string;
}) {
  const percent = percentDone(done, total);
  const text = progressText({ done, total, unit });
  return (
    <div className="mb-6 max-w-2xl">
      <label htmlFor={id} className="mb-1 block font-bold">
        {label}
      </label>
      <progress
        id={id}
        max={100}
        value={total > 0 ? percent : undefined}
        aria-valuetext={text}
        aria-describedby={`${id}-text`}
        className="block h-6 w-full border-2 border-ink [&::-moz-progress-bar]:bg-brand [&::-webkit-progress-bar]:bg-white [&::-webkit-progress-value]:bg-brand"
      />
      <p id={`${id}-text`} className="mt-1">
        {text}
        {total > 0 ? ` (${percent}%)` : null}
      </p>
    </div>
  );
}

/** The signed-in person's recent long jobs, each linking to its page with its state (the board packs and import pages). */
export function RecentJobs({
  authoritySlug,
  jobs,
}: {
  authoritySlug: string;
  jobs: {
    id: string;
    title: string;
    state: LongJobState;
    done: number;
    total: number;
    unit: string;
    createdAt: Date;
  }[];
}) {
  return (
    <ul className="space-y-2">
      {jobs.map((j) => (
        <li key={j.id}>
          <Link to={authorityHref(authoritySlug, "/jobs/:jobId", { jobId: j.id })}>{j.title}</Link>
          <span className="text-sm text-ink-muted">
            {" "}
            · {LONG_JOB_STATE_LABELS[j.state]}
            {j.state === "running" ? ` (${progressText(j)})` : null} · started {formatDateTime(j.createdAt)}
          </span>
        </li>
      ))}
    </ul>
  );
}
