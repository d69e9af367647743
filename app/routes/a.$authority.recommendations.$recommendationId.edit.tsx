import { getFormProps, useForm } from "@conform-to/react";
import { readFormData } from "~/utils/body.server";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useNavigation } from "react-router";
import type { Route } from "./+types/a.$authority.recommendations.$recommendationId.edit";
import { Button, ErrorSummary, SelectField, TextAreaField, TextField } from "~/components/form";
import { EditConflict, RemoveRestore } from "~/components/remove-restore";
import { AuditList } from "~/components/audit-list";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { actorOf } from "~/modules/auth/actor";
import { correctionAction } from "~/modules/inspection/correction-action.server";
import { listEntityAudit } from "~/modules/action/history.server";
import { RecommendationEditSchema } from "~/modules/inspection/edit-form";
import { maxLengths } from "~/utils/text";
import {
  getRecommendationForEdit,
  setRecommendationRemoved,
  updateRecommendation,
} from "~/modules/inspection/edit.server";
import { RECOMMENDATION_KIND_LABELS, RECOMMENDATION_KINDS } from "~/modules/inspection/types";

/** Each text field's maximum, for maxlength. */
const maxRecommendationEdit = maxLengths(RecommendationEditSchema);

export const meta: Route.MetaFunction = ({ data }) => [
  { title: `Correct ${data?.recommendation.reference ?? "item"} – Improvement Board` },
];

export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "write:inspection:any");
  const recommendation = await getRecommendationForEdit({
    authorityId: user.authority.id,
    recommendationId: args.params.recommendationId,
  });
  const history = await listEntityAudit({
    authorityId: user.authority.id,
    entityType: "Recommendation",
    entityId: recommendation.id,
  });
  return { authority: user.authority, recommendation, history };
}

export async function action(args: Route.ActionArgs) {
  const user = await requireUserWithPermission(args, "write:inspection:any");
  const authorityId = user.authority.id;
  const recommendationId = args.params.recommendationId;
  const actor = actorOf(user);
  return correctionAction({
    formData: await readFormData(args.request, "form"),
    editSchema: RecommendationEditSchema,
    save: (value) => updateRecommendation({ authorityId, recommendationId, actor, value }),
    setRemoved: ({ removed, reason }) =>
      setRecommendationRemoved({ authorityId, recommendationId, actor, removed, reason }),
    pagePath: `/a/${user.authority.slug}/recommendations/${recommendationId}`,
  });
}

export default function EditRecommendation({ loaderData, actionData }: Route.ComponentProps) {
  const { authority, history, recommendation: r } = loaderData;
  const base = `/a/${authority.slug}`;
  const busy = useNavigation().state !== "idle";
  const [form, f] = useForm({
    id: "edit-recommendation",
    lastResult: actionData?.form === "edit" ? actionData.result : undefined,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RecommendationEditSchema }),
  });
  const typed = (field: { initialValue?: unknown }, fallback: string) =>
    typeof field.initialValue === "string" ? field.initialValue : fallback;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-4 text-sm">
        <Link to={base}>{authority.name}</Link> ›{" "}
        <Link to={`${base}/inspections/${r.inspection.id}`}>{r.inspection.title}</Link> ›{" "}
        {r.deletedAt ? <span>{r.reference}</span> : <Link to={`${base}/recommendations/${r.id}`}>{r.reference}</Link>} ›{" "}
        <span aria-current="page">Correct</span>
      </nav>
      {actionData?.conflict ? <EditConflict conflict={actionData.conflict} /> : null}
      <h1>Correct {r.reference}</h1>
      {r.deletedAt ? (
        <p className="mb-6 border-l-4 border-rag-amber bg-rag-amber-bg p-4 font-bold">
          This item is removed: it and its actions are out of the plan.
        </p>
      ) : (
        <section aria-labelledby="details-heading" className="max-w-3xl">
          {actionData?.form === "edit" ? (
            <ErrorSummary
              errors={{
                reference: f.reference.errors,
                text: f.text.errors,
                kind: f.kind.errors,
                addressedTo: f.addressedTo.errors,
                timescale: f.timescale.errors,
              }}
            />
          ) : null}
          <h2 id="details-heading">Details</h2>
          <p className="mb-4 text-ink-muted">
            The text must stay word for word as the report prints it: correct it only where it differs from the report.
            Every change is recorded in the audit log.
          </p>
          <Form method="post" {...getFormProps(form)} noValidate>
            <input type="hidden" name="intent" value="edit" />
            <input type="hidden" name="version" value={r.version} />
            <TextField
              maxLength={maxRecommendationEdit.reference}
              name="reference"
              label="Reference"
              hint="As printed, such as R3 or 45"
              errors={f.reference.errors}
              defaultValue={typed(f.reference, r.reference)}
            />
            <TextAreaField
              maxLength={maxRecommendationEdit.text}
              name="text"
              label="Text, word for word"
              rows={6}
              errors={f.text.errors}
              defaultValue={typed(f.text, r.text)}
            />
            <SelectField
              name="kind"
              label="Kind"
              errors={f.kind.errors}
              defaultValue={typed(f.kind, r.kind)}
              options={RECOMMENDATION_KINDS.map((k) => [k, RECOMMENDATION_KIND_LABELS[k]] as const)}
            />
            <TextField
              maxLength={maxRecommendationEdit.addressedTo}
              name="addressedTo"
              label="Addressed to"
              hint="For example: the local authority, the partnership, the ICB, the police"
              errors={f.addressedTo.errors}
              defaultValue={typed(f.addressedTo, r.addressedTo ?? "")}
            />
            <TextField
              maxLength={maxRecommendationEdit.timescale}
              name="timescale"
              label="Timescale"
              hint="As printed, such as Immediately or Within three months"
              errors={f.timescale.errors}
              defaultValue={typed(f.timescale, r.timescale ?? "")}
            />
            <Button type="submit" disabled={busy}>
              Save corrections
            </Button>
          </Form>
        </section>
      )}
      <RemoveRestore
        what="item"
        removedAt={r.deletedAt}
        consequence="Removing takes the item and its actions out of the plan. Nothing is erased: an admin can restore it from here or from the audit log."
        lastResult={actionData?.form === "remove" ? actionData.result : undefined}
        busy={busy}
      />
      <section aria-labelledby="history-heading" className="mt-10">
        <h2 id="history-heading">Change history</h2>
        <AuditList events={history} />
      </section>
    </>
  );
}
