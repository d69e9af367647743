import { Checkbox, DateInput, Field, Select, Textarea, type AnyField } from "~/components/forms";
import { EVIDENCE_TYPE_LABELS, EVIDENCE_TYPES } from "~/modules/evidence/access";
import { EvidenceUploadSchema } from "~/modules/evidence/forms";
import { maxLengths } from "~/utils/text";

/** Each text field's maximum, for maxlength. */
const maxEvidence = maxLengths(EvidenceUploadSchema);

export const EVIDENCE_FIELD_NAMES = [
  "title",
  "type",
  "effectiveDate",
  "reviewDate",
  "description",
  "containsPersonalData",
] as const;
export type EvidenceFieldName = (typeof EVIDENCE_FIELD_NAMES)[number];

/** What the fields show before the user types: an item's saved details, or a title from the file's name. */
export type EvidenceFieldDefaults = Partial<Record<Exclude<EvidenceFieldName, "containsPersonalData">, string>> & {
  containsPersonalData?: boolean;
};

const TYPE_OPTIONS = EVIDENCE_TYPES.map((t) => [t, EVIDENCE_TYPE_LABELS[t]] as const);

/** The two dates, side by side. */
const DATES = [
  {
    name: "effectiveDate",
    legend: "Effective date",
    hint: "The date or period end the evidence speaks to, such as the audit or meeting date. Not the upload date.",
  },
  {
    name: "reviewDate",
    legend: "Review or expiry date (optional)",
    hint: "When the evidence should be looked at again or stops being current.",
  },
] as const;

/**
 * The details of one evidence file, as kit fields: title, type, effective and
 * review dates (GOV.UK date inputs), description and the personal-data flag.
 * Each field's name is its id, so on a page describing several files each
 * file's fields carry their own prefix (the multi-file uploader).
 */
export function EvidenceFields({
  fields,
  defaults = {},
}: {
  fields: Record<EvidenceFieldName, AnyField>;
  defaults?: EvidenceFieldDefaults;
}) {
  return (
    <>
      <Field
        field={fields.title}
        label="Title"
        width="max-w-xl"
        maxLength={maxEvidence.title}
        defaultValue={defaults.title}
      />
      <Select
        field={fields.type}
        label="Type of evidence"
        emptyLabel="Choose a type"
        options={TYPE_OPTIONS}
        defaultValue={defaults.type}
      />
      <div className="flex flex-wrap gap-x-8">
        {DATES.map((d) => (
          <div key={d.name} className="max-w-xs">
            <DateInput field={fields[d.name]} legend={d.legend} hint={d.hint} defaultValue={defaults[d.name]} />
          </div>
        ))}
      </div>
      <Textarea
        field={fields.description}
        label="Description (optional)"
        rows={2}
        maxLength={maxEvidence.description}
        defaultValue={defaults.description}
      />
      <Checkbox
        field={fields.containsPersonalData}
        label={<span className="font-bold">Contains personal data about children or families</span>}
        hint="Only admins, board members and the action's owner will see it. Every download is recorded, and board packs only say that restricted evidence is held."
        defaultChecked={defaults.containsPersonalData}
      />
    </>
  );
}
