import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data } from "react-router";
import type { z } from "zod";

/** Parse a posted form with its schema (the one the page's form uses). */
export const parseForm = <S extends z.ZodType>(formData: FormData, schema: S) => parseWithZod(formData, { schema });

/** What `parseForm` returns, as far as `invalid` needs it. */
type Submission = {
  reply: (options?: {
    formErrors?: string[];
    fieldErrors?: Record<string, string[]>;
    hideFields?: string[];
  }) => SubmissionResult<string[]>;
};

/** What `invalid` reads itself; everything else it is given goes into the reply's data. */
type InvalidOptions = {
  formErrors?: string[];
  fieldErrors?: Record<string, string[]>;
  hideFields?: string[];
  status?: number;
  headers?: HeadersInit;
};

/**
 * The reply to a form that could not be saved: 400 (or `status`), the field
 * errors and everything the user typed, so the page shows both.
 * `formErrors` are messages that belong to no one field. Any other key
 * (`intent`, a notice) is passed through to the page, typed.
 */
export function invalid<const E extends Record<string, unknown> = Record<never, never>>(
  submission: Submission,
  options: InvalidOptions & E = {} as InvalidOptions & E,
) {
  const { formErrors, fieldErrors, hideFields, status = 400, headers, ...rest } = options;
  return data(
    { ...(rest as Omit<E, keyof InvalidOptions>), result: submission.reply({ formErrors, fieldErrors, hideFields }) },
    { status, headers },
  );
}

/** A form's fields as FormData, for a reply to a form the action did not read as FormData (a streamed upload). */
export function formDataOf(fields: Record<string, string>) {
  const formData = new FormData();
  for (const [name, value] of Object.entries(fields)) formData.set(name, value);
  return formData;
}
