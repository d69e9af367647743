import { getFormProps, useForm } from "@conform-to/react";
import { readFormData } from "~/utils/body.server";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, Link, redirect, useNavigation } from "react-router";
import type { Route } from "./+types/a.$authority.recommendations.$recommendationId";
import { ActionTable } from "~/components/action-table";
import { RecommendationProgress } from "~/components/action-tags";
import { Button, ErrorSummary, TextAreaField, TextField } from "~/components/form";
import { roleHasPermission } from "~/modules/auth/permissions";
import { NewActionSchema } from "~/modules/action/forms";
import { maxLengths } from "~/utils/text";
import { ownerChoices } from "~/modules/action/history.server";
import { OwnerField } from "~/components/owner-field";
import { createAction } from "~/modules/action/mutations.server";
import { SummaryList } from "~/components/summary-list";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { actorOf } from "~/modules/auth/actor";
import { getRecommendation } from "~/modules/recommendation/service.server";
import { recommendationKindLabel } from "~/modules/inspection/types";
import { raisedBefore } from "~/modules/recommendation/recurring.server";
import { formatDate } from "~/utils/format";

/** Each text field's maximum, for maxlength. */
const maxNewAction = maxLengths(NewActionSchema);

export const meta: Route.MetaFunction = ({ data }) => [
  { title: `${data?.recommendation.reference ?? "Recommendation"} – Improvement Board` },
];

export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "read:inspection:any");
  const recommendation = await getRecommendation({
    authorityId: user.authority.id,
    recommendationId: args.params.recommendationId,
  });
  const canAdd = roleHasPermission(user.role, "write:action:any");
  const [earlier, owners] = await Promise.all([
    raisedBefore({ authorityId: user.authority.id, recommendationId: recommendation.id }),
    canAdd
      ? ownerChoices({ authorityId: user.authority.id })
      : Promise.resolve({ mode: "select" as const, people: [] }),
  ]);
  return {
    authority: user.authority,
    recommendation,
    earlier,
    canAdd,
    owners,
    canEdit: roleHasPermission(user.role, "write:inspection:any"),
  };
}

/** Adds an action under this recommendation (admins). */
export async function action(args: Route.ActionArgs) {
  const user = await requireUserWithPermission(args, "write:action:any");
  const submission = parseWithZod(await readFormData(args.request, "form"), { schema: NewActionSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const r = await createAction({
    authorityId: user.authority.id,
    actor: actorOf(user),
    recommendationId: args.params.recommendationId,
    value: submission.value,
  });
  if (!r.ok) return data({ result: submission.reply({ fieldErrors: r.fieldErrors }) }, { status: 400 });
  return redirect(`/a/${user.authority.slug}/actions/${r.action.id}`);
}

export default function RecommendationPage({ loaderData, actionData }: Route.ComponentProps) {
  const { authority, recommendation: r, earlier, canAdd, owners, canEdit } = loaderData;
  const base = `/a/${authority.slug}`;
  const navigation = useNavigation();
  const [form, f] = useForm({
    id: "new-action",
    lastResult: actionData?.result,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NewActionSchema }),
  });
  const typed = (field: { initialValue?: unknown }) =>
    typeof field.initialValue === "string" ? field.initialValue : undefined;
  const errors = {
    title: f.title.errors,
    ownerId: f.ownerId.errors,
    startDate: f.startDate.errors,
    dueDate: f.dueDate.errors,
    description: f.description.errors,
    leadService: f.leadService.errors,
    partnerAgencies: f.partnerAgencies.errors,
    successMeasure: f.successMeasure.errors,
  };
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-4 text-sm">
        <Link to={base}>{authority.name}</Link> ›{" "}
        <Link to={`${base}/inspections/${r.inspection.id}`}>{r.inspection.title}</Link> ›{" "}
        <span aria-current="page">{r.reference}</span>
      </nav>
      <h1>
        {r.reference}: {recommendationKindLabel(r.kind)}
      </h1>
      <blockquote className="mb-6 border-l-4 border-brand pl-4 text-xl">{r.text}</blockquote>
      {canEdit ? (
        <p className="mb-4">
          <Link to={`${base}/recommendations/${r.id}/edit`}>Correct or remove this item</Link>
        </p>
      ) : null}
      <SummaryList
        rows={[
          { key: "Addressed to", value: r.addressedTo ?? "Not stated" },
          { key: "Timescale", value: r.timescale ?? "Not stated" },
        ]}
      />
      {earlier.length > 0 ? (
        <section aria-labelledby="raised-before-heading" className="mb-8 border-l-4 border-[#3d2375] bg-surface p-4">
          <h2 id="raised-before-heading" className="text-xl">
            Raised before
          </h2>
          <ul className="space-y-2">
            {earlier.map((e) => (
              <li key={e.id}>
                <Link to={`${base}/recommendations/${e.id}`}>
                  {e.reference} in {e.inspectionTitle}
                  {e.inspectionDate ? ` (${formatDate(e.inspectionDate)})` : ""}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <h2>Actions</h2>
      <RecommendationProgress actions={r.actions} />
      <ActionTable actions={r.actions} authority={authority.slug} caption={`Actions for ${r.reference}`} />
      {canAdd ? (
        <section aria-labelledby="new-action-heading" className="mt-10 max-w-3xl">
          {actionData ? <ErrorSummary errors={errors} /> : null}
          <h2 id="new-action-heading">Add an action</h2>
          <Form method="post" {...getFormProps(form)} noValidate>
            <input type="hidden" name="intent" value="create" />
            <TextField
              maxLength={maxNewAction.title}
              name="title"
              label="Title"
              errors={f.title.errors}
              defaultValue={typed(f.title)}
            />
            <OwnerField
              name="ownerId"
              label="Owner"
              choices={owners}
              errors={f.ownerId.errors}
              defaultValue={typed(f.ownerId)}
            />
            <TextField
              maxLength={maxNewAction.leadService}
              name="leadService"
              label="Lead service or team"
              errors={f.leadService.errors}
              defaultValue={typed(f.leadService)}
            />
            <TextField
              maxLength={maxNewAction.partnerAgencies}
              name="partnerAgencies"
              label="Partner agencies involved"
              hint="For example: NHS West Yorkshire ICB, West Yorkshire Police"
              errors={f.partnerAgencies.errors}
              defaultValue={typed(f.partnerAgencies)}
            />
            <TextAreaField
              maxLength={maxNewAction.description}
              name="description"
              label="Description"
              errors={f.description.errors}
              defaultValue={typed(f.description)}
            />
            <TextAreaField
              maxLength={maxNewAction.successMeasure}
              name="successMeasure"
              label="How will we know?"
              hint="What good looks like, and how it will be evidenced"
              errors={f.successMeasure.errors}
              defaultValue={typed(f.successMeasure)}
            />
            <div className="flex flex-wrap gap-6">
              <TextField
                name="startDate"
                label="Start date"
                type="date"
                errors={f.startDate.errors}
                defaultValue={typed(f.startDate)}
              />
              <TextField
                name="dueDate"
                label="Due date"
                type="date"
                errors={f.dueDate.errors}
                defaultValue={typed(f.dueDate)}
              />
            </div>
            <Button type="submit" disabled={navigation.state !== "idle"}>
              Add action
            </Button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
