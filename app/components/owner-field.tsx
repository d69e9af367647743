import type { OwnerChoices } from "~/modules/action/history.server";
import { SelectField, TextField } from "./form";

/**
 * The owner of an action: a list of the authority's people when it is short,
 * otherwise their email address (so that the page does not grow with the authority).
 */
export function OwnerField({
  name,
  label,
  choices,
  defaultValue,
  errors,
  emptyLabel = "Unassigned",
}: {
  name: string;
  label: string;
  choices: OwnerChoices;
  /** A user id in list mode, an email address in email mode. */
  defaultValue?: string;
  errors?: string[];
  emptyLabel?: string;
}) {
  if (choices.mode === "email") {
    return (
      <TextField
        name={name}
        label={`${label} (email address)`}
        hint={`The email address of someone in this authority. Leave it blank for ${emptyLabel.toLowerCase()}.`}
        type="email"
        autoComplete="off"
        errors={errors}
        defaultValue={defaultValue}
      />
    );
  }
  return (
    <SelectField
      name={name}
      label={label}
      emptyLabel={emptyLabel}
      errors={errors}
      defaultValue={defaultValue}
      options={choices.people.map((p) => [p.id, `${p.name}${p.organisation ? ` (${p.organisation})` : ""}`] as const)}
    />
  );
}
