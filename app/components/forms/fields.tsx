/**
 * The form kit's fields: GOV.UK Design System patterns (label, hint, error
 * message, then the control), each bound to a conform field so that its name,
 * errors and what the user typed come from one place. The control's id is the
 * field's name, so the error summary's links land on it.
 */
import type { FieldMetadata } from "@conform-to/react";
import { Fragment, type ReactNode } from "react";

// The kit accepts any conform field; the schema's types stay with the page.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyField = FieldMetadata<any, any, any>;

/** The first error of a field and of its parts (a date's day, month or year). */
export function fieldError(field: AnyField): string | undefined {
  if (field.errors?.length) return field.errors[0];
  const all = Object.values(field.allErrors ?? {}).flat();
  return all[0];
}

/** What the user typed last (kept through every error), or the page's default. */
export function initialText(field: AnyField, fallback?: string | null): string | undefined {
  const v = field.initialValue;
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  return fallback ?? undefined;
}

export function initialList(field: AnyField, fallback?: readonly string[]): string[] {
  const v = field.initialValue;
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === "string");
  if (typeof v === "string") return [v];
  return fallback ? [...fallback] : [];
}

const describedBy = (id: string, hint?: ReactNode, error?: string) =>
  [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;

export function Hint({ id, children }: { id: string; children?: ReactNode }) {
  if (!children) return null;
  return (
    <div id={`${id}-hint`} className="mb-1 text-ink-muted">
      {children}
    </div>
  );
}

/** GOV.UK error message: "Error:" for screen readers, then the message. */
export function ErrorMessage({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={`${id}-error`} className="mb-1 font-bold text-danger">
      <span className="sr-only">Error:</span> {message}
    </p>
  );
}

/** The form group: a red bar on the left when the field has an error. */
function Group({ error, children, className = "" }: { error?: string; children: ReactNode; className?: string }) {
  return <div className={`mb-6 ${error ? "border-l-4 border-danger pl-4" : ""} ${className}`}>{children}</div>;
}

const border = (error?: string) => (error ? "border-danger" : "border-ink");

type Common = {
  field: AnyField;
  label: ReactNode;
  hint?: ReactNode;
  /** The value shown before the user types, when the field has none yet. */
  defaultValue?: string | null;
  /** Shows the label as the page's heading (a one-question page). */
  labelClassName?: string;
};

/** The attributes that tie a control to its label, hint and error, and the value it shows first. */
type ControlProps = {
  id: string;
  name: string;
  "aria-invalid"?: true;
  "aria-describedby"?: string;
  defaultValue: string | undefined;
};

/**
 * Label, hint and error message above a control; `children` draws the control with the attributes that tie
 * them. The control is drawn anew when conform resets the field.
 */
function Labelled({
  field,
  label,
  hint,
  defaultValue,
  labelClassName,
  children,
}: Common & {
  children: (control: ControlProps, error: string | undefined) => ReactNode;
}) {
  const error = fieldError(field);
  const id = field.name;
  return (
    <Group error={error}>
      <label htmlFor={id} className={labelClassName ?? "mb-1 block font-bold"}>
        {label}
      </label>
      <Hint id={id}>{hint}</Hint>
      <ErrorMessage id={id} message={error} />
      <Fragment key={field.key}>
        {children(
          {
            id,
            name: field.name,
            "aria-invalid": error ? true : undefined,
            "aria-describedby": describedBy(id, hint, error),
            defaultValue: initialText(field, defaultValue),
          },
          error,
        )}
      </Fragment>
    </Group>
  );
}

/** A text input (text, email, number, password, search, tel, url). */
export function Field({
  type = "text",
  width = "max-w-md",
  suffix,
  autoComplete,
  maxLength,
  inputMode,
  spellCheck,
  min,
  max,
  step,
  ...common
}: Common & {
  type?: "text" | "email" | "number" | "password" | "search" | "tel" | "url";
  width?: string;
  autoComplete?: string;
  maxLength?: number;
  inputMode?: React.HTMLAttributes<HTMLInputElement>["inputMode"];
  spellCheck?: boolean;
  min?: number;
  max?: number;
  step?: number | "any";
  suffix?: ReactNode;
}) {
  const input = { autoComplete, maxLength, inputMode, spellCheck, min, max, step };
  return (
    <Labelled {...common}>
      {({ defaultValue, ...control }, error) => (
        <div className="flex items-center gap-2">
          <input
            {...input}
            {...control}
            type={type}
            defaultValue={type === "password" ? undefined : defaultValue}
            className={`block w-full ${width} border-2 px-2 py-1.5 ${border(error)}`}
          />
          {suffix}
        </div>
      )}
    </Labelled>
  );
}

export function Textarea({ rows = 4, maxLength, ...common }: Common & { rows?: number; maxLength?: number }) {
  return (
    <Labelled {...common}>
      {(control, error) => (
        <textarea
          {...control}
          rows={rows}
          maxLength={maxLength}
          className={`block w-full max-w-2xl border-2 p-2 ${border(error)}`}
        />
      )}
    </Labelled>
  );
}

export type Options = readonly (readonly [value: string, text: string, hint?: string])[];

export function Select({ options, emptyLabel, ...common }: Common & { options: Options; emptyLabel?: string }) {
  return (
    <Labelled {...common}>
      {({ defaultValue, ...control }, error) => (
        <select {...control} defaultValue={defaultValue ?? ""} className={`max-w-full border-2 p-1.5 ${border(error)}`}>
          {emptyLabel !== undefined ? <option value="">{emptyLabel}</option> : null}
          {options.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      )}
    </Labelled>
  );
}

/** A fieldset whose legend is the question: radios, checkboxes and the date input. */
function Fieldset({
  id,
  legend,
  legendClassName,
  hint,
  error,
  children,
}: {
  id: string;
  legend: ReactNode;
  legendClassName?: string;
  hint?: ReactNode;
  error?: string;
  children: ReactNode;
}) {
  return (
    <Group error={error}>
      <fieldset aria-describedby={describedBy(id, hint, error)}>
        <legend className={legendClassName ?? "mb-1 font-bold"}>{legend}</legend>
        <Hint id={id}>{hint}</Hint>
        <ErrorMessage id={id} message={error} />
        {children}
      </fieldset>
    </Group>
  );
}

type Choice = Omit<Common, "label" | "labelClassName"> & {
  legend: ReactNode;
  legendClassName?: string;
  options: Options;
  inline?: boolean;
};

function Choices({
  kind,
  field,
  legend,
  legendClassName,
  hint,
  options,
  inline,
  selected,
}: Choice & { kind: "radio" | "checkbox"; selected: string[] }) {
  const error = fieldError(field);
  const first = field.name;
  return (
    <Fieldset id={first} legend={legend} legendClassName={legendClassName} hint={hint} error={error}>
      <div key={field.key} className={inline ? "flex flex-wrap gap-x-6 gap-y-2" : "space-y-2"}>
        {options.map(([value, text, optionHint], i) => {
          // The first option carries the field's id, so the error summary's link lands on it.
          const id = i === 0 ? first : `${first}-${i + 1}`;
          return (
            <div key={value} className="flex items-start gap-2">
              <input
                id={id}
                type={kind}
                name={field.name}
                value={value}
                defaultChecked={selected.includes(value)}
                aria-describedby={optionHint ? `${id}-item-hint` : undefined}
                className="mt-1 h-6 w-6 shrink-0 accent-ink"
              />
              <label htmlFor={id}>
                {text}
                {optionHint ? (
                  <span id={`${id}-item-hint`} className="block text-ink-muted">
                    {optionHint}
                  </span>
                ) : null}
              </label>
            </div>
          );
        })}
      </div>
    </Fieldset>
  );
}

export function Radios(props: Choice) {
  const v = initialText(props.field, props.defaultValue);
  return <Choices {...props} kind="radio" selected={v ? [v] : []} />;
}

export function Checkboxes({ defaultValues, ...props }: Omit<Choice, "defaultValue"> & { defaultValues?: string[] }) {
  return <Choices {...props} kind="checkbox" selected={initialList(props.field, defaultValues)} />;
}

/** One checkbox on its own ("I confirm…"), sending `value` when ticked. */
export function Checkbox({
  field,
  label,
  hint,
  value = "on",
  defaultChecked,
}: Omit<Common, "defaultValue" | "labelClassName"> & { value?: string; defaultChecked?: boolean }) {
  const error = fieldError(field);
  const id = field.name;
  const initial = field.initialValue;
  const checked = initial === undefined ? Boolean(defaultChecked) : initial === value;
  return (
    <Group error={error}>
      <ErrorMessage id={id} message={error} />
      <div className="flex items-start gap-2">
        <input
          key={field.key}
          id={id}
          type="checkbox"
          name={field.name}
          value={value}
          defaultChecked={checked}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, hint, error)}
          className="mt-1 h-6 w-6 shrink-0 accent-ink"
        />
        <label htmlFor={id}>{label}</label>
      </div>
      <Hint id={id}>{hint}</Hint>
    </Group>
  );
}

