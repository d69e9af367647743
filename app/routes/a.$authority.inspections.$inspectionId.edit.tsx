import { getFormProps, useForm } from "@conform-to/react";
import { readFormData } from "~/utils/body.server";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useNavigation } from "react-router";
import type { Route } from "./+types/a.$authority.inspections.$inspectionId.edit";
import { Button, ErrorSummary, SelectField, TextField } from "~/components/form";
import { EditConflict, RemoveRestore } from "~/components/remove-restore";
import { AuditList } from "~/components/audit-list";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { actorOf } from "~/modules/auth/actor";
import { correctionAction } from "~/modules/inspection/correction-action.server";
import { listEntityAudit } from "~/modules/action/history.server";
import { InspectionEditSchema } from "~/modules/inspection/edit-form";
import { maxLengths } from "~/utils/text";
import { getInspectionForEdit, setInspectionRemoved, updateInspection } from "~/modules/inspection/edit.server";
import { INSPECTION_TYPE_LABELS, INSPECTION_TYPES } from "~/modules/inspection/types";

/** Each text field's maximum, for maxlength. */
const maxInspectionEdit = maxLengths(InspectionEditSchema);

export const meta: Route.MetaFunction = ({ data }) => [
  { title: `Correct ${data?.inspection.title ?? "inspection"} – Improvement Board` },
];

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString().slice(0, 10) : "");

export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "write:inspection:any");
  const inspection = await getInspectionForEdit({
    authorityId: user.authority.id,
    inspectionId: args.params.inspectionId,
  });
  const history = await listEntityAudit({
    authorityId: user.authority.id,
    entityType: "Inspection",
    entityId: inspection.id,
  });
  return { authority: user.authority, inspection, history };
}

export async function action(args: Route.ActionArgs) {
  const user = await requireUserWithPermission(args, "write:inspection:any");
  const authorityId = user.authority.id;
  const inspectionId = args.params.inspectionId;
  const actor = actorOf(user);
  return correctionAction({
    formData: await readFormData(args.request, "form"),
    editSchema: InspectionEditSchema,
    save: (value) => updateInspection({ authorityId, inspectionId, actor, value }),
    setRemoved: ({ removed, reason }) => setInspectionRemoved({ authorityId, inspectionId, actor, removed, reason }),
    pagePath: `/a/${user.authority.slug}/inspections/${inspectionId}`,
  });
}

export default function EditInspection({ loaderData, actionData }: Route.ComponentProps) {
  const { authority, history, inspection } = loaderData;
  const base = `/a/${authority.slug}`;
  const busy = useNavigation().state !== "idle";
  const [form, f] = useForm({
    id: "edit-inspection",
    lastResult: actionData?.form === "edit" ? actionData.result : undefined,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InspectionEditSchema }),
  });
  const typed = (field: { initialValue?: unknown }, fallback: string) =>
    typeof field.initialValue === "string" ? field.initialValue : fallback;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-4 text-sm">
        <Link to={base}>{authority.name}</Link> ›{" "}
        {inspection.deletedAt ? (
          <span>{inspection.title}</span>
        ) : (
          <Link to={`${base}/inspections/${inspection.id}`}>{inspection.title}</Link>
        )}{" "}
        › <span aria-current="page">Correct</span>
      </nav>
      {actionData?.conflict ? <EditConflict conflict={actionData.conflict} /> : null}
      <h1>Correct the inspection</h1>
      {inspection.deletedAt ? (
        <p className="mb-6 border-l-4 border-rag-amber bg-rag-amber-bg p-4 font-bold">
          This inspection is removed: it, its items and their actions are out of the plan.
        </p>
      ) : (
        <section aria-labelledby="details-heading" className="max-w-3xl">
          {actionData?.form === "edit" ? (
            <ErrorSummary
              errors={{
                type: f.type.errors,
                title: f.title.errors,
                startDate: f.startDate.errors,
                endDate: f.endDate.errors,
                publishedAt: f.publishedAt.errors,
                leadInspector: f.leadInspector.errors,
              }}
            />
          ) : null}
          <h2 id="details-heading">Details</h2>
          <p className="mb-4 text-ink-muted">Every change is recorded in the audit log with who made it.</p>
          <Form method="post" {...getFormProps(form)} noValidate>
            <input type="hidden" name="intent" value="edit" />
            <input type="hidden" name="version" value={inspection.version} />
            <SelectField
              name="type"
              label="Type of inspection"
              errors={f.type.errors}
              defaultValue={typed(f.type, inspection.type)}
              options={INSPECTION_TYPES.map((t) => [t, INSPECTION_TYPE_LABELS[t]] as const)}
            />
            <TextField
              maxLength={maxInspectionEdit.title}
              name="title"
              label="Title"
              errors={f.title.errors}
              defaultValue={typed(f.title, inspection.title)}
            />
            <div className="flex flex-wrap gap-6">
              <TextField
                name="startDate"
                label="First day on site"
                type="date"
                errors={f.startDate.errors}
                defaultValue={typed(f.startDate, iso(inspection.startDate))}
              />
              <TextField
                name="endDate"
                label="Last day on site"
                type="date"
                errors={f.endDate.errors}
                defaultValue={typed(f.endDate, iso(inspection.endDate))}
              />
              <TextField
                name="publishedAt"
                label="Publication date"
                type="date"
                errors={f.publishedAt.errors}
                defaultValue={typed(f.publishedAt, iso(inspection.publishedAt))}
              />
            </div>
            <TextField
              maxLength={maxInspectionEdit.leadInspector}
              name="leadInspector"
              label="Lead inspector"
              errors={f.leadInspector.errors}
              defaultValue={typed(f.leadInspector, inspection.leadInspector ?? "")}
            />
            <Button type="submit" disabled={busy}>
              Save corrections
            </Button>
          </Form>
        </section>
      )}
      <RemoveRestore
        what="inspection"
        removedAt={inspection.deletedAt}
        consequence="Removing takes the inspection, its items and their actions out of the plan. Nothing is erased: an admin can restore it from here or from the audit log."
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
