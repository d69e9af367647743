/**
 * The Playwright `test` every spec uses (issue 13, item 7). On top of the
 * console-error check of ./utils it gives each test `world`: a namespace of
 * its own on the server's database in which the test creates the authority,
 * users (known password) and plan data it needs, deleted when the test ends,
 * pass or fail. No test reads or changes the demo data; the web server runs
 * without it (scripts/e2e-server.mjs), so the tests pass in any order and
 * repeated (`--repeat-each`).
 *
 *   test("…", async ({ page, world }) => {
 *     const { authority, users } = await plan(world, { roles: ["admin"] });
 *     await signIn(page, users.admin);
 *   });
 */
import path from "node:path";
import { test as base } from "./utils";
import { e2eDatabaseUrl, openDb, type Db } from "./db";
import { World } from "./world";

export { expect } from "./utils";

export const test = base.extend<{ world: World }, { db: Db }>({
  db: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, provide) => {
      const db = openDb(e2eDatabaseUrl());
      await provide(db);
      await db.$disconnect();
    },
    { scope: "worker" },
  ],
  world: async ({ db }, provide) => {
    const world = new World(db, path.resolve(process.env.FILES_DIR ?? "tests/.tmp/e2e-files"));
    try {
      await provide(world);
    } finally {
      await world.cleanUp();
    }
  },
});
