import { getConfig } from "@/lib/env";
import { type Database, type DatabaseHandle, openDatabase } from "./client";

export type { Database } from "./client";

// One database per process, kept on globalThis so Next's hot reload does not open PGlite twice.
const holder = globalThis as unknown as { __database?: Promise<DatabaseHandle> };

async function connect(): Promise<DatabaseHandle> {
  const target = getConfig().database;
  const handle = openDatabase(target.kind === "pglite" ? { kind: "pglite", dir: target.dir } : target);
  // The embedded database migrates itself; a server is migrated by `npm run db:migrate` (and the Vercel build).
  if (handle.kind === "pglite") await handle.migrate();
  return handle;
}

export async function getDb(): Promise<Database> {
  holder.__database ??= connect().catch((error) => {
    holder.__database = undefined;
    throw error;
  });
  return (await holder.__database).db;
}
