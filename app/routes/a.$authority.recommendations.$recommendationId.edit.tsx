import { readFormData } from "~/utils/body.server";
import { Link, useNavigation } from "react-router";
import type { Route } from "./+types/a.$authority.recommendations.$recommendationId.edit";
import { Button, Field, FormPageHead, SchemaForm, Select, Textarea, useSchemaForm } from "~/components/forms";
import { useSubmittedForm } from "~/components/forms/submitted";
import { RemoveRestore, useRemoveRestoreForm } from "~/components/remove-restore";
import { AuditList } from "~/components/audit-list";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { actorOf } from "~/modules/auth/actor";
import { correctionAction } from "~/modules/inspection/correction-action.server";
import { listEntityAudit } from "~/modules/action/history.server";
import { RecommendationEditSchema } from "~/modules/inspection/forms";
import { maxLengths } from "~/utils/text";
import {
  getRecommendationForEdit,
  setRecommendationRemoved,
  updateRecommendation,
} from "~/modules/inspection/edit.server";
import { RECOMMENDATION_KIND_LABELS, RECOMMENDATION_KINDS } from "~/modules/inspection/types";
import { authorityHref } from "~/utils/links";

/** Each text field's maximum, for maxlength. */
const maxRecommendationEdit = maxLengths(RecommendationEditSchema);

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
    pagePath: authorityHref(user.authority.slug, "/recommendations/:recommendationId", { recommendationId }),
  });
}

export default function EditRecommendation({ loaderData, actionData }: Route.ComponentProps) {
  const { authority, history, recommendation: r } = loaderData;
  const busy = useNavigation().state !== "idle";
  const [form, f] = useSchemaForm(RecommendationEditSchema, {
    id: "edit-recommendation",
    lastResult: actionData?.form === "edit" ? actionData.result : undefined,
  });
  const removal = useRemoveRestoreForm(actionData?.form === "remove" ? actionData.result : undefined);
  const { submitted, onSubmitCapture } = useSubmittedForm(actionData?.form === "remove" ? removal[0].id : form.id);
  return (
    <div onSubmitCapture={onSubmitCapture}>
      <nav aria-label="Breadcrumb" className="mb-4 text-sm">
        <Link to={authorityHref(authority.slug, "/")}>{authority.name}</Link> ›{" "}
        <Link to={authorityHref(authority.slug, "/inspections/:inspectionId", { inspectionId: r.inspection.id })}>
          {r.inspection.title}
        </Link>{" "}
        ›{" "}
        {r.deletedAt ? (
          <span>{r.reference}</span>
        ) : (
          <Link to={authorityHref(authority.slug, "/recommendations/:recommendationId", { recommendationId: r.id })}>
            {r.reference}
          </Link>
        )}{" "}
        › <span aria-current="page">Correct</span>
      </nav>
      <FormPageHead
        title={`Correct ${r.reference}`}
        forms={[form, removal[0]]}
        shown={submitted === removal[0].id ? removal[0] : form}
      />
      <h1>Correct {r.reference}</h1>
      {r.deletedAt ? (
        <p className="mb-6 border-l-4 border-rag-amber bg-rag-amber-bg p-4 font-bold">
          This item is removed: it and its actions are out of the plan.
        </p>
      ) : (
        <section aria-labelledby="details-heading" className="max-w-3xl">
          <h2 id="details-heading">Details</h2>
          <p className="mb-4 text-ink-muted">
            The text must stay word for word as the report prints it: correct it only where it differs from the report.
            Every change is recorded in the audit log.
          </p>
          <SchemaForm form={form}>
            <input type="hidden" name="intent" value="edit" />
            <input type="hidden" name="version" value={r.version} />
            <Field
              field={f.reference}
              maxLength={maxRecommendationEdit.reference}
              label="Reference"
              hint="As printed, such as R3 or 45"
              defaultValue={r.reference}
            />
            <Textarea
              field={f.text}
              maxLength={maxRecommendationEdit.text}
              label="Text, word for word"
              rows={6}
              defaultValue={r.text}
            />
            <Select
              field={f.kind}
              label="Kind"
              defaultValue={r.kind}
              options={RECOMMENDATION_KINDS.map((k) => [k, RECOMMENDATION_KIND_LABELS[k]] as const)}
            />
            <Field
              field={f.addressedTo}
              maxLength={maxRecommendationEdit.addressedTo}
              label="Addressed to"
              hint="For example: the local authority, the partnership, the ICB, the police"
              defaultValue={r.addressedTo ?? ""}
            />
            <Field
              field={f.timescale}
              maxLength={maxRecommendationEdit.timescale}
              label="Timescale"
              hint="As printed, such as Immediately or Within three months"
              defaultValue={r.timescale ?? ""}
            />
            <Button type="submit" disabled={busy}>
              Save corrections
            </Button>
          </SchemaForm>
        </section>
      )}
      <RemoveRestore
        form={removal}
        what="item"
        removedAt={r.deletedAt}
        consequence="Removing takes the item and its actions out of the plan. Nothing is erased: an admin can restore it from here or from the audit log."
        busy={busy}
      />
      <section aria-labelledby="history-heading" className="mt-10">
        <h2 id="history-heading">Change history</h2>
        <AuditList events={history} />
      </section>
    </div>
  );
}
