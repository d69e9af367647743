/** Zod schemas for the account forms, shared by the client (constraints) and the server (parsing). */
import { z } from "zod";
import { text } from "~/utils/text";
import { ROLES } from "./permissions";

export const MIN_PASSWORD_LENGTH = 12;
/** The hint under every "new password" field. */
export const NEW_PASSWORD_HINT = `At least ${MIN_PASSWORD_LENGTH} characters. A few unrelated words make a good password. Common passwords are refused.`;

const email = z
  .string({ error: "Enter your email address" })
  .trim()
  .min(1, "Enter your email address")
  .max(254, "Email address must be 254 characters or fewer")
  .email("Enter an email address in the correct format, like name@example.gov.uk")
  .transform((e) => e.toLowerCase());

export const LoginSchema = z.object({
  email,
  password: z.string({ error: "Enter your password" }).min(1, "Enter your password").max(256),
  redirectTo: z.string().optional(),
});

/** A new password typed twice (accepting an invitation, resetting a forgotten password). */
const newPasswordFields = {
  password: z
    .string({ error: "Enter a password" })
    .min(MIN_PASSWORD_LENGTH, `Password must be at least ${MIN_PASSWORD_LENGTH} characters`)
    .max(256, "Password must be 256 characters or fewer"),
  confirmPassword: z.string({ error: "Confirm your password" }),
};
const passwordsMatch = (v: { password: string; confirmPassword: string }) => v.password === v.confirmPassword;
const mismatch = { path: ["confirmPassword"], message: "Passwords do not match" };

export const SetPasswordSchema = z
  .object({ name: text({ label: "Name", max: 120, required: "Enter your full name" }), ...newPasswordFields })
  .refine(passwordsMatch, mismatch);

/** Forgotten password, step 1: the address to send the link to. */
export const ForgotPasswordSchema = z.object({ email });

/** Forgotten password, step 2 (from the emailed link): the new password. */
export const ResetPasswordSchema = z.object(newPasswordFields).refine(passwordsMatch, mismatch);

export const InviteSchema = z.object({
  email: email.pipe(z.string()),
  role: z.enum(ROLES, { error: "Choose a role" }),
});

/** Switch the working authority (the header's "Choose authority"): one the user belongs to, by its slug. */
export const SwitchAuthoritySchema = z.object({
  authority: text({ label: "The authority", max: 64, required: "Choose an authority" }),
});
