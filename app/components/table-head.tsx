import type { ReactNode } from "react";

/**
 * A header cell: its text, or its label and its own classes when they differ from the row's (a number column,
 * a column whose heading is for screen readers only).
 */
export type Column = string | readonly [label: ReactNode, className: string];

/** A table's header row: one `<th scope="col">` a column, in the row's classes unless a column has its own. */
export function TableHead({ columns, row, cell }: { columns: readonly Column[]; row: string; cell: string }) {
  return (
    <thead>
      <tr className={row}>
        {columns.map((c, i) => {
          const [label, className] = typeof c === "string" ? [c, cell] : c;
          return (
            <th key={i} scope="col" className={className || undefined}>
              {label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}

/** A row's header cell (`<th scope="row">`): what the row is about. */
export function RowHeader({ className, children }: { className: string; children: ReactNode }) {
  return (
    <th scope="row" className={className}>
      {children}
    </th>
  );
}
