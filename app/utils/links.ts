/**
 * Typed links to an authority's pages. Every path is one of the app's route
 * patterns under `/a/:authority` (from the route config, via React Router's
 * typegen), so a link to a page that does not exist, or without a parameter the
 * page needs, fails the typecheck instead of giving a 404 in use:
 *
 *   authorityHref(slug, "/actions/:actionId", { actionId })  // "/a/leeds/actions/abc"
 *   authorityHref(slug, "/")                                 // "/a/leeds"
 *
 * Each value is URL-encoded (React Router's `href` fills the pattern verbatim). Query strings are appended
 * by the caller (`${authorityHref(slug, "/actions")}?removed=1`).
 */
import { href } from "react-router";

type AppPath = Parameters<typeof href>[0];

/** The authority's pages, as paths relative to `/a/:authority` ("/" is its home page). */
export type AuthorityPath = AppPath extends infer P
  ? P extends "/a/:authority"
    ? "/"
    : P extends `/a/:authority${infer Rest}`
      ? Rest
      : never
  : never;

type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

type ParamArgs<P extends string> = [ParamNames<P>] extends [never] ? [] : [params: Record<ParamNames<P>, string>];

export function authorityHref<P extends AuthorityPath>(authority: string, path: P, ...params: ParamArgs<P>): string {
  const pattern = path === "/" ? "/a/:authority" : `/a/:authority${path}`;
  const values: Record<string, string> = { ...(params[0] ?? {}), authority };
  for (const key of Object.keys(values)) values[key] = encodeURIComponent(values[key]!);
  return (href as (pattern: string, params: Record<string, string>) => string)(pattern, values);
}
