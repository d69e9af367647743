import type { SubmissionResult } from "@conform-to/react";
import type { z } from "zod";
import { useSchemaForm } from "./use-schema-form";

/** An action's reply on a page with several forms: which form (`intent`) it is for, and that form's result. */
type IntentReply = { intent?: string | null; result?: SubmissionResult<string[]> | null } | undefined;

/**
 * For a page with several forms, each posting its own `intent`: the action's
 * reply for one form, found by its intent (undefined when the reply is for
 * another form), to pass as that form's `lastResult`.
 */
export function replyForIntent(actionData: IntentReply) {
  return (intent: string) => (actionData?.intent === intent ? (actionData.result ?? undefined) : undefined);
}

/**
 * One of a page's several forms: the form posting `intent`, bound to its
 * schema (`useSchemaForm`, with the form `id`), given the action's `reply`
 * only when the reply is for it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function useIntentForm<S extends z.ZodType<unknown, Record<string, any>>>(
  schema: S,
  { intent, id, reply }: { intent: string; id: string; reply: IntentReply },
) {
  return useSchemaForm(schema, { id, lastResult: replyForIntent(reply)(intent) });
}
