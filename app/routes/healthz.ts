import { pingDb } from "~/utils/db.server";

/** Liveness and database reachability, for load balancers. No data. */
export async function loader() {
  await pingDb();
  return new Response("ok", { headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}
