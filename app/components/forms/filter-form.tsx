import type { ReactNode } from "react";
import { Link } from "react-router";
import { Button } from "./button";
import type { AnyForm } from "./error-summary";
import { SchemaForm } from "./schema-form";

/** The grid's columns on a wide screen (written out whole, for Tailwind). */
const COLUMNS = { 3: "lg:grid-cols-3", 4: "lg:grid-cols-4" } as const;

/**
 * A list's filters (the action list, the delivery log): a GET form, so that
 * the filters live in the URL (utils/query.ts reads them back), with its
 * heading, its fields in a grid (`children`), a button that applies them and
 * a link (`clear`) back to the whole list. `intro` comes under the heading:
 * hidden fields that keep the list's scope, a word on that scope.
 */
export function FilterForm({
  form,
  id,
  heading,
  intro,
  columns,
  submitLabel,
  clear,
  children,
}: {
  form: AnyForm;
  /** Names the heading (`${id}-heading`), which labels the form. */
  id: string;
  heading: string;
  intro?: ReactNode;
  columns: keyof typeof COLUMNS;
  submitLabel: string;
  clear: { to: string; label: string };
  children: ReactNode;
}) {
  return (
    <SchemaForm form={form} method="get" className="mb-6 border-2 border-rule p-4" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className="text-xl">
        {heading}
      </h2>
      {intro}
      <div className={`grid grid-cols-1 gap-x-4 sm:grid-cols-2 ${COLUMNS[columns]}`}>{children}</div>
      <div className="flex flex-wrap gap-4">
        <Button type="submit">{submitLabel}</Button>
        <Link to={clear.to} className="self-center">
          {clear.label}
        </Link>
      </div>
    </SchemaForm>
  );
}
