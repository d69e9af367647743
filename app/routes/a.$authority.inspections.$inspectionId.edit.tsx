import type { Route } from "./+types/a.$authority.inspections.$inspectionId.edit";
import { DateInput, Field, Select } from "~/components/forms";
import { correctionAction, correctionPageData } from "~/modules/inspection/correction-action.server";
import { InspectionEditSchema } from "~/modules/inspection/forms";
import { inspectionCorrection } from "~/modules/inspection/edit.server";
import { INSPECTION_TYPE_LABELS, INSPECTION_TYPES } from "~/modules/inspection/types";
import { isoDay } from "~/utils/format";
import { authorityHref } from "~/utils/links";
import { CorrectionPage, RecordCrumb } from "~/components/correction-page";

const iso = (d: Date | string | null) => isoDay(d ? new Date(d) : null);

export async function loader(args: Route.LoaderArgs) {
  return correctionPageData(args, inspectionCorrection, args.params.inspectionId);
}

export async function action(args: Route.ActionArgs) {
  const { inspectionId } = args.params;
  return correctionAction(args, inspectionCorrection, {
    id: inspectionId,
    editSchema: InspectionEditSchema,
    pagePath: (slug) => authorityHref(slug, "/inspections/:inspectionId", { inspectionId }),
  });
}

export default function EditInspection({ loaderData, actionData }: Route.ComponentProps) {
  const { authority, record: inspection } = loaderData;
  return (
    <CorrectionPage
      {...loaderData}
      schema={InspectionEditSchema}
      formId="edit-inspection"
      reply={actionData}
      title={`Correct ${inspection.title}`}
      crumbs={
        <RecordCrumb
          to={authorityHref(authority.slug, "/inspections/:inspectionId", { inspectionId: inspection.id })}
          removed={inspection.deletedAt !== null}
        >
          {inspection.title}
        </RecordCrumb>
      }
      heading="Correct the inspection"
      what="inspection"
      removedNotice="This inspection is removed: it, its items and their actions are out of the plan."
      intro="Every change is recorded in the audit log with who made it."
      consequence="Removing takes the inspection, its items and their actions out of the plan. Nothing is erased: an admin can restore it from here or from the audit log."
    >
      {({ fields: f, text }) => (
        <>
          <Select
            field={f.type}
            label="Type of inspection"
            defaultValue={inspection.type}
            options={INSPECTION_TYPES.map((t) => [t, INSPECTION_TYPE_LABELS[t]] as const)}
          />
          <Field {...text("title")} label="Title" />
          <DateInput field={f.startDate} legend="First day on site" defaultValue={iso(inspection.startDate)} />
          <DateInput field={f.endDate} legend="Last day on site" defaultValue={iso(inspection.endDate)} />
          <DateInput field={f.publishedAt} legend="Publication date" defaultValue={iso(inspection.publishedAt)} />
          <Field {...text("leadInspector")} label="Lead inspector" />
        </>
      )}
    </CorrectionPage>
  );
}
