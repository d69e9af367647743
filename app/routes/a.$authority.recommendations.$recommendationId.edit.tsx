import { Link } from "react-router";
import type { Route } from "./+types/a.$authority.recommendations.$recommendationId.edit";
import { Field, Select, Textarea } from "~/components/forms";
import { correctionAction, correctionPageData } from "~/modules/inspection/correction-action.server";
import { RecommendationEditSchema } from "~/modules/inspection/forms";
import { recommendationCorrection } from "~/modules/inspection/edit.server";
import { RECOMMENDATION_KIND_LABELS, RECOMMENDATION_KINDS } from "~/modules/inspection/types";
import { authorityHref } from "~/utils/links";
import { CorrectionPage, RecordCrumb } from "~/components/correction-page";

export async function loader(args: Route.LoaderArgs) {
  return correctionPageData(args, recommendationCorrection, args.params.recommendationId);
}

export async function action(args: Route.ActionArgs) {
  const { recommendationId } = args.params;
  return correctionAction(args, recommendationCorrection, {
    id: recommendationId,
    editSchema: RecommendationEditSchema,
    pagePath: (slug) => authorityHref(slug, "/recommendations/:recommendationId", { recommendationId }),
  });
}

export default function EditRecommendation({ loaderData, actionData }: Route.ComponentProps) {
  const { authority, record: r } = loaderData;
  return (
    <CorrectionPage
      {...loaderData}
      schema={RecommendationEditSchema}
      formId="edit-recommendation"
      reply={actionData}
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
      {({ fields: f, text }) => (
        <>
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
          <Field
            {...text("timescale")}
            label="Timescale"
            hint="As printed, such as Immediately or Within three months"
          />
        </>
      )}
    </CorrectionPage>
  );
}
