import { readFormData } from "~/utils/body.server";
import { Link, useNavigation } from "react-router";
import type { Route } from "./+types/a.$authority.inspections.$inspectionId.edit";
import { Button, DateInput, Field, FormPageHead, SchemaForm, Select, useSchemaForm } from "~/components/forms";
import { useSubmittedForm } from "~/components/forms/submitted";
import { RemoveRestore, useRemoveRestoreForm } from "~/components/remove-restore";
import { AuditList } from "~/components/audit-list";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { actorOf } from "~/modules/auth/actor";
import { correctionAction } from "~/modules/inspection/correction-action.server";
import { listEntityAudit } from "~/modules/action/history.server";
import { InspectionEditSchema } from "~/modules/inspection/forms";
import { maxLengths } from "~/utils/text";
import { getInspectionForEdit, setInspectionRemoved, updateInspection } from "~/modules/inspection/edit.server";
import { INSPECTION_TYPE_LABELS, INSPECTION_TYPES } from "~/modules/inspection/types";
import { isoDay } from "~/utils/format";
import { authorityHref } from "~/utils/links";

/** Each text field's maximum, for maxlength. */
const maxInspectionEdit = maxLengths(InspectionEditSchema);

const iso = (d: Date | string | null) => isoDay(d ? new Date(d) : null);

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
    pagePath: authorityHref(user.authority.slug, "/inspections/:inspectionId", { inspectionId }),
  });
}

export default function EditInspection({ loaderData, actionData }: Route.ComponentProps) {
  const { authority, history, inspection } = loaderData;
  const busy = useNavigation().state !== "idle";
  const [form, f] = useSchemaForm(InspectionEditSchema, {
    id: "edit-inspection",
    lastResult: actionData?.form === "edit" ? actionData.result : undefined,
  });
  const removal = useRemoveRestoreForm(actionData?.form === "remove" ? actionData.result : undefined);
  const { submitted, onSubmitCapture } = useSubmittedForm(actionData?.form === "remove" ? removal[0].id : form.id);
  return (
    <div onSubmitCapture={onSubmitCapture}>
      <nav aria-label="Breadcrumb" className="mb-4 text-sm">
        <Link to={authorityHref(authority.slug, "/")}>{authority.name}</Link> ›{" "}
        {inspection.deletedAt ? (
          <span>{inspection.title}</span>
        ) : (
          <Link to={authorityHref(authority.slug, "/inspections/:inspectionId", { inspectionId: inspection.id })}>
            {inspection.title}
          </Link>
        )}{" "}
        › <span aria-current="page">Correct</span>
      </nav>
      <FormPageHead
        title={`Correct ${inspection.title}`}
        forms={[form, removal[0]]}
        shown={submitted === removal[0].id ? removal[0] : form}
      />
      <h1>Correct the inspection</h1>
      {inspection.deletedAt ? (
        <p className="mb-6 border-l-4 border-rag-amber bg-rag-amber-bg p-4 font-bold">
          This inspection is removed: it, its items and their actions are out of the plan.
        </p>
      ) : (
        <section aria-labelledby="details-heading" className="max-w-3xl">
          <h2 id="details-heading">Details</h2>
          <p className="mb-4 text-ink-muted">Every change is recorded in the audit log with who made it.</p>
          <SchemaForm form={form}>
            <input type="hidden" name="intent" value="edit" />
            <input type="hidden" name="version" value={inspection.version} />
            <Select
              field={f.type}
              label="Type of inspection"
              defaultValue={inspection.type}
              options={INSPECTION_TYPES.map((t) => [t, INSPECTION_TYPE_LABELS[t]] as const)}
            />
            <Field field={f.title} maxLength={maxInspectionEdit.title} label="Title" defaultValue={inspection.title} />
            <DateInput field={f.startDate} legend="First day on site" defaultValue={iso(inspection.startDate)} />
            <DateInput field={f.endDate} legend="Last day on site" defaultValue={iso(inspection.endDate)} />
            <DateInput field={f.publishedAt} legend="Publication date" defaultValue={iso(inspection.publishedAt)} />
            <Field
              field={f.leadInspector}
              maxLength={maxInspectionEdit.leadInspector}
              label="Lead inspector"
              defaultValue={inspection.leadInspector ?? ""}
            />
            <Button type="submit" disabled={busy}>
              Save corrections
            </Button>
          </SchemaForm>
        </section>
      )}
      <RemoveRestore
        form={removal}
        what="inspection"
        removedAt={inspection.deletedAt}
        consequence="Removing takes the inspection, its items and their actions out of the plan. Nothing is erased: an admin can restore it from here or from the audit log."
        busy={busy}
      />
      <section aria-labelledby="history-heading" className="mt-10">
        <h2 id="history-heading">Change history</h2>
        <AuditList events={history} />
      </section>
    </div>
  );
}
