import type { SubmissionResult } from "@conform-to/react";

/**
 * For a page with several forms, each posting its own `intent`: the action's
 * reply for one form, found by its intent (undefined when the reply is for
 * another form), to pass as that form's `lastResult`.
 */
export function replyForIntent(
  actionData: { intent?: string | null; result?: SubmissionResult<string[]> | null } | undefined,
) {
  return (intent: string) => (actionData?.intent === intent ? (actionData.result ?? undefined) : undefined);
}
