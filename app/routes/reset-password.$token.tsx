import { data, Link, redirect, useActionData } from "react-router";
import type { Route } from "./+types/reset-password.$token";
import { Button, Field, FormPageHead, PageTitle, SchemaForm, useSchemaForm } from "~/components/forms";
import { invalid, parseForm } from "~/components/forms/submission.server";
import { requestIdFrom } from "~/modules/auth/auth.server";
import { NEW_PASSWORD_HINT, ResetPasswordSchema } from "~/modules/auth/forms";
import { inspectPasswordReset, resetPassword, type PasswordResetState } from "~/modules/auth/password-reset.server";
import { passwordProblem } from "~/modules/auth/password.server";
import { blankSessionCookie } from "~/modules/auth/session.server";
import { readFormData } from "~/utils/body.server";

export async function loader(args: Route.LoaderArgs) {
  return { state: await inspectPasswordReset({ token: args.params.token }) };
}

/** The new password, from the emailed link: once; then every session ends and the person signs in again. */
export async function action(args: Route.ActionArgs) {
  const formData = await readFormData(args.request, "signIn");
  const hideFields = ["password", "confirmPassword"];
  const submission = parseForm(formData, ResetPasswordSchema);
  if (submission.status !== "success") return invalid(submission, { hideFields });
  const problem = passwordProblem(submission.value.password);
  if (problem) return invalid(submission, { fieldErrors: { password: [problem] }, hideFields });
  const result = await resetPassword({
    token: args.params.token,
    password: submission.value.password,
    requestId: requestIdFrom(args),
  });
  if (!result.ok) return data({ result: null, gone: result.status }, { status: 410 });
  return redirect("/login?passwordReset=done", { headers: { "Set-Cookie": blankSessionCookie() } });
}

const GONE: Record<Exclude<PasswordResetState["status"], "valid">, { heading: string; text: string }> = {
  expired: {
    heading: "This password reset link has expired",
    text: "Reset links work for 1 hour after they are sent.",
  },
  used: {
    heading: "This password reset link has already been used",
    text: "Each link works once, and a password reset stops any other links sent before it.",
  },
  unknown: {
    heading: "This password reset link cannot be used",
    text: "Check that you used the whole link from the email. If the same email reached you twice, only the link in the later one works.",
  },
};

export default function ResetPassword({ loaderData }: Route.ComponentProps) {
  const actionData = useActionData<typeof action>();
  const [form, fields] = useSchemaForm(ResetPasswordSchema, { id: "reset-password", lastResult: actionData?.result });
  const gone = actionData && "gone" in actionData ? actionData.gone : null;
  const status = gone ?? loaderData.state.status;

  if (status !== "valid") {
    const { heading, text } = GONE[status];
    return (
      <div className="max-w-2xl" role="alert">
        <PageTitle title={heading} />
        <h1>{heading}</h1>
        <p className="mb-4 text-lg">{text}</p>
        <p className="mb-4">
          <Link to="/reset-password">Ask for a new link</Link>
        </p>
        <p>
          Remembered your password? <Link to="/login">Sign in</Link>.
        </p>
      </div>
    );
  }

  const email = loaderData.state.status === "valid" ? loaderData.state.email : "";
  return (
    <div className="max-w-xl">
      <FormPageHead title="Set a new password" forms={[form]} />
      <h1>Set a new password</h1>
      <p className="mb-6 text-lg">
        For the account {email}. When you have set it, you will be signed out on every device, and can sign in with the
        new password.
      </p>
      <SchemaForm form={form}>
        {/* For password managers: the account the new password belongs to. */}
        <input type="email" autoComplete="username" value={email} readOnly hidden />
        <Field
          field={fields.password}
          label="New password"
          hint={NEW_PASSWORD_HINT}
          type="password"
          autoComplete="new-password"
        />
        <Field
          field={fields.confirmPassword}
          label="Confirm new password"
          type="password"
          autoComplete="new-password"
        />
        <Button type="submit">Set new password</Button>
      </SchemaForm>
    </div>
  );
}
