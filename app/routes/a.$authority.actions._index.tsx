import { data, Form, Link, useNavigation, useSearchParams } from "react-router";
import { readFormData } from "~/utils/body.server";
import { z } from "zod";
import { AppError } from "~/utils/errors";
import type { Route } from "./+types/a.$authority.actions._index";
import { OverdueTag, RagTag, StatusTag } from "~/components/action-tags";
import { Button } from "~/components/form";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { actorOf } from "~/modules/auth/actor";
import { roleHasPermission } from "~/modules/auth/permissions";
import { filterChoices, listActions, parseActionFilters } from "~/modules/action/list.server";
import { bulkUpdateActions } from "~/modules/action/mutations.server";
import { ACTION_STATUSES, ACTION_STATUS_LABELS, RAGS, RAG_LABELS } from "~/modules/action/status";
import { formatDate, requiredDay } from "~/utils/format";
import { cleanText, optionalText, text } from "~/utils/text";

export const meta: Route.MetaFunction = () => [{ title: "Actions – Improvement Board" }];

export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "read:action:own");
  const filters = parseActionFilters(new URL(args.request.url).searchParams);
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
    list,
    choices,
    canBulk: roleHasPermission(user.role, "write:action:any"),
  };
}

const BulkSchema = z.discriminatedUnion("field", [
  z.object({
    field: z.literal("owner"),
    ownerId: optionalText({ label: "The owner", max: 320 }).transform((v) => (v ? v : null)),
  }),
  z.object({
    field: z.literal("dueDate"),
    dueDate: requiredDay("The new due date", "Enter the new due date"),
    reason: text({ label: "The reason", max: 2000, multiline: true, required: "Enter why the due dates are changing" }),
  }),
  z.object({
    field: z.literal("status"),
    status: z.enum(ACTION_STATUSES, { error: "Choose a status" }),
    reason: optionalText({ label: "The reason", max: 2000, multiline: true }),
  }),
]);

export async function action(args: Route.ActionArgs) {
  const user = await requireUserWithPermission(args, "write:action:any");
  const formData = await readFormData(args.request, "form");
  const ids = formData
    .getAll("ids")
    .map((v) => cleanText(String(v)))
    .filter((id) => id && id.length <= 64);
  if (ids.length === 0)
    return data(
      { ok: false as const, message: "Select at least one action", changed: 0, refused: [] },
      { status: 400 },
    );
  const parsed = BulkSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success)
    return data(
      { ok: false as const, message: parsed.error.issues[0]?.message ?? "Check the change", changed: 0, refused: [] },
      { status: 400 },
    );
  try {
    const result = await bulkUpdateActions({
      authorityId: user.authority.id,
      actor: actorOf(user),
      ids,
      change: parsed.data,
    });
    return data({ ok: true as const, message: null, ...result });
  } catch (error) {
    if (error instanceof AppError && error.status === 400)
      return data({ ok: false as const, message: error.message, changed: 0, refused: [] }, { status: 400 });
    throw error;
  }
}

