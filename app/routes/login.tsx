import { useEffect } from "react";
import { readFormData } from "~/utils/body.server";
import { Link, redirect, useActionData, useNavigation, useSearchParams } from "react-router";
import type { Route } from "./+types/login";
import { Button, Field, FormPageHead, SchemaForm, SuccessBanner, useSchemaForm } from "~/components/forms";
import { invalid, parseForm } from "~/components/forms/submission.server";
import { getOptionalUser, requestIdFrom } from "~/modules/auth/auth.server";
import { deviceCookie, readDeviceToken } from "~/modules/auth/device.server";
import { LoginSchema } from "~/modules/auth/forms";
import { signIn } from "~/modules/auth/login.server";
import { waitInWords } from "~/modules/auth/rate-limit.server";
import { sessionCookie } from "~/modules/auth/session.server";
import { clientAddress } from "~/utils/client-address.server";
import { env } from "~/utils/env.server";
import { safeRedirect } from "~/utils/redirect";

/** Targets after sign-in are resolved against this origin and must stay on it. */
const appOrigin = (request: Request) => env().APP_ORIGIN ?? new URL(request.url).origin;

export async function loader(args: Route.LoaderArgs) {
  const user = await getOptionalUser(args);
  if (user)
    throw redirect(
      safeRedirect(new URL(args.request.url).searchParams.get("redirectTo"), "/", appOrigin(args.request)),
    );
  return null;
}

export async function action(args: Route.ActionArgs) {
  const formData = await readFormData(args.request, "signIn");
  const submission = parseForm(formData, LoginSchema);
  if (submission.status !== "success") return invalid(submission, { hideFields: ["password"] });
  const { email, password, redirectTo } = submission.value;
  const result = await signIn({
    email,
    password,
    requestId: requestIdFrom(args),
    ip: clientAddress(args.request),
    deviceToken: readDeviceToken(args.request),
  });
  if (!result.ok) {
    const throttled = result.code === "throttled";
    const message = throttled
      ? throttledMessage(result.limit, result.retryAfterSeconds)
      : "Enter a correct email address and password. Both may be case-sensitive.";
    return invalid(submission, {
      formErrors: [message],
      hideFields: ["password"],
      status: throttled ? 429 : 401,
      headers: throttled ? { "Retry-After": String(result.retryAfterSeconds) } : undefined,
    });
  }
  const headers = new Headers();
  headers.append("Set-Cookie", sessionCookie(result.token, result.expiresAt));
  headers.append("Set-Cookie", deviceCookie(result.device.token, result.device.expiresAt));
  return redirect(safeRedirect(redirectTo, "/", appOrigin(args.request)), { headers });
}

function throttledMessage(limit: "account" | "ip" | "global", seconds: number): string {
  const wait = waitInWords(seconds);
  if (limit === "account")
    return `Too many failed sign-in attempts for this account. Wait ${wait} and try again. On a device you have signed in on before, you can sign in now.`;
  if (limit === "ip") return `Too many failed sign-in attempts from your network. Wait ${wait} and try again.`;
  return `Sign-in from new devices is paused after many failed attempts. Wait ${wait} and try again, or use a device you have signed in on before.`;
}

export default function Login() {
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const [form, fields] = useSchemaForm(LoginSchema, { id: "login", lastResult: actionData?.result });
  useEffect(() => {
    // After a failed attempt the password box starts empty again; the email is kept.
    const input = document.getElementById("password");
    if (actionData && input instanceof HTMLInputElement) input.value = "";
  }, [actionData]);
  return (
    <div className="max-w-xl">
      <FormPageHead title="Sign in" forms={[form]} />
      {searchParams.get("passwordReset") === "done" && !actionData ? (
        <SuccessBanner>
          Your password has been changed and you have been signed out everywhere. Sign in with your new password.
        </SuccessBanner>
      ) : null}
      <h1>Sign in</h1>
      <p className="mb-6 text-lg">Sign in to see and update your authority&apos;s improvement plan.</p>
      <SchemaForm form={form}>
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <Field field={fields.email} label="Email address" type="email" autoComplete="username" spellCheck={false} />
        <Field field={fields.password} label="Password" type="password" autoComplete="current-password" />
        <Button type="submit" disabled={navigation.state === "submitting"}>
          Sign in
        </Button>
      </SchemaForm>
      <p className="mt-6">
        <Link to="/reset-password">Forgotten your password?</Link>
      </p>
    </div>
  );
}
