import { data, Link, useNavigation } from "react-router";
import { readFormData } from "~/utils/body.server";
import { AppError } from "~/utils/errors";
import type { Route } from "./+types/a.$authority.actions._index";
import { RagTag } from "~/components/action-tags";
import {
  Button,
  Checkbox,
  DateInput,
  ErrorMessage,
  Field,
  fieldError,
  FilterForm,
  FormPageHead,
  NoticeBanner,
  SchemaForm,
  Select,
  SuccessBanner,
  useSchemaForm,
} from "~/components/forms";
import { invalid, parseForm } from "~/components/forms/submission.server";
import { ActionFilterSchema, BulkEditSchema } from "~/modules/action/forms";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { actorOf } from "~/modules/auth/actor";
import { roleHasPermission } from "~/modules/auth/permissions";
import { filterChoices, filterParams, listActions, parseActionFilters } from "~/modules/action/list.server";
import { bulkUpdateActions, type BulkChange } from "~/modules/action/mutations.server";
import { ACTION_STATUSES, ACTION_STATUS_LABELS, RAGS, RAG_LABELS } from "~/modules/action/status";
import { authorityHref } from "~/utils/links";
import { TableHead } from "~/components/table-head";
import { ActionLink, ActionStateCells } from "~/components/action-table";
import { PageLinks } from "~/components/page-links";

export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "read:action:own");
  const searchParams = new URL(args.request.url).searchParams;
  const filters = parseActionFilters(searchParams);
  const ownerScope = roleHasPermission(user.role, "read:action:any") ? null : user.id;
  const [list, choices] = await Promise.all([
    listActions({
      authorityId: user.authority.id,
      filters,
      viewer: actorOf(user),
    }),
    ownerScope
      ? Promise.resolve(null)
      : filterChoices({ authorityId: user.authority.id, selectedInspection: filters.inspection }),
  ]);
  return {
    authority: user.authority,
    filters,
    /** What the URL says, as typed (a date that is not real is ignored by the list but kept in its boxes). */
    typed: filterParams(searchParams),
    list,
    choices,
    canBulk: roleHasPermission(user.role, "write:action:any"),
  };
}

export async function action(args: Route.ActionArgs) {
  const user = await requireUserWithPermission(args, "write:action:any");
  const submission = parseForm(await readFormData(args.request, "form"), BulkEditSchema);
  if (submission.status !== "success") return invalid(submission, { ok: false, changed: 0, refused: [] as Refusal[] });
  const v = submission.value;
  const change: BulkChange =
    v.field === "owner"
      ? { field: "owner", ownerId: v.ownerId }
      : v.field === "dueDate"
        ? { field: "dueDate", dueDate: v.dueDate, reason: v.reason }
        : { field: "status", status: v.newStatus, reason: v.reason };
  try {
    const result = await bulkUpdateActions({
      authorityId: user.authority.id,
      actor: actorOf(user),
      ids: v.ids,
      change,
    });
    return data({ ok: true as const, ...result, result: submission.reply() });
  } catch (error) {
    // The one refusal of the whole change: an owner who cannot be found.
    if (error instanceof AppError && error.status === 400)
      return invalid(submission, {
        ok: false,
        changed: 0,
        refused: [] as Refusal[],
        ...(v.field === "owner" ? { fieldErrors: { ownerId: [error.message] } } : { formErrors: [error.message] }),
      });
    throw error;
  }
}

type Refusal = { id: string; title: string; message: string };

const STATUS_OPTIONS = ACTION_STATUSES.map((s) => [s, ACTION_STATUS_LABELS[s]] as const);
const RAG_OPTIONS = [...RAGS.map((r) => [r, RAG_LABELS[r]] as const), ["none", "Not set"] as const];
const SORT_OPTIONS = [
  ["due", "Due date, soonest first"],
  ["-due", "Due date, latest first"],
  ["title", "Title"],
  ["updated", "Recently changed"],
  ["status", "Status"],
] as const;
/** What a bulk change changes. */
const BULK_FIELD_OPTIONS = [
  ["owner", "Owner"],
  ["dueDate", "Due date"],
  ["status", "Status"],
] as const;

