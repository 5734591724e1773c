import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { type DatabaseHandle, openDatabase } from "./client";

/** The drivers integration tests run on: always PGlite, and a real server when TEST_DATABASE_URL is set. */
export const testDrivers: Array<"pglite" | "postgres"> = process.env.TEST_DATABASE_URL
  ? ["pglite", "postgres"]
  : ["pglite"];

/**
 * A fresh, migrated, isolated database: in-memory PGlite, or a new database on the test server that is dropped
 * again on close.
 */
export async function createTestDatabase(driver: "pglite" | "postgres" = "pglite"): Promise<DatabaseHandle> {
  if (driver === "pglite") {
    const handle = openDatabase({ kind: "pglite", dir: null });
    await handle.migrate();
    return handle;
  }
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error("TEST_DATABASE_URL is not set");
  const name = `bg_test_${randomBytes(6).toString("hex")}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = openDatabase({ kind: "postgres", url: url.toString() });
  await handle.migrate();
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const dropper = new Client({ connectionString: serverUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}
