import type { OwnerChoices } from "~/modules/action/history.server";
import { Field, Select, type AnyField } from "./forms";
import { SelectField, TextField } from "./form";

type Common = {
  label: string;
  choices: OwnerChoices;
  /** A user id in list mode, an email address in email mode. */
  defaultValue?: string;
  emptyLabel?: string;
};

/**
 * The owner of an action: a list of the authority's people when it is short,
 * otherwise their email address (so that the page does not grow with the authority).
 * Pass the form kit's `field`; `name` and `errors` are for pages not yet on the kit.
 */
export function OwnerField(
  props: Common & ({ field: AnyField } | { field?: undefined; name: string; errors?: string[] }),
) {
  const { label, choices, defaultValue, emptyLabel = "Unassigned" } = props;
  const emailLabel = `${label} (email address)`;
  const emailHint = `The email address of someone in this authority. Leave it blank for ${emptyLabel.toLowerCase()}.`;
  const options =
    choices.mode === "email"
      ? []
      : choices.people.map((p) => [p.id, `${p.name}${p.organisation ? ` (${p.organisation})` : ""}`] as const);
  if (props.field) {
    return choices.mode === "email" ? (
      <Field
        field={props.field}
        label={emailLabel}
        hint={emailHint}
        type="email"
        autoComplete="off"
        defaultValue={defaultValue}
      />
    ) : (
      <Select field={props.field} label={label} emptyLabel={emptyLabel} defaultValue={defaultValue} options={options} />
    );
  }
  if (choices.mode === "email") {
    return (
      <TextField
        name={props.name}
        label={emailLabel}
        hint={emailHint}
        type="email"
        autoComplete="off"
        errors={props.errors}
        defaultValue={defaultValue}
      />
    );
  }
  return (
    <SelectField
      name={props.name}
      label={label}
      emptyLabel={emptyLabel}
      errors={props.errors}
      defaultValue={defaultValue}
      options={options}
    />
  );
}
