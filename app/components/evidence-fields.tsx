import { EVIDENCE_TYPE_LABELS, EVIDENCE_TYPES } from "~/modules/evidence/access";
import { EvidenceUploadSchema } from "~/modules/evidence/forms";
import { maxLengths } from "~/utils/text";

/** Each text field's maximum, for maxlength. */
const maxEvidence = maxLengths(EvidenceUploadSchema);

export type EvidenceFieldValues = {
  title: string;
  type: string;
  effectiveDate: string;
  reviewDate: string;
  description: string;
  containsPersonalData: boolean;
};

export const emptyEvidenceValues = (title = ""): EvidenceFieldValues => ({
  title,
  type: "",
  effectiveDate: "",
  reviewDate: "",
  description: "",
  containsPersonalData: false,
});

type Errors = Partial<Record<keyof EvidenceFieldValues, string[] | undefined>>;

function Err({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <p id={`${id}-error`} className="mb-1 font-bold text-danger">
      <span className="sr-only">Error:</span> {errors[0]}
    </p>
  );
}

/**
 * The details of one evidence file. `prefix` keeps ids unique when several
 * files are described on one page; the field names stay plain. Controlled
 * when `onChange` is given (the multi-file uploader), uncontrolled otherwise
 * (the plain form, which must work without JavaScript).
 */
export function EvidenceFields({
  prefix = "",
  values,
  errors = {},
  onChange,
}: {
  prefix?: string;
  values: EvidenceFieldValues;
  errors?: Errors;
  onChange?: (next: EvidenceFieldValues) => void;
}) {
  const id = (name: string) => `${prefix}${name}`;
  const described = (name: keyof EvidenceFieldValues, hint?: boolean) =>
    [hint ? `${id(name)}-hint` : null, errors[name]?.length ? `${id(name)}-error` : null].filter(Boolean).join(" ") ||
    undefined;
  const bind = <K extends keyof EvidenceFieldValues>(name: K) =>
    onChange
      ? {
          value: values[name] as string,
          onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) =>
            onChange({ ...values, [name]: e.target.value }),
        }
      : { defaultValue: values[name] as string };
  const frame = (name: keyof EvidenceFieldValues) =>
    `mb-4 ${errors[name]?.length ? "border-l-4 border-danger pl-4" : ""}`;
  const border = (name: keyof EvidenceFieldValues) => (errors[name]?.length ? "border-danger" : "border-ink");

  return (
    <>
      <div className={frame("title")}>
        <label htmlFor={id("title")} className="mb-1 block font-bold">
          Title
        </label>
        <Err id={id("title")} errors={errors.title} />
        <input
          id={id("title")}
          name="title"
          maxLength={maxEvidence.title}
          {...bind("title")}
          aria-invalid={errors.title?.length ? true : undefined}
          aria-describedby={described("title")}
          className={`block w-full max-w-xl border-2 px-2 py-1.5 ${border("title")}`}
        />
      </div>
      <div className={frame("type")}>
        <label htmlFor={id("type")} className="mb-1 block font-bold">
          Type of evidence
        </label>
        <Err id={id("type")} errors={errors.type} />
        <select
          id={id("type")}
          name="type"
          {...bind("type")}
          aria-invalid={errors.type?.length ? true : undefined}
          aria-describedby={described("type")}
          className={`border-2 p-1.5 ${border("type")}`}
        >
          <option value="">Choose a type</option>
          {EVIDENCE_TYPES.map((t) => (
            <option key={t} value={t}>
              {EVIDENCE_TYPE_LABELS[t]}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-wrap gap-x-8">
        <div className={frame("effectiveDate")}>
          <label htmlFor={id("effectiveDate")} className="mb-1 block font-bold">
            Effective date
          </label>
          <p id={`${id("effectiveDate")}-hint`} className="mb-1 max-w-xs text-ink-muted">
            The date or period end the evidence speaks to, such as the audit or meeting date. Not the upload date.
          </p>
          <Err id={id("effectiveDate")} errors={errors.effectiveDate} />
          <input
            id={id("effectiveDate")}
            name="effectiveDate"
            type="date"
            {...bind("effectiveDate")}
            aria-invalid={errors.effectiveDate?.length ? true : undefined}
            aria-describedby={described("effectiveDate", true)}
            className={`border-2 px-2 py-1.5 ${border("effectiveDate")}`}
          />
        </div>
        <div className={frame("reviewDate")}>
          <label htmlFor={id("reviewDate")} className="mb-1 block font-bold">
            Review or expiry date (optional)
          </label>
          <p id={`${id("reviewDate")}-hint`} className="mb-1 max-w-xs text-ink-muted">
            When the evidence should be looked at again or stops being current.
          </p>
          <Err id={id("reviewDate")} errors={errors.reviewDate} />
          <input
            id={id("reviewDate")}
            name="reviewDate"
            type="date"
            {...bind("reviewDate")}
            aria-invalid={errors.reviewDate?.length ? true : undefined}
            aria-describedby={described("reviewDate", true)}
            className={`border-2 px-2 py-1.5 ${border("reviewDate")}`}
          />
        </div>
      </div>
      <div className={frame("description")}>
        <label htmlFor={id("description")} className="mb-1 block font-bold">
          Description (optional)
        </label>
        <Err id={id("description")} errors={errors.description} />
        <textarea
          id={id("description")}
          name="description"
          rows={2}
          maxLength={maxEvidence.description}
          {...bind("description")}
          aria-describedby={described("description")}
          className={`block w-full max-w-2xl border-2 p-2 ${border("description")}`}
        />
      </div>
      <div className={frame("containsPersonalData")}>
        <Err id={id("containsPersonalData")} errors={errors.containsPersonalData} />
        <div className="flex items-start gap-3">
          <input
            id={id("containsPersonalData")}
            name="containsPersonalData"
            type="checkbox"
            className="mt-1 h-6 w-6"
            aria-describedby={`${id("containsPersonalData")}-hint`}
            {...(onChange
              ? {
                  checked: values.containsPersonalData,
                  onChange: (e: React.ChangeEvent<HTMLInputElement>) =>
                    onChange({ ...values, containsPersonalData: e.target.checked }),
                }
              : { defaultChecked: values.containsPersonalData })}
          />
          <div>
            <label htmlFor={id("containsPersonalData")} className="font-bold">
              Contains personal data about children or families
            </label>
            <p id={`${id("containsPersonalData")}-hint`} className="text-ink-muted">
              Only admins, board members and the action&apos;s owner will see it. Every download is recorded, and board
              packs only say that restricted evidence is held.
            </p>
          </div>
        </div>
      </div>
    </>
  );
}
