import { useEffect, useRef } from "react";

export type FieldErrors = Record<string, string[] | undefined>;

/**
 * GOV.UK error summary: listed at the top of the form, focused on render,
 * each entry linking to its field.
 */
export function ErrorSummary({ errors, formError }: { errors?: FieldErrors; formError?: string[] | null }) {
  const ref = useRef<HTMLDivElement>(null);
  const fieldEntries = Object.entries(errors ?? {}).filter(([k, v]) => k !== "" && v && v.length > 0);
  const formErrors = formError ?? [];
  const has = fieldEntries.length > 0 || formErrors.length > 0;
  useEffect(() => {
    if (has) ref.current?.focus();
  }, [has, errors, formError]);
  if (!has) return null;
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="alert"
      aria-labelledby="error-summary-title"
      className="mb-8 border-4 border-danger p-4 focus:outline-none focus-visible:outline-[3px] focus-visible:outline-focus"
    >
      <h2 id="error-summary-title" className="text-xl">
        There is a problem
      </h2>
      <ul className="list-none space-y-1">
        {formErrors.map((e) => (
          <li key={e} className="font-bold text-danger">
            {e}
          </li>
        ))}
        {fieldEntries.map(([name, msgs]) => (
          <li key={name}>
            <a href={`#${name}`} className="font-bold text-danger">
              {msgs![0]}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function TextField({
  name,
  label,
  hint,
  errors,
  type = "text",
  autoComplete,
  defaultValue,
  required,
  maxLength,
}: {
  name: string;
  label: string;
  hint?: string;
  errors?: string[];
  type?: string;
  autoComplete?: string;
  defaultValue?: string;
  required?: boolean;
  /** The schema's maximum (`maxLengths(Schema).field` from ~/utils/text). */
  maxLength?: number;
}) {
  return (
    <FieldFrame name={name} label={label} hint={hint} errors={errors}>
      <input
        id={name}
        name={name}
        type={type}
        autoComplete={autoComplete}
        defaultValue={defaultValue}
        required={required}
        maxLength={maxLength}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(name, hint, errors)}
        className={`block w-full max-w-md border-2 px-2 py-1.5 ${errors?.length ? "border-danger" : "border-ink"}`}
      />
    </FieldFrame>
  );
}

/** Label, optional hint and error shared by the field components. */
function FieldFrame({
  name,
  label,
  hint,
  errors,
  children,
}: {
  name: string;
  label: string;
  hint?: string;
  errors?: string[];
  children: React.ReactNode;
}) {
  return (
    <div className={`mb-6 ${errors?.length ? "border-l-4 border-danger pl-4" : ""}`}>
      <label htmlFor={name} className="mb-1 block font-bold">
        {label}
      </label>
      {hint ? (
        <p id={`${name}-hint`} className="mb-1 text-ink-muted">
          {hint}
        </p>
      ) : null}
      {errors?.length ? (
        <p id={`${name}-error`} className="mb-1 font-bold text-danger">
          <span className="sr-only">Error:</span> {errors[0]}
        </p>
      ) : null}
      {children}
    </div>
  );
}

const describedBy = (name: string, hint?: string, errors?: string[]) =>
  [hint ? `${name}-hint` : null, errors?.length ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;

export function TextAreaField({
  name,
  label,
  hint,
  errors,
  defaultValue,
  rows = 3,
  maxLength,
}: {
  name: string;
  label: string;
  hint?: string;
  errors?: string[];
  defaultValue?: string;
  rows?: number;
  /** The schema's maximum (`maxLengths(Schema).field` from ~/utils/text). */
  maxLength?: number;
}) {
  return (
    <FieldFrame name={name} label={label} hint={hint} errors={errors}>
      <textarea
        id={name}
        name={name}
        rows={rows}
        defaultValue={defaultValue}
        maxLength={maxLength}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(name, hint, errors)}
        className={`block w-full max-w-2xl border-2 p-2 ${errors?.length ? "border-danger" : "border-ink"}`}
      />
    </FieldFrame>
  );
}

export function SelectField({
  name,
  label,
  hint,
  errors,
  defaultValue,
  options,
  emptyLabel,
}: {
  name: string;
  label: string;
  hint?: string;
  errors?: string[];
  defaultValue?: string;
  options: readonly (readonly [string, string])[];
  emptyLabel?: string;
}) {
  return (
    <FieldFrame name={name} label={label} hint={hint} errors={errors}>
      <select
        id={name}
        name={name}
        defaultValue={defaultValue}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(name, hint, errors)}
        className={`border-2 p-1.5 ${errors?.length ? "border-danger" : "border-ink"}`}
      >
        {emptyLabel !== undefined ? <option value="">{emptyLabel}</option> : null}
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export function Button({
  children,
  variant = "primary",
  ...props
}: React.ButtonHTMLAttributes<HTMLButtonElement> & { variant?: "primary" | "secondary" | "warning" }) {
  const styles = {
    primary: "bg-success text-white hover:bg-[#005a30]",
    secondary: "bg-surface text-ink hover:bg-rule",
    warning: "bg-danger text-white hover:bg-[#aa2a16]",
  }[variant];
  return (
    <button
      {...props}
      className={`border-b-2 border-ink px-4 py-2 font-bold shadow-[0_2px_0_#002d18] ${styles} ${props.className ?? ""}`}
    >
      {children}
    </button>
  );
}
