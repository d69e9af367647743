/** GOV.UK summary list: key–value rows for describing one thing. */
export function SummaryList({ rows }: { rows: { key: string; value: React.ReactNode }[] }) {
  return (
    <dl className="mb-8 border-t border-rule">
      {rows.map((r) => (
        <div key={r.key} className="grid grid-cols-1 gap-1 border-b border-rule py-3 sm:grid-cols-3">
          <dt className="font-bold">{r.key}</dt>
          <dd className="sm:col-span-2">{r.value}</dd>
        </div>
      ))}
    </dl>
  );
}
