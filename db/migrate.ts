import { getConfig } from "@/lib/env";
import { openDatabase } from "./client";

/** `npm run db:migrate`: applies the committed migrations to the configured database. */
async function main() {
  const target = getConfig().database;
  const handle = openDatabase(target.kind === "pglite" ? { kind: "pglite", dir: target.dir } : target);
  try {
    await handle.migrate();
    console.info(`Migrations applied (${handle.kind}).`);
  } finally {
    await handle.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
