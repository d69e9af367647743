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
}: {
  name: string;
  label: string;
  hint?: string;
  errors?: string[];
  type?: string;
  autoComplete?: string;
  defaultValue?: string;
  required?: boolean;
}) {
  const errorId = `${name}-error`;
  const hintId = `${name}-hint`;
  const describedBy = [hint ? hintId : null, errors?.length ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`mb-6 ${errors?.length ? "border-l-4 border-danger pl-4" : ""}`}>
      <label htmlFor={name} className="mb-1 block font-bold">
        {label}
      </label>
      {hint ? (
        <p id={hintId} className="mb-1 text-ink-muted">
          {hint}
        </p>
      ) : null}
      {errors?.length ? (
        <p id={errorId} className="mb-1 font-bold text-danger">
          <span className="sr-only">Error:</span> {errors[0]}
        </p>
      ) : null}
      <input
        id={name}
        name={name}
        type={type}
        autoComplete={autoComplete}
        defaultValue={defaultValue}
        required={required}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy}
        className={`block w-full max-w-md border-2 px-2 py-1.5 ${errors?.length ? "border-danger" : "border-ink"}`}
      />
    </div>
  );
}

export function Button({ children, variant = "primary", ...props }: React.ButtonHTMLAttributes<HTMLButtonElement> & { variant?: "primary" | "secondary" | "warning" }) {
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
