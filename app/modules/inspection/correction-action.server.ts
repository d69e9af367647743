/**
 * The action both correction pages share (an inspection's, an item's): save
 * the corrected details under the version check, or remove / restore with a
 * reason. Form errors and conflicts come back with what the user typed.
 */
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect } from "react-router";
import type { z } from "zod";
import { RemoveSchema } from "./edit-form";
import type { EditResult } from "./edit.server";

export async function correctionAction<Schema extends z.ZodType>({
  formData,
  editSchema,
  save,
  setRemoved,
  pagePath,
}: {
  formData: FormData;
  editSchema: Schema;
  save: (value: z.output<Schema>) => Promise<EditResult>;
  setRemoved: (input: { removed: boolean; reason: string }) => Promise<void>;
  /** The corrected record's own page; its correction page is `${pagePath}/edit`. */
  pagePath: string;
}) {
  if (formData.get("intent") === "edit") {
    const submission = parseWithZod(formData, { schema: editSchema });
    if (submission.status !== "success")
      return data({ form: "edit" as const, result: submission.reply(), conflict: null }, { status: 400 });
    const r = await save(submission.value);
    if (!r.ok)
      return data({ form: "edit" as const, result: submission.reply(), conflict: r.conflict }, { status: 409 });
    return redirect(pagePath);
  }
  const submission = parseWithZod(formData, { schema: RemoveSchema });
  if (submission.status !== "success")
    return data({ form: "remove" as const, result: submission.reply(), conflict: null }, { status: 400 });
  const removed = submission.value.intent === "remove";
  await setRemoved({ removed, reason: submission.value.reason });
  // A removed record has no page of its own; its correction page offers the restore.
  return redirect(removed ? `${pagePath}/edit` : pagePath);
}
