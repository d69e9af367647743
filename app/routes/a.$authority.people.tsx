import type { SubmissionResult } from "@conform-to/react";
import { readFormData } from "~/utils/body.server";
import { data, Form, Link, redirect, useNavigation } from "react-router";
import type { Route } from "./+types/a.$authority.people";
import {
  Button,
  ErrorMessage,
  Field,
  fieldError,
  FormPageHead,
  initialText,
  NoticeBanner,
  PageTitle,
  Radios,
  SchemaForm,
  SuccessBanner,
  useSchemaForm,
} from "~/components/forms";
import { invalid, parseForm } from "~/components/forms/submission.server";
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
import { TableHead } from "~/components/table-head";
import { MessagesSent } from "~/components/messages-sent";
import { messagesSentAbout } from "~/modules/notify/log.server";

const roleLabel = (role: string) => (isRole(role) ? ROLE_LABELS[role] : role);
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** `?remove=<membershipId>` is the confirmation step for removing that member. */
export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "manage:members:any");
  const authorityId = user.authority.id;
  const query = new URL(args.request.url).searchParams;
  const removeId = query.get("remove");
  if (removeId) {
    const removing = await getMemberForRemoval({ authorityId, membershipId: removeId });
    return {
      authority: user.authority,
      userId: user.id,
      removing,
      members: [],
      invitations: [],
      messages: null,
      canReadLog: false,
    };
  }
  /** `?messages=<userId>`: what was sent to that person (for those who may read the delivery log). */
  const messagesTo = query.get("messages");
  const [members, invitations] = await Promise.all([
    listMembers({ authorityId }),
    listPendingInvitations({ authorityId }),
  ]);
  const messages = messagesTo
    ? await messagesSentAbout({ authorityId, viewer: actorOf(user), about: { userId: messagesTo } })
    : null;
  return {
    authority: user.authority,
    userId: user.id,
    removing: null,
    members,
    invitations,
    messages,
    canReadLog: roleHasPermission(user.role, "read:notification_log:any"),
  };
}

type Intent = "invite" | "change-role" | "remove-member" | "cancel-invitation";
type Notice = { message: string; unassignedActions?: number };
type About = {
  intent: Intent;
  targetId: string | null;
  notice: Notice | null;
  inviteLink: { link: string; email: string } | null;
};
/** What every answer carries besides the form's reply, so the page knows which form it is about. */
const about = (intent: Intent, targetId: string | null = null): About => ({
  intent,
  /** The member or invitation the form was about. */
  targetId,
  notice: null,
  inviteLink: null,
});

/**
 * The answer when the service refuses (409: the last admin, someone already a member, a member or invitation
 * that is gone): its message on the form's `field`, or on the whole form. Any other error is thrown on.
 */
function refusal(error: unknown, submission: Parameters<typeof invalid>[0], about: About, field?: "role" | "email") {
  if (!(error instanceof AppError && error.status === 409)) throw error;
  const messages = [error.message];
  return invalid(submission, {
    ...about,
    ...(field ? { fieldErrors: { [field]: messages } } : { formErrors: messages }),
    status: 409,
  });
}

