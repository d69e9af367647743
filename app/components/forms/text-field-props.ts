import type { AnyField } from "./fields";

/**
 * The props of a form's text fields: for the field `name`, its conform field
 * and the schema's maximum (`maxLengths`), and, on a form that edits a saved
 * record, the record's value ("" when it has none). So `<Field {...text("title")} …>`
 * says the rest (label, width) only.
 */
export function textFieldProps<F extends Record<string, AnyField>>(
  fields: F,
  max: Record<string, number | undefined>,
  saved?: Partial<Record<keyof F, unknown>>,
) {
  return (name: keyof F & string) => {
    const value = saved?.[name];
    return {
      field: fields[name],
      maxLength: max[name],
      defaultValue: saved ? (typeof value === "string" ? value : "") : undefined,
    };
  };
}
