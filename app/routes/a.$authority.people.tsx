import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, Form, useActionData } from "react-router";
import type { Route } from "./+types/a.$authority.people";
import { Button, ErrorSummary, TextField } from "~/components/form";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { InviteSchema } from "~/modules/auth/forms";
import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES, isRole } from "~/modules/auth/permissions";
import { createInvitation, listMembers, listPendingInvitations } from "~/modules/authority/service.server";
import { AppError } from "~/utils/errors";
import { formatDate } from "~/utils/format";

export const meta: Route.MetaFunction = () => [{ title: "People – Improvement Board" }];

export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "manage:members:any");
  const [members, invitations] = await Promise.all([
    listMembers({ authorityId: user.authority.id }),
    listPendingInvitations({ authorityId: user.authority.id }),
  ]);
  return { authority: user.authority, members, invitations };
}

export async function action(args: Route.ActionArgs) {
  const user = await requireUserWithPermission(args, "manage:members:any");
  const submission = parseWithZod(await args.request.formData(), { schema: InviteSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), inviteLink: null }, { status: 400 });
  try {
    const { token } = await createInvitation({
      authorityId: user.authority.id,
      email: submission.value.email,
      role: submission.value.role,
      actorId: user.id,
      requestId: user.requestId,
    });
    const link = new URL(`/invite/${token}`, args.request.url).toString();
    return data({ result: submission.reply({ resetForm: true }), inviteLink: { link, email: submission.value.email } });
  } catch (error) {
    if (error instanceof AppError && error.status === 409) {
      return data({ result: submission.reply({ fieldErrors: { email: [error.message] } }), inviteLink: null }, { status: 409 });
    }
    throw error;
  }
}

export default function People({ loaderData }: Route.ComponentProps) {
  const { authority, members, invitations } = loaderData;
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "invite",
    lastResult: actionData?.result,
    constraint: getZodConstraint(InviteSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InviteSchema }),
  });
  const roleErrors = fields.role.errors;
  return (
    <>
      <h1>People in {authority.name}</h1>
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
            <th scope="col" className="py-1 pr-3">Name</th>
            <th scope="col" className="py-1 pr-3">Email</th>
            <th scope="col" className="py-1 pr-3">Role</th>
            <th scope="col" className="py-1">Organisation</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.id} className="border-b border-rule">
              <td className="py-2 pr-3">{m.user.name}</td>
              <td className="py-2 pr-3">{m.user.email}</td>
              <td className="py-2 pr-3">{isRole(m.role) ? ROLE_LABELS[m.role] : m.role}</td>
              <td className="py-2">{m.user.organisation ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {invitations.length > 0 ? (
        <section aria-labelledby="pending-heading" className="mb-10">
          <h2 id="pending-heading">Pending invitations</h2>
          <ul>
            {invitations.map((i) => (
              <li key={i.id}>
                {i.email}: {isRole(i.role) ? ROLE_LABELS[i.role] : i.role}, expires {formatDate(i.expiresAt)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="invite-heading" className="max-w-2xl">
        <ErrorSummary errors={{ email: fields.email.errors, [`${fields.role.name}-${ROLES[0]}`]: roleErrors }} formError={form.errors} />
        <h2 id="invite-heading">Invite someone</h2>
        <Form method="post" {...getFormProps(form)} noValidate>
          <TextField name={fields.email.name} label="Email address" type="email" errors={fields.email.errors} defaultValue={fields.email.initialValue} />
          <fieldset className={`mb-6 ${roleErrors?.length ? "border-l-4 border-danger pl-4" : ""}`} aria-describedby={roleErrors?.length ? "role-error" : undefined}>
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
    </>
  );
}