export async function action(args: Route.ActionArgs) {
  const user = await requireUserWithPermission(args, "manage:members:any");
  const scope = { authorityId: user.authority.id, actor: actorOf(user) };
  const formData = await readFormData(args.request, "form");

  switch (formData.get("intent")) {
    case "change-role": {
      const submission = parseForm(formData, ChangeRoleSchema);
      const targetId = String(formData.get("membershipId") ?? "");
      if (submission.status !== "success") return invalid(submission, about("change-role", targetId));
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
        return data({ ...about("change-role", targetId), notice: { message } as Notice, result: submission.reply() });
      } catch (error) {
        return refusal(error, submission, about("change-role", targetId), "role");
      }
    }
    case "remove-member": {
      const submission = parseForm(formData, RemoveMemberSchema);
      if (submission.status !== "success")
        return invalid(submission, { ...about("remove-member"), formErrors: ["Choose a member to remove."] });
      const { membershipId } = submission.value;
      try {
        const r = await removeMember({ ...scope, membershipId });
        if (r.self) return redirect("/");
        const actions =
          r.unassignedActions > 0
            ? ` ${plural(r.unassignedActions, "action", "actions")} they owned ${r.unassignedActions === 1 ? "is" : "are"} now unassigned.`
            : "";
        return data({
          ...about("remove-member"),
          notice: {
            message: `${r.name} (${r.email}) has been removed from ${user.authority.name}. Their account still exists.${actions}`,
            unassignedActions: r.unassignedActions,
          },
          result: submission.reply(),
        });
      } catch (error) {
        return refusal(error, submission, about("remove-member", membershipId));
      }
    }
    case "cancel-invitation": {
      const submission = parseForm(formData, CancelInvitationSchema);
      if (submission.status !== "success")
        return invalid(submission, { ...about("cancel-invitation"), formErrors: ["Choose an invitation to cancel."] });
      try {
        const r = await cancelInvitation({ ...scope, invitationId: submission.value.invitationId });
        return data({
          ...about("cancel-invitation", submission.value.invitationId),
          notice: { message: `The invitation for ${r.email} has been cancelled. Its link no longer works.` } as Notice,
          result: submission.reply(),
        });
      } catch (error) {
        return refusal(error, submission, about("cancel-invitation", submission.value.invitationId));
      }
    }
    default: {
      const submission = parseForm(formData, InviteSchema);
      if (submission.status !== "success") return invalid(submission, about("invite"));
      try {
        const { token } = await createInvitation({
          ...scope,
          email: submission.value.email,
          role: submission.value.role,
        });
        const link = new URL(`/invite/${token}`, args.request.url).toString();
        return data({
          ...about("invite"),
          inviteLink: { link, email: submission.value.email },
          result: submission.reply({ resetForm: true }),
        });
      } catch (error) {
        return refusal(error, submission, about("invite"), "email");
      }
    }
  }
}

/** The id of the role select in a member's row (the error summary links to it). */
const roleSelectId = (membershipId: string) => `member-role-${membershipId}`;

