import { useEffect } from "react";
import { Link, useRevalidator } from "react-router";
import type { Route } from "./+types/a.$authority.jobs.$jobId";
import { PageTitle } from "~/components/forms";
import { JobProgress } from "~/components/job-progress";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { actorOf } from "~/modules/auth/actor";
import { isFinished, LONG_JOB_STATE_LABELS, type LongJobKind } from "~/modules/long-jobs/kinds";
import { getLongJob } from "~/modules/long-jobs/service.server";
import { formatDateTime } from "~/utils/format";
import { authorityHref } from "~/utils/links";

/** How often the page asks how the job is getting on. */
const POLL_MS = 1000;

/** A long job's status page (ADR 021): only for the person who started it. */
export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "read:action:any", "not_found");
  const job = await getLongJob({ authorityId: user.authority.id, viewer: actorOf(user), jobId: args.params.jobId });
  return { authority: user.authority, job };
}

const BACK: Record<LongJobKind, { path: "/reports" | "/plan/import"; text: string }> = {
  "board-pack-file": { path: "/reports", text: "Board packs" },
  "plan-import": { path: "/plan/import", text: "Import the plan" },
};

export default function JobPage({ loaderData }: Route.ComponentProps) {
  const { authority, job } = loaderData;
  const finished = isFinished(job.state);
  const revalidator = useRevalidator();
  useEffect(() => {
    if (finished) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle" && document.visibilityState === "visible") void revalidator.revalidate();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [finished, revalidator]);
  const back = BACK[job.kind];
  const fileHref = authorityHref(authority.slug, "/jobs/:jobId/file", { jobId: job.id });
  return (
    <>
      <PageTitle title={job.title} />
      <nav aria-label="Breadcrumb" className="mb-4 text-sm">
        <Link to={authorityHref(authority.slug, "/")}>{authority.name}</Link> ›{" "}
        <Link to={authorityHref(authority.slug, back.path)}>{back.text}</Link> ›{" "}
        <span aria-current="page">{job.title}</span>
      </nav>
      <h1>{job.title}</h1>
      <p className="mb-6">
        <strong className="mr-2 inline-block bg-ink px-2 py-0.5 text-sm text-white">
          {LONG_JOB_STATE_LABELS[job.state]}
        </strong>
        Started {formatDateTime(job.createdAt)}
        {job.finishedAt ? `, finished ${formatDateTime(job.finishedAt)}` : null}.
      </p>
      {job.state !== "failed" ? (
        <JobProgress id="job-progress" label="Progress" done={job.done} total={job.total} unit={job.unit} />
      ) : null}
      {/* Announced once, when the job ends; the bar itself is not a live region. */}
      <div role="status" className="mb-6 max-w-2xl">
        {job.state === "done" && job.hasFile ? (
          <p>
            <a href={fileHref} download className="font-bold">
              Download {job.fileName ?? "the file"}
            </a>
          </p>
        ) : null}
        {job.state === "done" && !job.hasFile ? <ImportOutcome result={job.result} /> : null}
      </div>
      {job.state === "failed" ? (
        <div role="alert" className="mb-6 max-w-2xl border-4 border-danger p-4">
          <h2 className="text-xl">This job failed</h2>
          <p>{job.error}</p>
        </div>
      ) : null}
      {!finished ? (
        <p className="max-w-2xl text-ink-muted">
          You can leave this page: the job carries on, and you can come back to it from{" "}
          <Link to={authorityHref(authority.slug, back.path)}>{back.text.toLowerCase()}</Link>.
        </p>
      ) : null}
    </>
  );
}

/** What a finished plan import did: the counts, and the rows that could not be applied. */
function ImportOutcome({ result }: { result: unknown }) {
  const r = (result ?? {}) as { created?: number; updated?: number; skipped?: number; failed?: string[] };
  const failed = Array.isArray(r.failed) ? r.failed.filter((f): f is string => typeof f === "string") : [];
  return (
    <>
      <p className="font-bold">
        Done: {r.created ?? 0} new {r.created === 1 ? "action" : "actions"}, {r.updated ?? 0} updated, {r.skipped ?? 0}{" "}
        {r.skipped === 1 ? "row" : "rows"} with errors skipped.
      </p>
      {failed.length > 0 ? (
        <>
          <p>These rows could not be applied:</p>
          <ul className="list-disc pl-6">
            {failed.slice(0, 50).map((f) => (
              <li key={f}>{f}</li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
