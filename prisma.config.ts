// The Prisma CLI would download a native schema-engine binary on every command,
// which fails offline. "/bin/false" makes generate / validate / format work and
// makes engine commands fail loudly (never "/bin/true": then `migrate deploy`
// exits 0 having done nothing). Migrations run through scripts/db.ts instead,
// on the wasm schema engine (see scripts/lib/migrate.ts).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= "/bin/false";
process.env.CHECKPOINT_DISABLE ??= "1";

import { defineConfig } from "prisma/config";

export default defineConfig({
  // `--schema prisma/postgres/schema.prisma` overrides this for the PostgreSQL client.
  schema: "prisma/schema.prisma",
  migrations: {
    // SQLite migrations. PostgreSQL ones live in prisma/postgres/migrations.
    path: "prisma/migrations",
  },
});
