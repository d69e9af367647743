import { useEffect } from "react";
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, Form, redirect, useActionData, useNavigation, useSearchParams } from "react-router";
import type { Route } from "./+types/login";
import { Button, ErrorSummary, TextField } from "~/components/form";
import { getOptionalUser } from "~/modules/auth/auth.server";
import { LoginSchema } from "~/modules/auth/forms";
import { signIn } from "~/modules/auth/login.server";
import { sessionCookie } from "~/modules/auth/session.server";
import { safeRedirect } from "~/utils/redirect";

export const meta: Route.MetaFunction = () => [{ title: "Sign in – Improvement Board" }];

export async function loader(args: Route.LoaderArgs) {
  const user = await getOptionalUser(args);
  if (user) throw redirect(safeRedirect(new URL(args.request.url).searchParams.get("redirectTo")));
  return null;
}

export async function action(args: Route.ActionArgs) {
  const formData = await args.request.formData();
  const submission = parseWithZod(formData, { schema: LoginSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  }
  const { email, password, redirectTo } = submission.value;
  const result = await signIn({ email, password });
  if (!result.ok) {
    const message =
      result.reason === "locked"
        ? `Too many failed sign-in attempts for this account. Wait ${result.minutes} minute${result.minutes === 1 ? "" : "s"} and try again.`
        : "Enter a correct email address and password. Both may be case-sensitive.";
    return data(
      { result: submission.reply({ formErrors: [message], hideFields: ["password"] }) },
      { status: result.reason === "locked" ? 429 : 401 },
    );
  }
  return redirect(safeRedirect(redirectTo), { headers: { "Set-Cookie": sessionCookie(result.token, result.expiresAt) } });
}

export default function Login() {
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "login",
    lastResult: actionData?.result,
    constraint: getZodConstraint(LoginSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
  });
  useEffect(() => {
    // After a failed attempt the password box starts empty again; the email is kept.
    const input = document.getElementById("password");
    if (actionData && input instanceof HTMLInputElement) input.value = "";
  }, [actionData]);
  const fieldErrors = { email: fields.email.errors, password: fields.password.errors };
  return (
    <div className="max-w-xl">
      <ErrorSummary errors={fieldErrors} formError={form.errors} />
      <h1>Sign in</h1>
      <p className="mb-6 text-lg">Sign in to see and update your authority&apos;s improvement plan.</p>
      <Form method="post" {...getFormProps(form)} noValidate>
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <TextField
          name={fields.email.name}
          label="Email address"
          type="email"
          autoComplete="username"
          errors={fields.email.errors}
          defaultValue={fields.email.initialValue}
        />
        <TextField
          name={fields.password.name}
          label="Password"
          type="password"
          autoComplete="current-password"
          errors={fields.password.errors}
        />
        <Button type="submit" disabled={navigation.state === "submitting"}>
          Sign in
        </Button>
      </Form>
    </div>
  );
}