export default function ActionList({ loaderData, actionData }: Route.ComponentProps) {
  const { authority, filters, typed, list, choices, canBulk } = loaderData;
  const showingRemoved = canBulk && filters.removed === "1";
  const navigation = useNavigation();
  const slug = authority.slug;
  const [filterForm, filter] = useSchemaForm(ActionFilterSchema, {
    id: "filters",
    defaultValue: typed,
  });
  const [bulkForm, bulk] = useSchemaForm(BulkEditSchema, { id: "bulk", lastResult: actionData?.result });
  const idsError = fieldError(bulk.ids);
  const heading = showingRemoved ? "Removed actions" : "Actions";
  return (
    <>
      <FormPageHead title={heading} forms={[bulkForm]} />
      <h1>{heading}</h1>
      {actionData?.ok ? <BulkOutcome changed={actionData.changed} refused={actionData.refused} /> : null}
      <p className="mb-4 flex flex-wrap gap-4">
        <a href={authorityHref(slug, "/plan.xlsx")} download>
          Download the plan (Excel)
        </a>
        <a href={authorityHref(slug, "/plan.csv")} download>
          Download the plan (CSV)
        </a>
        {canBulk ? <Link to={authorityHref(slug, "/plan/import")}>Import changes from a spreadsheet</Link> : null}
      </p>
      {canBulk ? (
        <p className="mb-4">
          {showingRemoved ? (
            <>
              Removed actions are kept with their history and can be restored from their page.{" "}
              <Link to={authorityHref(slug, "/actions")}>Back to the live plan</Link>
            </>
          ) : (
            <Link to={`${authorityHref(slug, "/actions")}?removed=1`}>Show removed actions</Link>
          )}
        </p>
      ) : null}
      <FilterForm
        form={filterForm}
        id="filters"
        heading="Filter"
        intro={showingRemoved ? <input type="hidden" name="removed" value="1" /> : null}
        columns={4}
        submitLabel="Apply filters"
        clear={{ to: authorityHref(slug, "/actions"), label: "Clear filters" }}
      >
        <Select field={filter.status} label="Status" emptyLabel="Any" options={STATUS_OPTIONS} />
        <Select field={filter.rag} label="RAG" emptyLabel="Any" options={RAG_OPTIONS} />
        {choices ? (
          <>
            <Select
              field={filter.inspection}
              label="Inspection"
              emptyLabel="Any"
              options={choices.inspections.map(
                (i) =>
                  [i.id, `${i.title}${i.startDate ? ` (${new Date(i.startDate).getUTCFullYear()})` : ""}`] as const,
              )}
            />
            {choices.owners.mode === "select" ? (
              <Select
                field={filter.owner}
                label="Owner"
                emptyLabel="Any"
                options={[
                  ...choices.owners.people.map((o) => [o.id, o.name] as const),
                  ["none", "Unassigned"] as const,
                ]}
              />
            ) : (
              <Field field={filter.owner} label="Owner's email (or none for unassigned)" />
            )}
            <Field field={filter.service} label="Lead service contains" />
            <Field field={filter.partner} label="Partner agency contains" />
          </>
        ) : null}
        <DateInput field={filter.dueFrom} legend="Due from" hint={null} />
        <DateInput field={filter.dueTo} legend="Due to" hint={null} />
        <Field field={filter.q} label="Search titles, descriptions and updates" type="search" />
        <Select field={filter.sort} label="Sort by" emptyLabel="Any" options={SORT_OPTIONS} />
        <div className="self-end">
          <Checkbox field={filter.overdue} label="Overdue only" value="1" />
        </div>
      </FilterForm>

      <SchemaForm form={bulkForm}>
        <table className="mb-4 w-full text-left">
          <caption className="mb-2 text-left text-lg">
            {list.rows.length === 0
              ? "No actions match these filters."
              : `Actions ${(list.page - 1) * list.pageSize + 1} to ${(list.page - 1) * list.pageSize + list.rows.length}`}
          </caption>
          <TableHead
            row="border-b-2 border-rule"
            cell="py-1 pr-3"
            columns={[
              ...(canBulk && !showingRemoved ? [[<span className="sr-only">Select</span>, "py-1 pr-2"] as const] : []),
              "Action",
              "Item",
              "Owner",
              "Due",
              "Status",
              ["RAG", "py-1"],
            ]}
          />
          <tbody>
            {list.rows.map((a, i) => (
              <tr key={a.id} className="border-b border-rule align-top">
                {canBulk && !showingRemoved ? (
                  <td className="py-2 pr-2">
                    {i === 0 ? <ErrorMessage id={bulk.ids.name} message={idsError} /> : null}
                    <input
                      type="checkbox"
                      name={bulk.ids.name}
                      value={a.id}
                      // The first box carries the field's id, so the error summary's link lands on it.
                      id={i === 0 ? bulk.ids.name : `select-${a.id}`}
                      aria-label={`Select ${a.title}`}
                      aria-describedby={i === 0 && idsError ? `${bulk.ids.name}-error` : undefined}
                      className="h-5 w-5"
                    />
                  </td>
                ) : null}
                <td className="py-2 pr-3">
                  <ActionLink authority={slug} action={a} />
                </td>
                <td className="py-2 pr-3">{a.recommendation.reference}</td>
                <ActionStateCells action={a} />
                <td className="py-2">
                  <RagTag rag={a.rag} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <PageLinks page={list.page} hasNext={list.hasNext} />
        {canBulk && choices && !showingRemoved && list.rows.length > 0 ? (
          <fieldset className="border-2 border-rule p-4">
            <legend className="px-1 text-xl font-bold">Change the selected actions</legend>
            <div className="grid grid-cols-1 gap-x-4 sm:grid-cols-2 lg:grid-cols-4">
              <Select field={bulk.field} label="Change" defaultValue="owner" options={BULK_FIELD_OPTIONS} />
              {choices.owners.mode === "select" ? (
                <Select
                  field={bulk.ownerId}
                  label="New owner"
                  emptyLabel="Unassigned"
                  options={choices.owners.people.map((o) => [o.id, o.name] as const)}
                />
              ) : (
                <Field field={bulk.ownerId} label="New owner's email (blank for unassigned)" />
              )}
              <DateInput field={bulk.dueDate} legend="New due date" hint={null} />
              <Select field={bulk.newStatus} label="New status" emptyLabel="Any" options={STATUS_OPTIONS} />
              <Field field={bulk.reason} label="Reason (required for due date changes, and some statuses)" />
            </div>
            <Button type="submit" disabled={navigation.state !== "idle"}>
              Apply to selected
            </Button>
          </fieldset>
        ) : null}
      </SchemaForm>
    </>
  );
}

/** After a bulk change: how many actions changed, and each one the rules refused, with why. */
function BulkOutcome({ changed, refused }: { changed: number; refused: Refusal[] }) {
  const body = (
    <>
      <p>
        {changed} action{changed === 1 ? "" : "s"} changed.
      </p>
      {refused.length ? (
        <div className="font-normal">
          <p>Not changed:</p>
          <ul className="list-disc pl-6">
            {refused.map((r) => (
              <li key={r.id}>
                {r.title}: {r.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
  return changed > 0 ? (
    <SuccessBanner>{body}</SuccessBanner>
  ) : (
    <NoticeBanner title="Nothing changed">{body}</NoticeBanner>
  );
}
