import { readFormData } from "~/utils/body.server";
import { Link, redirect, useNavigation } from "react-router";
import type { Route } from "./+types/a.$authority.recommendations.$recommendationId";
import { ActionTable } from "~/components/action-table";
import { RecommendationProgress } from "~/components/action-tags";
import { Button, DateInput, Field, FormPageHead, SchemaForm, Textarea, useSchemaForm } from "~/components/forms";
import { invalid, parseForm } from "~/components/forms/submission.server";
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
import { authorityHref } from "~/utils/links";

/** Each text field's maximum, for maxlength. */
const maxNewAction = maxLengths(NewActionSchema);

export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "read:inspection:any");
  const recommendation = await getRecommendation({
    authorityId: user.authority.id,
    recommendationId: args.params.recommendationId,
  });
  const canAdd = roleHasPermission(user.role, "write:action:any");
  const canEdit = roleHasPermission(user.role, "write:inspection:any");
  const [earlier, owners] = await Promise.all([
    raisedBefore({ authorityId: user.authority.id, recommendationId: recommendation.id }),
    canAdd
      ? ownerChoices({ authorityId: user.authority.id })
      : Promise.resolve({ mode: "select" as const, people: [] }),
  ]);
  return { authority: user.authority, recommendation, earlier, canAdd, owners, canEdit };
}

/** Adds an action under this recommendation (admins). */
export async function action(args: Route.ActionArgs) {
  const user = await requireUserWithPermission(args, "write:action:any");
  const submission = parseForm(await readFormData(args.request, "form"), NewActionSchema);
  if (submission.status !== "success") return invalid(submission);
  const r = await createAction({
    authorityId: user.authority.id,
    actor: actorOf(user),
    recommendationId: args.params.recommendationId,
    value: submission.value,
  });
  if (!r.ok) return invalid(submission, { fieldErrors: r.fieldErrors });
  return redirect(authorityHref(user.authority.slug, "/actions/:actionId", { actionId: r.action.id }));
}

export default function RecommendationPage({ loaderData, actionData }: Route.ComponentProps) {
  const { authority, recommendation: r, earlier, canAdd, owners, canEdit } = loaderData;
  const base = authorityHref(authority.slug, "/");
  const navigation = useNavigation();
  const [form, f] = useSchemaForm(NewActionSchema, { id: "new-action", lastResult: actionData?.result });
  const recommendationHref = (recommendationId: string) =>
    authorityHref(authority.slug, "/recommendations/:recommendationId", { recommendationId });
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-4 text-sm">
        <Link to={base}>{authority.name}</Link> ›{" "}
        <Link to={authorityHref(authority.slug, "/inspections/:inspectionId", { inspectionId: r.inspection.id })}>
          {r.inspection.title}
        </Link>{" "}
        › <span aria-current="page">{r.reference}</span>
      </nav>
      <FormPageHead title={r.reference} forms={[form]} />
      <h1>
        {r.reference}: {recommendationKindLabel(r.kind)}
      </h1>
      <blockquote className="mb-6 border-l-4 border-brand pl-4 text-xl">{r.text}</blockquote>
      {canEdit ? (
        <p className="mb-4">
          <Link
            to={authorityHref(authority.slug, "/recommendations/:recommendationId/edit", { recommendationId: r.id })}
          >
            Correct or remove this item
          </Link>
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
                <Link to={recommendationHref(e.id)}>
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
          <h2 id="new-action-heading">Add an action</h2>
          <SchemaForm form={form}>
            <input type="hidden" name="intent" value="create" />
            <Field field={f.title} maxLength={maxNewAction.title} label="Title" />
            <OwnerField field={f.ownerId} label="Owner" choices={owners} />
            <Field field={f.leadService} maxLength={maxNewAction.leadService} label="Lead service or team" />
            <Field
              field={f.partnerAgencies}
              maxLength={maxNewAction.partnerAgencies}
              label="Partner agencies involved"
              hint="For example: NHS West Yorkshire ICB, West Yorkshire Police"
            />
            <Textarea field={f.description} maxLength={maxNewAction.description} label="Description" rows={3} />
            <Textarea
              field={f.successMeasure}
              maxLength={maxNewAction.successMeasure}
              label="How will we know?"
              hint="What good looks like, and how it will be evidenced"
              rows={3}
            />
            <DateInput field={f.startDate} legend="Start date" />
            <DateInput field={f.dueDate} legend="Due date" />
            <Button type="submit" disabled={navigation.state !== "idle"}>
              Add action
            </Button>
          </SchemaForm>
        </section>
      ) : null}
    </>
  );
}
