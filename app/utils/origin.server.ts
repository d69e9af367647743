import { env } from "./env.server";

/**
 * The app's public origin for links in emails, which are written outside any
 * request: APP_ORIGIN (set it in production), else http://localhost:PORT.
 */
export function appOrigin(): string {
  const configured = env().APP_ORIGIN;
  if (configured) return new URL(configured).origin;
  return `http://localhost:${process.env.PORT ?? 3000}`;
}