export default function People({ loaderData, actionData }: Route.ComponentProps) {
  const [inviteForm, inviteFields] = useSchemaForm(InviteSchema, {
    id: "invite",
    lastResult: actionData?.intent === "invite" ? actionData.result : undefined,
  });
  if (loaderData.removing)
    return (
      <ConfirmRemoval
        authority={loaderData.authority}
        member={loaderData.removing}
        isSelf={loaderData.removing.user.id === loaderData.userId}
      />
    );
  const { authority, userId, members, invitations, messages, canReadLog } = loaderData;
  const messagesTo = messages && "userId" in messages.about ? messages.about.userId : null;
  const messagesName = members.find((m) => m.user.id === messagesTo)?.user.name;
  const peopleUrl = authorityHref(authority.slug, "/people");
  const intent = actionData?.intent;
  // One summary, for the form that was sent: the invitation (also checked in the browser), a member's role,
  // or a removal or cancellation (refused with a message of its own).
  const roleError = intent === "change-role" ? actionData?.result.error?.role?.[0] : undefined;
  const serverErrors =
    intent === "change-role"
      ? [
          roleError && actionData?.targetId
            ? { message: roleError, href: `#${roleSelectId(actionData.targetId)}` }
            : null,
        ]
      : intent === "remove-member" || intent === "cancel-invitation"
        ? (actionData?.result.error?.[""] ?? [])
        : [];
  return (
    <>
      <FormPageHead title="People" forms={[inviteForm]} otherErrors={serverErrors} />
      <h1>People in {authority.name}</h1>
      {actionData?.notice ? (
        <SuccessBanner>
          <p>{actionData.notice.message}</p>
          {actionData.notice.unassignedActions ? (
            <p className="mt-2 font-normal">
              <Link to={`${authorityHref(authority.slug, "/actions")}?owner=none`}>
                See unassigned actions and choose new owners
              </Link>
            </p>
          ) : null}
        </SuccessBanner>
      ) : null}
      {actionData?.inviteLink ? (
        <SuccessBanner title={`Invitation sent to ${actionData.inviteLink.email}`}>
          <p className="mb-2 font-normal">
            We have emailed them a link to join. If the email does not reach them, send them this link yourself. The
            invitation can be accepted once, within 7 days.
          </p>
          <p className="break-all font-mono" data-testid="invite-link">
            {actionData.inviteLink.link}
          </p>
        </SuccessBanner>
      ) : null}
      <MessagesSent
        messages={messages}
        authority={authority.slug}
        heading={messagesName ? `Messages sent to ${messagesName}` : "Messages sent"}
      />
      <table className="mb-10 w-full text-left">
        <caption className="mb-2 text-left text-xl font-bold">Members</caption>
        <TableHead
          row="border-b-2 border-rule"
          cell="py-1 pr-3"
          columns={[
            "Name",
            "Email",
            "Organisation",
            "Role",
            [<span className="sr-only">Remove from authority</span>, "py-1"],
          ]}
        />
        <tbody>
          {members.map((m) => (
            <tr key={m.id} className="border-b border-rule align-top">
              <td className="py-2 pr-3">
                {m.user.name}
                {m.user.id === userId ? <span className="text-ink-muted"> (you)</span> : null}
                {canReadLog ? (
                  <Link to={`${peopleUrl}?messages=${encodeURIComponent(m.user.id)}`} className="block text-sm">
                    Messages sent<span className="sr-only"> to {m.user.name}</span>
                  </Link>
                ) : null}
              </td>
              <td className="py-2 pr-3">{m.user.email}</td>
              <td className="py-2 pr-3">{m.user.organisation ?? ""}</td>
              <td className="py-2 pr-3">
                <RoleForm
                  key={`${m.id}:${m.role}`}
                  member={m}
                  action={peopleUrl}
                  lastResult={intent === "change-role" && actionData?.targetId === m.id ? actionData.result : undefined}
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
      <InviteForm action={peopleUrl} form={inviteForm} fields={inviteFields} />
    </>
  );
}

type Member = Route.ComponentProps["loaderData"]["members"][number];

/**
 * One member's role: a select with its own Save button in the member's row. The kit's Select takes its id from
 * the field's name, which every row shares, so the row keeps its own id (the error summary links to it) and
 * uses the kit's error message.
 */
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
  const [form, fields] = useSchemaForm(ChangeRoleSchema, {
    id: `role-form-${member.id}`,
    lastResult,
    defaultValue: { role: member.role },
  });
  const id = roleSelectId(member.id);
  const error = fieldError(fields.role);
  return (
    <SchemaForm
      form={form}
      action={action}
      className={`flex flex-wrap items-end gap-2 ${error ? "border-l-4 border-danger pl-3" : ""}`}
    >
      <input type="hidden" name="intent" value="change-role" />
      <input type="hidden" name="membershipId" value={member.id} />
      <div className="max-w-xs">
        <label htmlFor={id} className="sr-only">
          Role for {member.user.name}
        </label>
        <ErrorMessage id={id} message={error} />
        <select
          key={fields.role.key}
          id={id}
          name={fields.role.name}
          defaultValue={initialText(fields.role, member.role)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          className={`border-2 p-1.5 ${error ? "border-danger" : "border-ink"}`}
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
    </SchemaForm>
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
      <PageTitle title={`Remove ${name}`} />
      <h1>
        Remove {isSelf ? "yourself" : name} from {authority.name}?
      </h1>
      <p className="mb-4">
        {name} ({member.user.email}) is a member with the role {roleLabel(member.role)}.
      </p>
      {member.isLastAdmin ? (
        <NoticeBanner title="Cannot remove">
          <p className="font-bold">
            {isSelf ? "You are" : `${name} is`} the only admin of {authority.name}. Make someone else an admin first,
            then you can {isSelf ? "leave" : "remove them"}.
          </p>
        </NoticeBanner>
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

type InviteForm = ReturnType<typeof useSchemaForm<typeof InviteSchema>>;

/** Invite someone with a role: they are emailed a link, and the admin is shown one to send themselves. */
function InviteForm({ action, form, fields }: { action: string; form: InviteForm[0]; fields: InviteForm[1] }) {
  const navigation = useNavigation();
  return (
    <section aria-labelledby="invite-heading" className="max-w-2xl">
      <h2 id="invite-heading">Invite someone</h2>
      <SchemaForm form={form} action={action}>
        <input type="hidden" name="intent" value="invite" />
        <Field field={fields.email} label="Email address" type="email" spellCheck={false} />
        <Radios
          field={fields.role}
          legend="Role"
          options={ROLES.map((r) => [r, ROLE_LABELS[r], ROLE_DESCRIPTIONS[r]] as const)}
        />
        <Button
          type="submit"
          disabled={navigation.state === "submitting" && navigation.formData?.get("intent") === "invite"}
        >
          Send invitation
        </Button>
      </SchemaForm>
    </section>
  );
}
