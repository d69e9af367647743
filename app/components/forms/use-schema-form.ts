import { useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";

/**
 * A form bound to its zod schema: the same schema the action parses with,
 * checked in the browser on submit and again as the user corrects a field,
 * and on the server. `lastResult` is the action's reply, which carries the
 * server's errors and what the user typed.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function useSchemaForm<S extends z.ZodType<unknown, Record<string, any>>>(
  schema: S,
  {
    id,
    lastResult,
    defaultValue,
  }: { id: string; lastResult?: SubmissionResult<string[]> | null; defaultValue?: Record<string, unknown> },
) {
  return useForm<z.input<S>, z.output<S>>({
    id,
    lastResult: lastResult ?? undefined,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    defaultValue: defaultValue as any,
    constraint: getZodConstraint(schema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
}
