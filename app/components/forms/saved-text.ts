import type { AnyField } from "./fields";

/**
 * The props of the text fields of a form that edits a saved record: for the
 * field `name`, its conform field, the schema's maximum (`maxLengths`) and the
 * record's saved value ("" when it has none), so `<Field {...text("title")} …>`
 * says the rest (label, width) only.
 */
export function savedTextProps<F extends Record<string, AnyField>>(
  fields: F,
  max: Record<string, number | undefined>,
  saved: Partial<Record<keyof F, unknown>>,
) {
  return (name: keyof F & string) => {
    const value = saved[name];
    return { field: fields[name], maxLength: max[name], defaultValue: typeof value === "string" ? value : "" };
  };
}
