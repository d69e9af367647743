import { readFormData } from "~/utils/body.server";
import { data, Form, Link, redirect, useActionData, useLocation } from "react-router";
import type { Route } from "./+types/invite.$token";
import { Button, Field, FormPageHead, PageTitle, SchemaForm, useSchemaForm } from "~/components/forms";
import { invalid, parseForm } from "~/components/forms/submission.server";
import { getOptionalUser, requestIdFrom } from "~/modules/auth/auth.server";
import { NEW_PASSWORD_HINT, SetPasswordSchema } from "~/modules/auth/forms";
import { passwordProblem } from "~/modules/auth/password.server";
import { ROLE_LABELS } from "~/modules/auth/permissions";
import { sessionCookie } from "~/modules/auth/session.server";
import { acceptInvitation, inspectInvitation } from "~/modules/authority/service.server";
import { AppError } from "~/utils/errors";
import { maxLengths } from "~/utils/text";

/** Each text field's maximum, for maxlength. */
const maxPassword = maxLengths(SetPasswordSchema);

export async function loader(args: Route.LoaderArgs) {
  const state = await inspectInvitation({ token: args.params.token });
  const user = await getOptionalUser(args);
  return { state, signedInEmail: user?.email ?? null };
}

export async function action(args: Route.ActionArgs) {
  const formData = await readFormData(args.request, "signIn");
  const user = await getOptionalUser(args);
  const state = await inspectInvitation({ token: args.params.token });
  if (state.status !== "valid") {
    return data(
      { result: null, message: "This invitation link has expired or has already been used." },
      { status: 410 },
    );
  }
  if (state.hasAccount) {
    const accepted = await acceptInvitation({
      token: args.params.token,
      signedInUserId: user?.id ?? null,
      requestId: requestIdFrom(args),
    });
    return redirect("/", { headers: { "Set-Cookie": sessionCookie(accepted.token, accepted.expiresAt) } });
  }
  const hideFields = ["password", "confirmPassword"];
  const submission = parseForm(formData, SetPasswordSchema);
  if (submission.status !== "success") return invalid(submission, { hideFields, message: null });
  const problem = passwordProblem(submission.value.password);
  if (problem) return invalid(submission, { fieldErrors: { password: [problem] }, hideFields, message: null });
  try {
    const accepted = await acceptInvitation({
      token: args.params.token,
      name: submission.value.name,
      password: submission.value.password,
      requestId: requestIdFrom(args),
    });
    return redirect("/", { headers: { "Set-Cookie": sessionCookie(accepted.token, accepted.expiresAt) } });
  } catch (error) {
    if (error instanceof AppError && error.status === 410)
      return data({ result: null, message: error.message }, { status: 410 });
    throw error;
  }
}

export default function Invite({ loaderData }: Route.ComponentProps) {
  const { state, signedInEmail } = loaderData;
  const actionData = useActionData<typeof action>();
  const location = useLocation();
  const [form, fields] = useSchemaForm(SetPasswordSchema, { id: "set-password", lastResult: actionData?.result });
  const title = "Accept your invitation";

  if (actionData?.message || state.status !== "valid") {
    const expired = state.status === "expired";
    return (
      <div className="max-w-2xl" role="alert">
        <PageTitle title={title} />
        <h1>{expired ? "This invitation link has expired" : "This invitation link cannot be used"}</h1>
        <p className="mb-4 text-lg">
          {actionData?.message ??
            (expired
              ? "Invitation links last for 7 days. Ask your authority's Improvement Board admin to send you a new one."
              : "It has already been used, was replaced by a newer invitation, or is not a valid link. Ask your admin for a new one.")}
        </p>
        <p>
          Already set your password? <Link to="/login">Sign in</Link>.
        </p>
      </div>
    );
  }

  if (state.hasAccount) {
    const rightUser = signedInEmail === state.email;
    return (
      <div className="max-w-2xl">
        <PageTitle title={title} />
        <h1>Join {state.authorityName}</h1>
        <p className="mb-4 text-lg">
          You have been invited to {state.authorityName} as {ROLE_LABELS[state.role]}. You already have an account (
          {state.email}).
        </p>
        {rightUser ? (
          <Form method="post">
            <Button type="submit">Join {state.authorityName}</Button>
          </Form>
        ) : (
          <p>
            <Link to={`/login?redirectTo=${encodeURIComponent(location.pathname)}`}>Sign in as {state.email}</Link>{" "}
            first, then open the invitation link again.
          </p>
        )}
      </div>
    );
  }

  return (
    <div className="max-w-xl">
      <FormPageHead title={title} forms={[form]} />
      <h1>Set up your account</h1>
      <p className="mb-6 text-lg">
        You have been invited to {state.authorityName} as {ROLE_LABELS[state.role]}. Your email address is {state.email}
        .
      </p>
      <SchemaForm form={form}>
        <Field field={fields.name} label="Full name" autoComplete="name" maxLength={maxPassword.name} />
        <Field
          field={fields.password}
          label="Create a password"
          hint={NEW_PASSWORD_HINT}
          type="password"
          autoComplete="new-password"
        />
        <Field field={fields.confirmPassword} label="Confirm password" type="password" autoComplete="new-password" />
        <Button type="submit">Create account</Button>
      </SchemaForm>
    </div>
  );
}