/** Day, month and year of a date field: from what the user typed, or from a YYYY-MM-DD default. */
export function dateParts(field: AnyField, fallback?: string | null): { day: string; month: string; year: string } {
  const v = field.initialValue;
  if (v && typeof v === "object" && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    const s = (x: unknown) => (typeof x === "string" ? x : "");
    return { day: s(o.day), month: s(o.month), year: s(o.year) };
  }
  const iso = typeof v === "string" ? v : (fallback ?? "");
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return { day: "", month: "", year: "" };
  return { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1]! };
}

/**
 * GOV.UK date input: separate day, month and year boxes (so no browser
 * shows its own mm/dd/yyyy), sent as `<name>.day`, `<name>.month` and
 * `<name>.year`; the date fields of `~/utils/format` read them back.
 */
export function DateInput({
  field,
  legend,
  legendClassName,
  hint = `For example, 27 3 ${new Date().getUTCFullYear() + 1}`,
  defaultValue,
}: Omit<Common, "label" | "labelClassName"> & { legend: ReactNode; legendClassName?: string }) {
  const error = fieldError(field);
  const id = field.name;
  const parts = dateParts(field, defaultValue);
  const box = (part: "day" | "month" | "year", label: string, width: string) => (
    <div>
      <label htmlFor={part === "day" ? id : `${id}-${part}`} className="block">
        {label}
      </label>
      <input
        id={part === "day" ? id : `${id}-${part}`}
        name={`${field.name}.${part}`}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        maxLength={part === "year" ? 4 : 2}
        defaultValue={parts[part]}
        aria-invalid={error ? true : undefined}
        className={`${width} border-2 px-2 py-1.5 ${border(error)}`}
      />
    </div>
  );
  return (
    <Fieldset id={id} legend={legend} legendClassName={legendClassName} hint={hint} error={error}>
      <div key={field.key} className="flex flex-wrap gap-4">
        {box("day", "Day", "w-14")}
        {box("month", "Month", "w-14")}
        {box("year", "Year", "w-20")}
      </div>
    </Fieldset>
  );
}

/** A file input. The form must be `encType="multipart/form-data"`. */
export function FileInput({
  field,
  label,
  hint,
  labelClassName,
  accept,
  multiple,
}: Omit<Common, "defaultValue"> & { accept?: string; multiple?: boolean }) {
  return (
    <Labelled field={field} label={label} hint={hint} labelClassName={labelClassName}>
      {(control, error) => (
        <input
          {...control}
          type="file"
          accept={accept}
          multiple={multiple}
          className={`block w-full max-w-xl ${error ? "border-2 border-danger p-1" : ""}`}
        />
      )}
    </Labelled>
  );
}
