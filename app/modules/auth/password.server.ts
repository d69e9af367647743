import { hash, verify } from "@node-rs/argon2";
import lang from "@zxcvbn-ts/language-common";

// argon2id (algorithm 2 = Algorithm.Argon2id, a const enum we cannot import under
// verbatimModuleSyntax) with OWASP's recommended minimums.
const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export { MIN_PASSWORD_LENGTH } from "./forms";
import { MIN_PASSWORD_LENGTH } from "./forms";
export const MAX_PASSWORD_LENGTH = 256;

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  // ~49k most common passwords from real breaches (zxcvbn-ts' dictionary).
  common ??= new Set(lang.dictionary.passwords.map((p: string) => p.toLowerCase()));
  return common;
}

/** Returns a message for the user, or null when the password is acceptable. */
export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Password must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Password must be ${MAX_PASSWORD_LENGTH} characters or fewer`;
  if (commonPasswords().has(password.toLowerCase()))
    return "That password is too common. Choose one that is harder to guess";
  if (/^(.)\1+$/.test(password)) return "Password must not be one character repeated";
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// A real hash to verify against when the user does not exist, so that timing
// does not reveal which emails have accounts.
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword("not-a-real-password-for-timing");
  return dummyHash;
}
