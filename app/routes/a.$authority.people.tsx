import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { readFormData } from "~/utils/body.server";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, Form, Link, redirect, useNavigation } from "react-router";
import type { Route } from "./+types/a.$authority.people";
import { Button, ErrorSummary, TextField } from "~/components/form";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { actorOf } from "~/modules/auth/actor";
import { InviteSchema } from "~/modules/auth/forms";
import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES, isRole, roleHasPermission } from "~/modules/auth/permissions";
import { CancelInvitationSchema, ChangeRoleSchema, RemoveMemberSchema } from "~/modules/authority/forms";
import {
  cancelInvitation,
  changeMemberRole,
  createInvitation,
  getMemberForRemoval,
  listMembers,
  listPendingInvitations,
  removeMember,
} from "~/modules/authority/service.server";
import { AppError } from "~/utils/errors";
import { formatDate } from "~/utils/format";
import { authorityHref } from "~/utils/links";

export const meta: Route.MetaFunction = ({ data }) => [
  { title: `${data?.removing ? `Remove ${data.removing.user.name}` : "People"} – Improvement Board` },
];

const roleLabel = (role: string) => (isRole(role) ? ROLE_LABELS[role] : role);
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** `?remove=<membershipId>` is the confirmation step for removing that member. */
export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "manage:members:any");
  const authorityId = user.authority.id;
  const removeId = new URL(args.request.url).searchParams.get("remove");
  if (removeId) {
    const removing = await getMemberForRemoval({ authorityId, membershipId: removeId });
    return { authority: user.authority, userId: user.id, removing, members: [], invitations: [] };
  }
  const [members, invitations] = await Promise.all([
    listMembers({ authorityId }),
    listPendingInvitations({ authorityId }),
  ]);
  return { authority: user.authority, userId: user.id, removing: null, members, invitations };
}

type Intent = "invite" | "change-role" | "remove-member" | "cancel-invitation";
type Outcome = {
  intent: Intent;
  /** The member or invitation the form was about. */
  targetId: string | null;
  result?: SubmissionResult<string[]>;
  /** A problem with the form as a whole (no field to put it next to). */
  formError: string | null;
  notice: { message: string; unassignedActions?: number } | null;
  inviteLink: { link: string; email: string } | null;
};
const outcome = (o: Partial<Outcome> & { intent: Intent }, status = 200) =>
  data<Outcome>({ targetId: null, formError: null, notice: null, inviteLink: null, ...o }, { status });

