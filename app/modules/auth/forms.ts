/** Zod schemas for the account forms, shared by the client (constraints) and the server (parsing). */
import { z } from "zod";
import { text } from "~/utils/text";
import { ROLES } from "./permissions";

export const MIN_PASSWORD_LENGTH = 12;

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

export const SetPasswordSchema = z
  .object({
    name: text({ label: "Name", max: 120, required: "Enter your full name" }),
    password: z
      .string({ error: "Enter a password" })
      .min(MIN_PASSWORD_LENGTH, `Password must be at least ${MIN_PASSWORD_LENGTH} characters`)
      .max(256, "Password must be 256 characters or fewer"),
    confirmPassword: z.string({ error: "Confirm your password" }),
  })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "Passwords do not match" });

export const InviteSchema = z.object({
  email: email.pipe(z.string()),
  role: z.enum(ROLES, { error: "Choose a role" }),
});

/** Switch the working authority (the header's "Choose authority"): one the user belongs to, by its slug. */
export const SwitchAuthoritySchema = z.object({
  authority: text({ label: "The authority", max: 64, required: "Choose an authority" }),
});
