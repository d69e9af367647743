import { data, Link, useActionData, useNavigation } from "react-router";
import type { Route } from "./+types/reset-password";
import { Button, Field, FormPageHead, SchemaForm, SuccessBanner, useSchemaForm } from "~/components/forms";
import { invalid, parseForm } from "~/components/forms/submission.server";
import { requestIdFrom } from "~/modules/auth/auth.server";
import { ForgotPasswordSchema } from "~/modules/auth/forms";
import { requestPasswordReset } from "~/modules/auth/password-reset.server";
import { waitInWords } from "~/modules/auth/rate-limit.server";
import { readFormData } from "~/utils/body.server";
import { clientAddress } from "~/utils/client-address.server";

/**
 * "Forgotten your password?": the same answer for every address, so the page
 * never tells anyone whether an address has an account.
 */
export async function action(args: Route.ActionArgs) {
  const formData = await readFormData(args.request, "signIn");
  const submission = parseForm(formData, ForgotPasswordSchema);
  if (submission.status !== "success") return invalid(submission, { sentTo: null });
  const { email } = submission.value;
  const result = await requestPasswordReset({
    email,
    ip: clientAddress(args.request),
    requestId: requestIdFrom(args),
  });
  if (!result.ok) {
    const wait = waitInWords(result.retryAfterSeconds);
    const message =
      result.limit === "account"
        ? `You have asked for several links for this address in the last few minutes. Use the link in the latest email, or wait ${wait} and ask again.`
        : `Too many requests from your network. Wait ${wait} and try again.`;
    return invalid(submission, {
      sentTo: null,
      formErrors: [message],
      status: 429,
      headers: { "Retry-After": String(result.retryAfterSeconds) },
    });
  }
  return data({ sentTo: email, result: submission.reply({ resetForm: true }) });
}

export default function ForgottenPassword() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useSchemaForm(ForgotPasswordSchema, {
    id: "forgotten-password",
    lastResult: actionData?.result,
  });
  const sentTo = actionData?.sentTo ?? null;
  return (
    <div className="max-w-xl">
      <FormPageHead title={sentTo ? "Check your email" : "Reset your password"} forms={[form]} />
      {sentTo ? (
        <SuccessBanner title="Check your email" signal={sentTo}>
          <p>If {sentTo} has an account, we have sent a link to reset its password.</p>
          <p className="mt-2 font-normal">
            The link works once and expires after 1 hour. If no email arrives within a few minutes, check your spam
            folder or ask again below.
          </p>
        </SuccessBanner>
      ) : null}
      <h1>Reset your password</h1>
      <p className="mb-6 text-lg">
        Enter the email address you sign in with. If it has an account, we will email you a link to set a new password.
      </p>
      <SchemaForm form={form}>
        <Field field={fields.email} label="Email address" type="email" autoComplete="username" spellCheck={false} />
        <Button type="submit" disabled={navigation.state === "submitting"}>
          Send the link
        </Button>
      </SchemaForm>
      <p className="mt-6">
        Remembered it? <Link to="/login">Sign in</Link>.
      </p>
    </div>
  );
}
