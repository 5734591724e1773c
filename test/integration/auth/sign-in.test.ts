import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, selectRows } from "@/db/client";
import { getAccount, getUserWithAccount } from "@/db/queries/accounts";
import { createTestDatabase, testDrivers } from "@/db/testing";
import { completeSignIn, readSignInProfile } from "@/lib/auth/sign-in";
import { createDrchronoClient } from "@/lib/drchrono/client";
import { decryptField } from "@/lib/vault/crypto";
import { createDrchronoEmulator, type DrchronoEmulator } from "@/sandbox/drchrono";
import { startEmulatorServer } from "@/sandbox/drchrono/server";

const keys = [{ id: "signin", key: randomBytes(32) }];
const ALL = ["user:read", "patients:read"];

describe.each(testDrivers)("sign-in against the drchrono emulator on %s", (driver) => {
  let handle: DatabaseHandle;
  let emulator: DrchronoEmulator;
  let server: { url: string; close(): Promise<void> };

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
  const doctorB = () =>
    emulator.users.find((u) => u.practiceGroup === emulator.practiceGroups.b && u.role === "doctor");

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

  it("refuses a grant without patients:read: no account, no user, no token", async () => {
    const { result } = await signIn(doctorA().id, ["user:read"]);
    expect(result).toEqual({ ok: false, missing: ["patients:read"] });
    expect(await count("accounts")).toBe(0);
    expect(await count("users")).toBe(0);
    expect(await count("drchrono_tokens")).toBe(0);
  });

  it("believes the probe over a token response that claims everything", async () => {
    // The emulator grants only user:read, but the test pretends drchrono's scope field claimed both.
    const issued = emulator.issueTokens(doctorA().id, ["user:read"]);
    const api = createDrchronoClient({
      baseUrl: server.url,
      accessToken: issued.access_token,
      maxRetries: 0,
    });
    const result = await completeSignIn(
      handle.db,
      {
        accessToken: issued.access_token,
        refreshToken: issued.refresh_token,
        expiresIn: 172_800,
        scope: ALL.join(" "),
      },
      { api, profile: await readSignInProfile(api), now: () => new Date(), keys },
    );
    expect(result).toEqual({ ok: false, missing: ["patients:read"] });
    expect(await count("accounts")).toBe(0);
  });

  it("creates the practice account for a doctor with every permission, tokens encrypted", async () => {
    const doctor = doctorA();
    const { result, issued } = await signIn(doctor.id, ALL, { sendScope: false });
    if (!result.ok) throw new Error("sign-in refused");
    expect(result.role).toBe("doctor");

    const account = await getAccount(handle.db, result.accountId);
    const primary = emulator.doctors(emulator.practiceGroups.a).find((d) => d.id === doctor.doctor);
    expect(account).toMatchObject({
      practiceGroupId: emulator.practiceGroups.a,
      practiceName: doctor.practiceName,
      timeZone: primary?.timezone,
      authStatus: "ok",
      grantedScopes: ALL,
      activation: "not_requested",
    });
    // The postal address is read by the first dispatch, not at sign-in (it keeps a sign-in to 4 calls).
    expect(account?.practiceAddress).toBeNull();

    const found = await getUserWithAccount(handle.db, result.userId);
    expect(found?.user).toMatchObject({
      drchronoUserId: doctor.id,
      role: "doctor",
      displayName: expect.stringMatching(new RegExp(`^${primary?.first_name} ${primary?.last_name}`)),
      email: primary?.email,
    });

    const [stored] = await selectRows<{ access_token: string; granted_by_user_id: string }>(
      handle.db,
      sql`select access_token, granted_by_user_id from drchrono_tokens where account_id = ${result.accountId}`,
    );
    expect(stored?.granted_by_user_id).toBe(result.userId);
    expect(stored?.access_token).not.toContain(issued.access_token);
    expect(
      decryptField(stored?.access_token ?? "", { accountId: result.accountId, field: "access_token" }, keys),
    ).toBe(issued.access_token);

    const audit = await selectRows<{ action: string }>(
      handle.db,
      sql`select action from audit_log where account_id = ${result.accountId} order by created_at`,
    );
    expect(audit.map((a) => a.action)).toContain("signed_in");
  });

  it("lets a staff member of the same practice join the same account, replacing the grant", async () => {
    const first = await signIn(doctorA().id, ALL);
    const { result, issued } = await signIn(staffA().id, ALL);
    if (!result.ok || !first.result.ok) throw new Error("sign-in refused");
    expect(result.accountId).toBe(first.result.accountId);
    expect(result.role).toBe("staff");
    expect(await count("accounts")).toBe(1);
    const [stored] = await selectRows<{ access_token: string }>(
      handle.db,
      sql`select access_token from drchrono_tokens where account_id = ${result.accountId}`,
    );
    expect(
      decryptField(stored?.access_token ?? "", { accountId: result.accountId, field: "access_token" }, keys),
    ).toBe(issued.access_token);
  });

  it("gives the second practice its own account", async () => {
    const doctor = doctorB();
    if (!doctor) throw new Error("no practice B doctor");
    const a = await signIn(doctorA().id, ALL);
    const b = await signIn(doctor.id, ALL);
    if (!a.result.ok || !b.result.ok) throw new Error("sign-in refused");
    expect(b.result.accountId).not.toBe(a.result.accountId);
    expect((await getAccount(handle.db, b.result.accountId))?.practiceGroupId).toBe(
      emulator.practiceGroups.b,
    );
    const accountsOfUsers = await selectRows<{ drchrono_user_id: number; account_id: string }>(
      handle.db,
      sql`select drchrono_user_id, account_id from users`,
    );
    for (const row of accountsOfUsers) {
      const expected = Number(row.drchrono_user_id) === doctor.id ? b.result.accountId : a.result.accountId;
      expect(row.account_id).toBe(expected);
    }
  });

  it("gives an account still on UTC (drchrono had no zone) the doctor's zone at the next sign-in, and keeps a chosen one", async () => {
    const doctor = doctorB();
    if (!doctor) throw new Error("no practice B doctor");
    const zoneOf = async (accountId: string) => (await getAccount(handle.db, accountId))?.timeZone;
    const first = await signIn(doctor.id, ALL);
    if (!first.result.ok) throw new Error("sign-in refused");
    const accountId = first.result.accountId;
    await handle.db.execute(sql`update accounts set time_zone = 'UTC' where id = ${accountId}`);

    await signIn(doctor.id, ALL);
    expect(await zoneOf(accountId)).toBe("America/Los_Angeles");

    await handle.db.execute(sql`update accounts set time_zone = 'America/Denver' where id = ${accountId}`);
    await signIn(doctor.id, ALL);
    expect(await zoneOf(accountId)).toBe("America/Denver");
  });

  it("clears needs-reauthorization on the next complete sign-in, but not on a refused one", async () => {
    const { result } = await signIn(doctorA().id, ALL);
    if (!result.ok) throw new Error("sign-in refused");
    await handle.db.execute(
      sql`update accounts set auth_status = 'needs_reauth' where id = ${result.accountId}`,
    );

    await signIn(staffA().id, ["user:read"]);
    expect((await getAccount(handle.db, result.accountId))?.authStatus).toBe("needs_reauth");

    await signIn(staffA().id, ALL);
    expect((await getAccount(handle.db, result.accountId))?.authStatus).toBe("ok");
  });
});
