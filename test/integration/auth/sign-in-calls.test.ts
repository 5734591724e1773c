/* What a sign-in costs in drchrono calls, and what it does with a user record it cannot read. */
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, selectRows } from "@/db/client";
import { createTestDatabase, testDrivers } from "@/db/testing";
import { completeSignIn, readSignInProfile } from "@/lib/auth/sign-in";
import { createDrchronoClient } from "@/lib/drchrono/client";
import { createDrchronoEmulator, type DrchronoEmulator } from "@/sandbox/drchrono";
import { startEmulatorServer } from "@/sandbox/drchrono/server";

const keys = [{ id: "signin", key: randomBytes(32) }];
const ALL = ["user:read", "patients:read"];

describe.each(testDrivers)("sign-in calls against the drchrono emulator on %s", (driver) => {
  let handle: DatabaseHandle;
  let emulator: DrchronoEmulator;
  let server: { url: string; close(): Promise<void> };

  // One database for the file: the first test is a practice's first sign-in, the later ones check their own rows.
  beforeAll(async () => {
    handle = await createTestDatabase(driver);
    emulator = createDrchronoEmulator({ patients: 20 });
    server = await startEmulatorServer(emulator);
  });
  afterAll(async () => {
    await server?.close();
    await handle?.close();
  });

  const userNamed = (username: string) => {
    const user = emulator.users.find((u) => u.username === username);
    if (!user) throw new Error(`no sandbox user ${username}`);
    return user;
  };
  const doctorA = () => userNamed("ehayes");
  const staffA = () => userNamed("jrivera");
  const doctorB = () => {
    const user = emulator.users.find(
      (u) => u.practiceGroup === emulator.practiceGroups.b && u.role === "doctor",
    );
    if (!user) throw new Error("no practice B doctor");
    return user;
  };

  /** As next-auth does it: the userinfo step reads the profile once, then the signIn callback completes. */
  async function signIn(
    userId: number,
    scopes: string[],
    { sendScope = true, fetch }: { sendScope?: boolean; fetch?: typeof globalThis.fetch } = {},
  ) {
    const issued = emulator.issueTokens(userId, scopes);
    const api = createDrchronoClient({
      baseUrl: server.url,
      accessToken: issued.access_token,
      maxRetries: 0,
      fetch,
    });
    const profile = await readSignInProfile(api);
    const result = await completeSignIn(
      handle.db,
      {
        accessToken: issued.access_token,
        refreshToken: issued.refresh_token,
        expiresIn: issued.expires_in,
        scope: sendScope ? issued.scope : undefined,
      },
      { api, profile, now: () => new Date(), keys },
    );
    return { result, issued };
  }

  const count = async (table: string) =>
    Number(
      (await selectRows<{ n: number }>(handle.db, sql.raw(`select count(*)::int as n from ${table}`)))[0]?.n,
    );

  it("costs 4 drchrono calls for a practice's first sign-in and for every later one (token exchange excluded)", async () => {
    emulator.calls.reset();
    const first = await signIn(doctorA().id, ALL, { sendScope: false });
    expect(first.result.ok).toBe(true);
    // users/current answers 302 to users/{id}: the profile is read once, and nothing is read twice. The offices
    // wait for the first dispatch (test/integration/dispatch/practice-address.test.ts).
    expect(emulator.calls.byRoute).toEqual({
      "GET /api/users/current": 1,
      "GET /api/users/{id}": 1,
      "GET /api/patients": 1,
      "GET /api/doctors": 1,
    });
    expect(emulator.calls.total).toBe(4);

    emulator.calls.reset();
    const again = await signIn(staffA().id, ALL, { sendScope: false });
    expect(again.result.ok).toBe(true);
    expect(emulator.calls.byRoute).toEqual({
      "GET /api/users/current": 1,
      "GET /api/users/{id}": 1,
      "GET /api/patients": 1,
      "GET /api/doctors": 1,
    });
    expect(emulator.calls.total).toBe(4);
  });

  it("spends no probe when the token's scope already says patients:read is missing", async () => {
    emulator.calls.reset();
    const { result } = await signIn(doctorA().id, ["user:read"]);
    expect(result).toEqual({ ok: false, missing: ["patients:read"] });
    expect(emulator.calls.byRoute).toEqual({ "GET /api/users/current": 1, "GET /api/users/{id}": 1 });
  });

  it("refuses a user record whose used field has an unexpected shape, saving nothing and auditing it", async () => {
    const brokenUser: typeof globalThis.fetch = async (input, init) => {
      const response = await globalThis.fetch(input, init);
      if (!/\/api\/users\/\d+$/.test(new URL(String(input)).pathname)) return response;
      const body = { ...(await response.json()), is_doctor: "yes" };
      return new Response(JSON.stringify(body), {
        status: 200,
        headers: { "content-type": "application/json" },
      });
    };
    const before = { users: await count("users"), audit: await count("audit_log") };
    const { result } = await signIn(doctorB().id, ALL, { fetch: brokenUser });
    expect(result).toEqual({ ok: false, problem: "user_unreadable" });
    expect(await count("users")).toBe(before.users);
    expect(await count("audit_log")).toBe(before.audit + 1);
    const audit = await selectRows<{ action: string; detail: unknown }>(
      handle.db,
      sql`select action, detail from audit_log where action = 'sign_in_unreadable_profile'`,
    );
    expect(audit).toEqual([
      {
        action: "sign_in_unreadable_profile",
        detail: { problem: "malformed user record: is_doctor: wrong type" },
      },
    ]);
  });
});