export default function ActionList({ loaderData, actionData }: Route.ComponentProps) {
  const { authority, filters, list, choices, canBulk } = loaderData;
  const showingRemoved = canBulk && filters.removed === "1";
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const base = `/a/${authority.slug}`;
  const pageHref = (page: number) => {
    const p = new URLSearchParams(params);
    p.set("page", String(page));
    return `?${p.toString()}`;
  };
  return (
    <>
      <h1>{showingRemoved ? "Removed actions" : "Actions"}</h1>
      <p className="mb-4 flex flex-wrap gap-4">
        <a href={`${base}/plan.xlsx`} download>
          Download the plan (Excel)
        </a>
        <a href={`${base}/plan.csv`} download>
          Download the plan (CSV)
        </a>
        {canBulk ? <Link to={`${base}/plan/import`}>Import changes from a spreadsheet</Link> : null}
      </p>
      {canBulk ? (
        <p className="mb-4">
          {showingRemoved ? (
            <>
              Removed actions are kept with their history and can be restored from their page.{" "}
              <Link to={`${base}/actions`}>Back to the live plan</Link>
            </>
          ) : (
            <Link to={`${base}/actions?removed=1`}>Show removed actions</Link>
          )}
        </p>
      ) : null}
      <Form method="get" className="mb-6 border-2 border-rule p-4" aria-labelledby="filters-heading">
        {showingRemoved ? <input type="hidden" name="removed" value="1" /> : null}
        <h2 id="filters-heading" className="text-xl">
          Filter
        </h2>
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <Select
            name="status"
            label="Status"
            value={filters.status}
            options={ACTION_STATUSES.map((s) => [s, ACTION_STATUS_LABELS[s]])}
          />
          <Select
            name="rag"
            label="RAG"
            value={filters.rag}
            options={[...RAGS.map((r) => [r, RAG_LABELS[r]] as [string, string]), ["none", "Not set"]]}
          />
          {choices ? (
            <>
              <Select
                name="inspection"
                label="Inspection"
                value={filters.inspection}
                options={choices.inspections.map((i) => [
                  i.id,
                  `${i.title}${i.startDate ? ` (${new Date(i.startDate).getUTCFullYear()})` : ""}`,
                ])}
              />
              {choices.owners.mode === "select" ? (
                <Select
                  name="owner"
                  label="Owner"
                  value={filters.owner}
                  options={[
                    ...choices.owners.people.map((o) => [o.id, o.name] as [string, string]),
                    ["none", "Unassigned"],
                  ]}
                />
              ) : (
                <Text name="owner" label="Owner's email (or none for unassigned)" value={filters.owner} />
              )}
              <Text name="service" label="Lead service contains" value={filters.service} />
              <Text name="partner" label="Partner agency contains" value={filters.partner} />
            </>
          ) : null}
          <Text name="dueFrom" label="Due from" type="date" value={filters.dueFrom} />
          <Text name="dueTo" label="Due to" type="date" value={filters.dueTo} />
          <Text name="q" label="Search titles, descriptions and updates" value={filters.q} />
          <Select
            name="sort"
            label="Sort by"
            value={filters.sort}
            options={[
              ["due", "Due date, soonest first"],
              ["-due", "Due date, latest first"],
              ["title", "Title"],
              ["updated", "Recently changed"],
              ["status", "Status"],
            ]}
          />
          <div className="flex items-center gap-2 self-end pb-2">
            <input
              type="checkbox"
              id="overdue"
              name="overdue"
              value="1"
              defaultChecked={filters.overdue === "1"}
              className="h-6 w-6"
            />
            <label htmlFor="overdue">Overdue only</label>
          </div>
        </div>
        <div className="mt-4 flex gap-4">
          <Button type="submit">Apply filters</Button>
          <Link to={`${base}/actions`} className="self-center">
            Clear filters
          </Link>
        </div>
      </Form>

      {actionData ? (
        <div
          role={actionData.ok ? "status" : "alert"}
          className={`mb-6 border-l-4 p-4 ${actionData.ok ? "border-success" : "border-danger"}`}
        >
          {actionData.ok ? (
            <>
              <p className="font-bold">
                {actionData.changed} action{actionData.changed === 1 ? "" : "s"} changed.
              </p>
              {actionData.refused.length ? (
                <>
                  <p>Not changed:</p>
                  <ul className="list-disc pl-6">
                    {actionData.refused.map((r) => (
                      <li key={r.id}>
                        {r.title}: {r.message}
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
            </>
          ) : (
            <p className="font-bold text-danger">{actionData.message}</p>
          )}
        </div>
      ) : null}

      <Form method="post" id="bulk">
        <table className="mb-4 w-full text-left">
          <caption className="mb-2 text-left text-lg">
            {list.rows.length === 0
              ? "No actions match these filters."
              : `Actions ${(list.page - 1) * list.pageSize + 1} to ${(list.page - 1) * list.pageSize + list.rows.length}`}
          </caption>
          <thead>
            <tr className="border-b-2 border-rule">
              {canBulk && !showingRemoved ? (
                <th scope="col" className="py-1 pr-2">
                  <span className="sr-only">Select</span>
                </th>
              ) : null}
              <th scope="col" className="py-1 pr-3">
                Action
              </th>
              <th scope="col" className="py-1 pr-3">
                Item
              </th>
              <th scope="col" className="py-1 pr-3">
                Owner
              </th>
              <th scope="col" className="py-1 pr-3">
                Due
              </th>
              <th scope="col" className="py-1 pr-3">
                Status
              </th>
              <th scope="col" className="py-1">
                RAG
              </th>
            </tr>
          </thead>
          <tbody>
            {list.rows.map((a) => (
              <tr key={a.id} className="border-b border-rule align-top">
                {canBulk && !showingRemoved ? (
                  <td className="py-2 pr-2">
                    <input
                      type="checkbox"
                      name="ids"
                      value={a.id}
                      id={`select-${a.id}`}
                      aria-label={`Select ${a.title}`}
                      className="h-5 w-5"
                    />
                  </td>
                ) : null}
                <td className="py-2 pr-3">
                  <Link to={`${base}/actions/${a.id}`}>{a.title}</Link>
                </td>
                <td className="py-2 pr-3">{a.recommendation.reference}</td>
                <td className="py-2 pr-3">{a.owner?.name ?? "Unassigned"}</td>
                <td className="py-2 pr-3">
                  {a.dueDate ? formatDate(a.dueDate) : "No date"} <OverdueTag action={a} />
                </td>
                <td className="py-2 pr-3">
                  <StatusTag status={a.status} />
                </td>
                <td className="py-2">
                  <RagTag rag={a.rag} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <nav aria-label="Pages" className="mb-8 flex gap-6">
          {list.page > 1 ? <Link to={pageHref(list.page - 1)}>Previous page</Link> : null}
          {list.hasNext ? <Link to={pageHref(list.page + 1)}>Next page</Link> : null}
        </nav>
        {canBulk && choices && !showingRemoved && list.rows.length > 0 ? (
          <fieldset className="border-2 border-rule p-4">
            <legend className="px-1 text-xl font-bold">Change the selected actions</legend>
            <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
              <div>
                <label htmlFor="field" className="mb-1 block font-bold">
                  Change
                </label>
                <select id="field" name="field" className="border-2 border-ink p-1.5">
                  <option value="owner">Owner</option>
                  <option value="dueDate">Due date</option>
                  <option value="status">Status</option>
                </select>
              </div>
              {choices.owners.mode === "select" ? (
                <Select
                  name="ownerId"
                  label="New owner"
                  options={choices.owners.people.map((o) => [o.id, o.name])}
                  emptyLabel="Unassigned"
                />
              ) : (
                <Text name="ownerId" label="New owner's email (blank for unassigned)" />
              )}
              <Text name="dueDate" label="New due date" type="date" />
              <Select
                name="status"
                label="New status"
                options={ACTION_STATUSES.map((s) => [s, ACTION_STATUS_LABELS[s]])}
              />
              <Text name="reason" label="Reason (required for due date changes, and some statuses)" />
            </div>
            <Button type="submit" className="mt-4" disabled={navigation.state !== "idle"}>
              Apply to selected
            </Button>
          </fieldset>
        ) : null}
      </Form>
    </>
  );
}

function Select({
  name,
  label,
  value,
  options,
  emptyLabel = "Any",
}: {
  name: string;
  label: string;
  value?: string;
  options: [string, string][];
  emptyLabel?: string;
}) {
  return (
    <div>
      <label htmlFor={`f-${name}`} className="mb-1 block font-bold">
        {label}
      </label>
      <select id={`f-${name}`} name={name} defaultValue={value ?? ""} className="w-full border-2 border-ink p-1.5">
        <option value="">{emptyLabel}</option>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
}

function Text({ name, label, value, type = "text" }: { name: string; label: string; value?: string; type?: string }) {
  return (
    <div>
      <label htmlFor={`f-${name}`} className="mb-1 block font-bold">
        {label}
      </label>
      <input
        id={`f-${name}`}
        name={name}
        type={type}
        defaultValue={value ?? ""}
        className="w-full border-2 border-ink p-1.5"
      />
    </div>
  );
}
