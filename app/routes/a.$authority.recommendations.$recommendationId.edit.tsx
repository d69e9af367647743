import { Link } from "react-router";
import type { Route } from "./+types/a.$authority.recommendations.$recommendationId.edit";
import { Field, Select, Textarea } from "~/components/forms";
import { correctionAction, correctionPageData } from "~/modules/inspection/correction-action.server";
import { RecommendationEditSchema } from "~/modules/inspection/forms";
import { maxLengths } from "~/utils/text";
import {
  getRecommendationForEdit,
  setRecommendationRemoved,
  updateRecommendation,
} from "~/modules/inspection/edit.server";
import { RECOMMENDATION_KIND_LABELS, RECOMMENDATION_KINDS } from "~/modules/inspection/types";
import { authorityHref } from "~/utils/links";
import { CorrectionPage, RecordCrumb, useCorrectionForms } from "~/components/correction-page";
import { textFieldProps } from "~/components/forms/text-field-props";

/** Each text field's maximum, for maxlength. */
const maxRecommendationEdit = maxLengths(RecommendationEditSchema);

export async function loader(args: Route.LoaderArgs) {
  return correctionPageData(args, "Recommendation", (authorityId) =>
    getRecommendationForEdit({ authorityId, recommendationId: args.params.recommendationId }),
  );
}

export async function action(args: Route.ActionArgs) {
  const { recommendationId } = args.params;
  return correctionAction(args, {
    editSchema: RecommendationEditSchema,
    save: (scope, value) => updateRecommendation({ ...scope, recommendationId, value }),
    setRemoved: (scope, change) => setRecommendationRemoved({ ...scope, recommendationId, ...change }),
    pagePath: (slug) => authorityHref(slug, "/recommendations/:recommendationId", { recommendationId }),
  });
}

export default function EditRecommendation({ loaderData, actionData }: Route.ComponentProps) {
  const { authority, record: r } = loaderData;
  const forms = useCorrectionForms(RecommendationEditSchema, "edit-recommendation", actionData);
  const f = forms.fields;
  const text = textFieldProps(f, maxRecommendationEdit, r);
  return (
    <CorrectionPage
      {...loaderData}
      forms={forms}
      title={`Correct ${r.reference}`}
      crumbs={
        <>
          <Link to={authorityHref(authority.slug, "/inspections/:inspectionId", { inspectionId: r.inspection.id })}>
            {r.inspection.title}
          </Link>{" "}
          ›{" "}
          <RecordCrumb
            to={authorityHref(authority.slug, "/recommendations/:recommendationId", { recommendationId: r.id })}
            removed={r.deletedAt !== null}
          >
            {r.reference}
          </RecordCrumb>
        </>
      }
      heading={`Correct ${r.reference}`}
      what="item"
      removedNotice="This item is removed: it and its actions are out of the plan."
      intro="The text must stay word for word as the report prints it: correct it only where it differs from the report. Every change is recorded in the audit log."
      consequence="Removing takes the item and its actions out of the plan. Nothing is erased: an admin can restore it from here or from the audit log."
    >
      <Field {...text("reference")} label="Reference" hint="As printed, such as R3 or 45" />
      <Textarea {...text("text")} label="Text, word for word" rows={6} />
      <Select
        field={f.kind}
        label="Kind"
        defaultValue={r.kind}
        options={RECOMMENDATION_KINDS.map((k) => [k, RECOMMENDATION_KIND_LABELS[k]] as const)}
      />
      <Field
        {...text("addressedTo")}
        label="Addressed to"
        hint="For example: the local authority, the partnership, the ICB, the police"
      />
      <Field {...text("timescale")} label="Timescale" hint="As printed, such as Immediately or Within three months" />
    </CorrectionPage>
  );
}