export async function action(args: Route.ActionArgs) {
  const user = await requireUserWithPermission(args, "manage:members:any");
  const scope = { authorityId: user.authority.id, actor: actorOf(user) };
  const formData = await readFormData(args.request, "form");
  const refused = (error: unknown) => error instanceof AppError && error.status === 409;

  switch (formData.get("intent")) {
    case "change-role": {
      const intent = "change-role";
      const targetId = String(formData.get("membershipId") ?? "");
      const submission = parseWithZod(formData, { schema: ChangeRoleSchema });
      if (submission.status !== "success") return outcome({ intent, targetId, result: submission.reply() }, 400);
      try {
        const r = await changeMemberRole({
          ...scope,
          membershipId: submission.value.membershipId,
          role: submission.value.role,
        });
        // An admin who made themselves something else can no longer see this page.
        if (r.self && r.changed && !roleHasPermission(r.to, "manage:members:any"))
          return redirect(authorityHref(user.authority.slug, "/"));
        const message = r.changed
          ? `${r.name}’s role has changed from ${roleLabel(r.from)} to ${roleLabel(r.to)}.`
          : `${r.name} already has the role ${roleLabel(r.to)}. Nothing changed.`;
        return outcome({ intent, targetId, result: submission.reply(), notice: { message } });
      } catch (error) {
        if (!refused(error)) throw error;
        return outcome(
          { intent, targetId, result: submission.reply({ fieldErrors: { role: [(error as AppError).message] } }) },
          409,
        );
      }
    }
    case "remove-member": {
      const intent = "remove-member";
      const submission = parseWithZod(formData, { schema: RemoveMemberSchema });
      if (submission.status !== "success") return outcome({ intent, formError: "Choose a member to remove." }, 400);
      try {
        const r = await removeMember({ ...scope, membershipId: submission.value.membershipId });
        if (r.self) return redirect("/");
        const actions =
          r.unassignedActions > 0
            ? ` ${plural(r.unassignedActions, "action", "actions")} they owned ${r.unassignedActions === 1 ? "is" : "are"} now unassigned.`
            : "";
        return outcome({
          intent,
          notice: {
            message: `${r.name} (${r.email}) has been removed from ${user.authority.name}. Their account still exists.${actions}`,
            unassignedActions: r.unassignedActions,
          },
        });
      } catch (error) {
        if (!refused(error)) throw error;
        return outcome(
          { intent, targetId: submission.value.membershipId, formError: (error as AppError).message },
          409,
        );
      }
    }
    case "cancel-invitation": {
      const intent = "cancel-invitation";
      const submission = parseWithZod(formData, { schema: CancelInvitationSchema });
      if (submission.status !== "success")
        return outcome({ intent, formError: "Choose an invitation to cancel." }, 400);
      try {
        const r = await cancelInvitation({ ...scope, invitationId: submission.value.invitationId });
        return outcome({
          intent,
          targetId: submission.value.invitationId,
          notice: { message: `The invitation for ${r.email} has been cancelled. Its link no longer works.` },
        });
      } catch (error) {
        if (!refused(error)) throw error;
        return outcome(
          { intent, targetId: submission.value.invitationId, formError: (error as AppError).message },
          409,
        );
      }
    }
    default: {
      const intent = "invite";
      const submission = parseWithZod(formData, { schema: InviteSchema });
      if (submission.status !== "success") return outcome({ intent, result: submission.reply() }, 400);
      try {
        const { token } = await createInvitation({
          ...scope,
          email: submission.value.email,
          role: submission.value.role,
        });
        const link = new URL(`/invite/${token}`, args.request.url).toString();
        return outcome({
          intent,
          result: submission.reply({ resetForm: true }),
          inviteLink: { link, email: submission.value.email },
        });
      } catch (error) {
        if (!refused(error)) throw error;
        return outcome(
          { intent, result: submission.reply({ fieldErrors: { email: [(error as AppError).message] } }) },
          409,
        );
      }
    }
  }
}

