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

/**
 * The reply to a form that could not be saved: 400 (or `status`), the field
 * errors and everything the user typed, so the page shows both.
 * `formErrors` are messages that belong to no one field.
 */
export function invalid<Extra extends Record<string, unknown> = Record<never, never>>(
  submission: Submission,
  {
    formErrors,
    fieldErrors,
    hideFields,
    status = 400,
    headers,
    ...rest
  }: {
    formErrors?: string[];
    fieldErrors?: Record<string, string[]>;
    hideFields?: string[];
    status?: number;
    headers?: HeadersInit;
  } & Extra = {} as Extra,
) {
  // `rest` is what the page needs besides the result (which form it is for, the typed text…), typed for useActionData.
  const extra = rest as unknown as Omit<Extra, "formErrors" | "fieldErrors" | "hideFields" | "status" | "headers">;
  return data({ ...extra, result: submission.reply({ formErrors, fieldErrors, hideFields }) }, { status, headers });
}

/** A form's fields as FormData, for a reply to a form the action did not read as FormData (a streamed upload). */
export function formDataOf(fields: Record<string, string>) {
  const formData = new FormData();
  for (const [name, value] of Object.entries(fields)) formData.set(name, value);
  return formData;
}
