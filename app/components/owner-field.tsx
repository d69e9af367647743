import type { OwnerChoices } from "~/modules/action/history.server";
import { Field, Select, type AnyField } from "./forms";

/**
 * The owner of an action: a list of the authority's people when it is short,
 * otherwise their email address (so that the page does not grow with the authority).
 */
export function OwnerField({
  field,
  label,
  choices,
  defaultValue,
  emptyLabel = "Unassigned",
}: {
  field: AnyField;
  label: string;
  choices: OwnerChoices;
  /** A user id in list mode, an email address in email mode; what the user typed wins. */
  defaultValue?: string;
  emptyLabel?: string;
}) {
  if (choices.mode === "email") {
    return (
      <Field
        field={field}
        label={`${label} (email address)`}
        hint={`The email address of someone in this authority. Leave it blank for ${emptyLabel.toLowerCase()}.`}
        type="email"
        autoComplete="off"
        spellCheck={false}
        defaultValue={defaultValue}
      />
    );
  }
  return (
    <Select
      field={field}
      label={label}
      emptyLabel={emptyLabel}
      defaultValue={defaultValue}
      options={choices.people.map((p) => [p.id, `${p.name}${p.organisation ? ` (${p.organisation})` : ""}`] as const)}
    />
  );
}