export default function People({ loaderData, actionData }: Route.ComponentProps) {
  if (loaderData.removing)
    return (
      <ConfirmRemoval
        authority={loaderData.authority}
        member={loaderData.removing}
        isSelf={loaderData.removing.user.id === loaderData.userId}
      />
    );
  const { authority, userId, members, invitations } = loaderData;
  const peopleUrl = authorityHref(authority.slug, "/people");
  const roleError = (actionData?.intent === "change-role" ? actionData.result?.error?.role : undefined) ?? undefined;
  return (
    <>
      <h1>People in {authority.name}</h1>
      {actionData?.notice ? (
        <div role="status" className="mb-8 border-4 border-success p-4">
          <p className="font-bold">{actionData.notice.message}</p>
          {actionData.notice.unassignedActions ? (
            <p className="mt-2">
              <Link to={`${authorityHref(authority.slug, "/actions")}?owner=none`}>
                See unassigned actions and choose new owners
              </Link>
            </p>
          ) : null}
        </div>
      ) : null}
      {actionData?.intent === "change-role" && roleError?.length ? (
        <ErrorSummary errors={{ [`member-role-${actionData.targetId}`]: roleError }} />
      ) : null}
      {(actionData?.intent === "remove-member" || actionData?.intent === "cancel-invitation") &&
      actionData.formError ? (
        <ErrorSummary formError={[actionData.formError]} />
      ) : null}
      {actionData?.inviteLink ? (
        <div role="status" className="mb-8 border-4 border-success p-4">
          <h2 className="text-xl">Invitation created for {actionData.inviteLink.email}</h2>
          <p className="mb-2">Send them this single-use link. It works once and expires in 7 days.</p>
          <p className="break-all font-mono" data-testid="invite-link">
            {actionData.inviteLink.link}
          </p>
        </div>
      ) : null}
      <table className="mb-10 w-full text-left">
        <caption className="mb-2 text-left text-xl font-bold">Members</caption>
        <thead>
          <tr className="border-b-2 border-rule">
            <th scope="col" className="py-1 pr-3">
              Name
            </th>
            <th scope="col" className="py-1 pr-3">
              Email
            </th>
            <th scope="col" className="py-1 pr-3">
              Organisation
            </th>
            <th scope="col" className="py-1 pr-3">
              Role
            </th>
            <th scope="col" className="py-1">
              <span className="sr-only">Remove from authority</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.id} className="border-b border-rule align-top">
              <td className="py-2 pr-3">
                {m.user.name}
                {m.user.id === userId ? <span className="text-ink-muted"> (you)</span> : null}
              </td>
              <td className="py-2 pr-3">{m.user.email}</td>
              <td className="py-2 pr-3">{m.user.organisation ?? ""}</td>
              <td className="py-2 pr-3">
                <RoleForm
                  key={`${m.id}:${m.role}`}
                  member={m}
                  action={peopleUrl}
                  lastResult={
                    actionData?.intent === "change-role" && actionData.targetId === m.id ? actionData.result : undefined
                  }
                />
              </td>
              <td className="py-2">
                <Link to={`${peopleUrl}?remove=${encodeURIComponent(m.id)}`}>
                  Remove<span className="sr-only"> {m.user.name}</span>
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {invitations.length > 0 ? (
        <section aria-labelledby="pending-heading" className="mb-10">
          <h2 id="pending-heading">Pending invitations</h2>
          <ul className="space-y-3">
            {invitations.map((i) => (
              <li key={i.id} className="flex flex-wrap items-center gap-x-4 gap-y-2">
                <span>
                  {i.email}: {roleLabel(i.role)}, expires {formatDate(i.expiresAt)}
                </span>
                <Form method="post" action={peopleUrl}>
                  <input type="hidden" name="intent" value="cancel-invitation" />
                  <input type="hidden" name="invitationId" value={i.id} />
                  <Button type="submit" variant="secondary">
                    Cancel invitation<span className="sr-only"> for {i.email}</span>
                  </Button>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <InviteForm action={peopleUrl} lastResult={actionData?.intent === "invite" ? actionData.result : undefined} />
    </>
  );
}

type Member = Route.ComponentProps["loaderData"]["members"][number];

/** One member's role: a labelled select and its own Save button, with any error beside it. */
function RoleForm({
  member,
  action,
  lastResult,
}: {
  member: Member;
  action: string;
  lastResult?: SubmissionResult<string[]>;
}) {
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: `role-form-${member.id}`,
    lastResult,
    defaultValue: { role: member.role },
    constraint: getZodConstraint(ChangeRoleSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ChangeRoleSchema }),
  });
  const id = `member-role-${member.id}`;
  const errors = fields.role.errors;
  return (
    <Form
      method="post"
      action={action}
      {...getFormProps(form)}
      className={`flex flex-wrap items-end gap-2 ${errors?.length ? "border-l-4 border-danger pl-3" : ""}`}
    >
      <input type="hidden" name="intent" value="change-role" />
      <input type="hidden" name="membershipId" value={member.id} />
      <div>
        <label htmlFor={id} className="sr-only">
          Role for {member.user.name}
        </label>
        {errors?.length ? (
          <p id={`${id}-error`} className="mb-1 max-w-xs font-bold text-danger">
            <span className="sr-only">Error:</span> {errors[0]}
          </p>
        ) : null}
        <select
          id={id}
          name={fields.role.name}
          defaultValue={typeof fields.role.initialValue === "string" ? fields.role.initialValue : member.role}
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={errors?.length ? `${id}-error` : undefined}
          className={`border-2 p-1.5 ${errors?.length ? "border-danger" : "border-ink"}`}
        >
          {isRole(member.role) ? null : <option value={member.role}>{member.role}</option>}
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
      </div>
      <Button
        type="submit"
        variant="secondary"
        disabled={navigation.state === "submitting" && navigation.formData?.get("membershipId") === member.id}
      >
        Save role<span className="sr-only"> for {member.user.name}</span>
      </Button>
    </Form>
  );
}

/** The second step of removing someone: what will happen, then an explicit "Yes, remove". */
function ConfirmRemoval({
  authority,
  member,
  isSelf,
}: {
  authority: { slug: string; name: string };
  member: NonNullable<Route.ComponentProps["loaderData"]["removing"]>;
  isSelf: boolean;
}) {
  const navigation = useNavigation();
  const peopleUrl = authorityHref(authority.slug, "/people");
  const name = member.user.name;
  return (
    <>
      <h1>
        Remove {isSelf ? "yourself" : name} from {authority.name}?
      </h1>
      <p className="mb-4">
        {name} ({member.user.email}) is a member with the role {roleLabel(member.role)}.
      </p>
      {member.isLastAdmin ? (
        <div role="alert" className="mb-6 max-w-3xl border-l-4 border-danger p-4">
          <p className="font-bold">
            <span className="sr-only">Cannot remove: </span>
            {isSelf ? "You are" : `${name} is`} the only admin of {authority.name}. Make someone else an admin first,
            then you can {isSelf ? "leave" : "remove them"}.
          </p>
        </div>
      ) : (
        <>
          <h2 className="text-xl">What happens</h2>
          <ul className="mb-6 max-w-3xl list-disc space-y-2 pl-6">
            <li>
              {isSelf ? "You" : "They"} will no longer be able to see or change anything in {authority.name}
              {isSelf ? ", straight away" : ""}.
            </li>
            <li>
              {isSelf ? "Your" : "Their"} user account stays, and so does everything {isSelf ? "you" : "they"} recorded,
              such as progress updates and evidence.
            </li>
            <li>
              {member.ownedActions > 0
                ? `${isSelf ? "You own" : "They own"} ${plural(member.ownedActions, "action", "actions")} here. ${member.ownedActions === 1 ? "It" : "They"} will become unassigned, and you can choose a new owner on each action.`
                : `${isSelf ? "You own" : "They own"} no actions here.`}
            </li>
            <li>The change is recorded in the audit log.</li>
          </ul>
          <Form method="post" action={peopleUrl} className="mb-6">
            <input type="hidden" name="intent" value="remove-member" />
            <input type="hidden" name="membershipId" value={member.id} />
            <Button type="submit" variant="warning" disabled={navigation.state === "submitting"}>
              Yes, remove {isSelf ? "me" : name}
            </Button>
          </Form>
        </>
      )}
      <p>
        <Link to={peopleUrl}>
          {member.isLastAdmin ? "Back to people" : `No, keep ${isSelf ? "me" : name} as a member`}
        </Link>
      </p>
    </>
  );
}

/** Invite someone with a role; the single-use link is shown to the admin to send. */
function InviteForm({ action, lastResult }: { action: string; lastResult?: SubmissionResult<string[]> }) {
  const [form, fields] = useForm({
    id: "invite",
    lastResult,
    constraint: getZodConstraint(InviteSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InviteSchema }),
  });
  const roleErrors = fields.role.errors;
  return (
    <section aria-labelledby="invite-heading" className="max-w-2xl">
      <ErrorSummary
        errors={{ email: fields.email.errors, [`${fields.role.name}-${ROLES[0]}`]: roleErrors }}
        formError={form.errors}
      />
      <h2 id="invite-heading">Invite someone</h2>
      <Form method="post" action={action} {...getFormProps(form)} noValidate>
        <input type="hidden" name="intent" value="invite" />
        <TextField
          name={fields.email.name}
          label="Email address"
          type="email"
          errors={fields.email.errors}
          defaultValue={fields.email.initialValue}
        />
        <fieldset
          className={`mb-6 ${roleErrors?.length ? "border-l-4 border-danger pl-4" : ""}`}
          aria-describedby={roleErrors?.length ? "role-error" : undefined}
        >
          <legend className="mb-2 font-bold">Role</legend>
          {roleErrors?.length ? (
            <p id="role-error" className="mb-2 font-bold text-danger">
              <span className="sr-only">Error:</span> {roleErrors[0]}
            </p>
          ) : null}
          {ROLES.map((r) => (
            <div key={r} className="mb-3 flex items-start gap-3">
              <input
                type="radio"
                id={`${fields.role.name}-${r}`}
                name={fields.role.name}
                value={r}
                defaultChecked={fields.role.initialValue === r}
                className="mt-1 h-6 w-6"
              />
              <label htmlFor={`${fields.role.name}-${r}`}>
                <span className="font-bold">{ROLE_LABELS[r]}</span>
                <span className="block text-ink-muted">{ROLE_DESCRIPTIONS[r]}</span>
              </label>
            </div>
          ))}
        </fieldset>
        <Button type="submit">Send invitation</Button>
      </Form>
    </section>
  );
}
