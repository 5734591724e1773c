import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { type DatabaseHandle, selectRows } from "@/db/client";
import { createTestDatabase, testDrivers } from "@/db/testing";

async function describeSchema(handle: DatabaseHandle) {
  return selectRows(
    handle.db,
    sql`
    select table_name, column_name, data_type, is_nullable, column_default
    from information_schema.columns where table_schema = 'public'
    order by table_name, column_name`,
  );
}

describe("migrations", () => {
  const handles: DatabaseHandle[] = [];
  afterAll(() => Promise.all(handles.map((h) => h.close())));

  it.each(testDrivers)("apply to an empty %s database", async (driver) => {
    const handle = await createTestDatabase(driver);
    handles.push(handle);
    const tables = await selectRows<{ table_name: string }>(
      handle.db,
      sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`,
    );
    expect(tables.map((r) => r.table_name)).toEqual(
      expect.arrayContaining([
        "accounts",
        "users",
        "drchrono_tokens",
        "opt_outs",
        "patient_index",
        "send_log",
      ]),
    );
  });

  it.skipIf(testDrivers.length < 2)(
    "produce the same schema on PGlite and on a Postgres server",
    async () => {
      const [embedded, server] = await Promise.all([
        createTestDatabase("pglite"),
        createTestDatabase("postgres"),
      ]);
      handles.push(embedded, server);
      const [a, b] = await Promise.all([describeSchema(embedded), describeSchema(server)]);
      expect(a.length).toBeGreaterThan(50);
      expect(a).toEqual(b);
    },
  );
});

describe("GET /api/health", () => {
  // Each case opens the database its environment names, not the process-wide one a previous case opened.
  afterEach(async () => {
    const holder = globalThis as { __database?: Promise<DatabaseHandle> };
    const open = holder.__database;
    holder.__database = undefined;
    await open?.then((h) => h.close()).catch(() => {});
    vi.unstubAllEnvs();
  });

  it("reports a broken database as unhealthy instead of crashing", async () => {
    vi.resetModules();
    vi.stubEnv("DATABASE_URL", "postgres://nobody@127.0.0.1:1/missing");
    const { GET } = await import("@/app/api/health/route");
    const response = await GET();
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: "unhealthy", database: "unreachable" });
  });

  it("reports a working embedded database as healthy", async () => {
    vi.resetModules();
    vi.stubEnv("PGLITE_DIR", mkdtempSync(path.join(tmpdir(), "bg-health-")));
    const { GET } = await import("@/app/api/health/route");
    const response = await GET();
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", database: "ok" });
  });
});
