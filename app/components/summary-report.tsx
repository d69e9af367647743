import { RagTag, StatusTag } from "~/components/action-tags";
import { RowHeader, TableHead } from "~/components/table-head";
import { ITEM_REVIEW_LABELS } from "~/modules/evidence/access";
import {
  ACTION_STATUS_LABELS,
  ACTION_STATUSES,
  RECOMMENDATION_STATUS_LABELS,
  RECOMMENDATION_STATUSES,
} from "~/modules/action/status";
import {
  exceptionLine,
  progressChart,
  ragChart,
  REPORT_KIND_LABELS,
  type SummaryData,
} from "~/modules/board-pack/summary";
import { formatDate } from "~/utils/format";

/** An SVG chart from the summary's own builder, as an image with its alt text (the numbers are also in the headline table). */
function Chart({ svg, altText }: { svg: string; altText: string }) {
  return (
    <img src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`} alt={altText} className="max-w-full" />
  );
}

/** The scrutiny summary as a page: the same SummaryData as the Word and PDF versions. Prints cleanly. */
export function SummaryReport({ data }: { data: SummaryData }) {
  const rag = ragChart(data.counts);
  const progress = progressChart(data.progress);
  const headline: [string, number][] = [
    ["Recommendations and areas for improvement", data.counts.recommendations],
    ...RECOMMENDATION_STATUSES.map(
      (s) =>
        [
          `Recommendations: ${RECOMMENDATION_STATUS_LABELS[s].toLowerCase()}`,
          data.counts.recommendationsByStatus?.[s] ?? 0,
        ] as [string, number],
    ),
    ["Recommendations: red", data.counts.recommendationsByRag?.red ?? 0],
    ["Recommendations: amber", data.counts.recommendationsByRag?.amber ?? 0],
    ["Recommendations: green", data.counts.recommendationsByRag?.green ?? 0],
    ["Actions", data.counts.actions],
    ...ACTION_STATUSES.map(
      (s) => [`Actions ${ACTION_STATUS_LABELS[s].toLowerCase()}`, data.counts.byStatus[s]] as [string, number],
    ),
    ["Red", data.counts.byRag.red],
    ["Amber", data.counts.byRag.amber],
    ["Green", data.counts.byRag.green],
    ["RAG not set", data.counts.byRag.none],
    ["Overdue", data.counts.overdue],
    ["Completed since last time", data.counts.completedSince],
  ];
  return (
    <article className="summary-report">
      <p className="mb-6">
        As at {formatDate(data.asAt)}
        {data.comparedWith
          ? `; compared with ${data.comparedWith.label} (${formatDate(data.comparedWith.date)})`
          : "; no earlier meeting to compare with"}
        . Generated {formatDate(data.generatedAt)}.
        {data.kind === "exception"
          ? " This exception report lists only red, overdue, blocked and returned actions; the headlines cover the whole plan."
          : ""}
      </p>
      <section aria-labelledby="headlines" className="mb-10">
        <h2 id="headlines">Headlines</h2>
        <div className="flex flex-wrap gap-8">
          <table className="border-collapse text-left">
            <caption className="sr-only">Headline counts</caption>
            <TableHead row="border-b-2 border-ink" cell="p-2 text-right" columns={[["Measure", "p-2"], "Number"]} />
            <tbody>
              {headline.map(([k, v]) => (
                <tr key={k} className="border-b border-rule">
                  <RowHeader className="p-2 font-normal">{k}</RowHeader>
                  <td className="p-2 text-right">{v}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="space-y-6">
            <figure>
              <Chart svg={rag.svg} altText={rag.altText} />
              <figcaption className="text-sm">RAG mix of actions</figcaption>
            </figure>
            <figure>
              <Chart svg={progress.svg} altText={progress.altText} />
              <figcaption className="text-sm">
                Actions completed (solid) against all actions (dashed), by month
              </figcaption>
            </figure>
          </div>
        </div>
      </section>
      {data.inspections.length === 0 ? (
        <p>
          {data.kind === "exception"
            ? "No exceptions: nothing is red, overdue, blocked or returned."
            : "No actions in scope."}
        </p>
      ) : null}
      {data.inspections.map((i) => (
        <section key={i.id} aria-labelledby={`insp-${i.id}`} className="mb-10">
          <h2 id={`insp-${i.id}`}>{i.title}</h2>
          {i.recommendations.map((r) => (
            <div key={r.id} className="mb-8 break-inside-avoid-page">
              <h3 className="text-lg font-bold">{r.reference}</h3>
              <blockquote className="mb-3 border-l-4 border-rule pl-4">{r.text}</blockquote>
              {r.actions.length === 0 ? (
                <p>No actions yet.</p>
              ) : (
                <div className="overflow-x-auto">
                  <table className="w-full border-collapse text-left text-sm">
                    <caption className="sr-only">Actions for {r.reference}</caption>
                    <TableHead
                      row="border-b-2 border-ink"
                      cell="p-2"
                      columns={[
                        "Action",
                        "Owner and lead service",
                        "Due",
                        "Status and RAG",
                        "Latest update",
                        "Evidence",
                        "Board's last decision",
                        "Since last time",
                      ]}
                    />
                    <tbody>
                      {r.actions.map((a) => (
                        <tr key={a.id} className="border-b border-rule align-top">
                          <RowHeader className="p-2 font-bold">
                            {a.title}
                            {exceptionLine(a, data.kind) ? (
                              <span className="mt-1 block font-normal">{exceptionLine(a, data.kind)}</span>
                            ) : null}
                          </RowHeader>
                          <td className="p-2">
                            {a.ownerName ?? "Unassigned"}
                            {a.leadService ? <span className="block text-ink-muted">{a.leadService}</span> : null}
                          </td>
                          <td className="p-2">
                            {a.dueDate ? formatDate(a.dueDate) : "Not set"}
                            {a.overdue ? <strong className="block text-danger">Overdue</strong> : null}
                          </td>
                          <td className="p-2">
                            <StatusTag status={a.status} /> <RagTag rag={a.rag} />
                            {a.ragReason ? <span className="mt-1 block">{a.ragReason}</span> : null}
                          </td>
                          <td className="p-2">
                            {a.latestUpdate ? `${formatDate(a.latestUpdate.at)}: ${a.latestUpdate.body}` : "None"}
                          </td>
                          <td className="p-2">
                            {a.evidence.map((e, n) => (
                              <span key={n} className="block">
                                {e.title} ({ITEM_REVIEW_LABELS[e.state]})
                              </span>
                            ))}
                            {a.restrictedEvidence ? (
                              <span className="block">Restricted evidence held: {a.restrictedEvidence}</span>
                            ) : null}
                            {!a.evidence.length && !a.restrictedEvidence ? "None" : null}
                          </td>
                          <td className="p-2">
                            {a.lastDecision ? (
                              <>
                                {a.lastDecision.label}, {a.lastDecision.boardName}, {formatDate(a.lastDecision.date)}
                                {a.lastDecision.challenge ? (
                                  <span className="block">Challenge: {a.lastDecision.challenge}</span>
                                ) : null}
                              </>
                            ) : (
                              "None"
                            )}
                          </td>
                          <td className="p-2">{a.changes.length ? a.changes.join("; ") : "No change"}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </div>
          ))}
        </section>
      ))}
      <p className="text-sm text-ink-muted">
        {REPORT_KIND_LABELS[data.kind]} for {data.authorityName}.
      </p>
    </article>
  );
}
