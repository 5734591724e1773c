import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, selectRows } from "@/db/client";
import { getAccount, upsertPracticeAccount } from "@/db/queries/accounts";
import { createTestDatabase, testDrivers } from "@/db/testing";
import { OAuthGrantError } from "@/lib/drchrono/oauth";
import { DrchronoError } from "@/lib/drchrono/types";
import {
  getAccessToken,
  markNeedsReauthorization,
  NeedsReauthorizationError,
  type RefreshedTokens,
  saveGrant,
} from "@/lib/vault/tokens";

const keys = [{ id: "test", key: randomBytes(32) }];
const NOW = new Date("2026-03-10T12:00:00Z");
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);
let nextGroup = 1000;

describe.each(testDrivers)("token vault on %s", (driver) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase(driver);
  });
  afterAll(async () => {
    await handle?.close();
  });

  async function accountWithGrant(expiresAt: Date, tokens = { access: "access-1", refresh: "refresh-1" }) {
    const account = await upsertPracticeAccount(handle.db, {
      practiceGroupId: nextGroup++,
      practiceName: "Test practice",
      practiceAddress: null,
      timeZone: "UTC",
    });
    await saveGrant(
      handle.db,
      {
        accountId: account.id,
        grantedByUserId: null,
        accessToken: tokens.access,
        refreshToken: tokens.refresh,
        expiresAt,
        scopes: ["user:read", "patients:read"],
      },
      keys,
    );
    return account.id;
  }

  function countingRefresh(answer: RefreshedTokens, delayMs = 0) {
    const spent: string[] = [];
    return {
      spent,
      refresh: async (refreshToken: string) => {
        spent.push(refreshToken);
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        return answer;
      },
    };
  }

  const rotated: RefreshedTokens = {
    accessToken: "access-2",
    refreshToken: "refresh-2",
    expiresIn: 172_800,
    scope: null,
  };

  it("stores tokens unreadable without the key", async () => {
    const accessToken = `plain-access-${randomBytes(8).toString("hex")}`;
    const refreshToken = `plain-refresh-${randomBytes(8).toString("hex")}`;
    const accountId = await accountWithGrant(minutes(60), { access: accessToken, refresh: refreshToken });
    const rows = await selectRows(
      handle.db,
      sql`select * from drchrono_tokens where account_id = ${accountId}`,
    );
    expect(rows).toHaveLength(1);
    const raw = JSON.stringify(rows[0]);
    expect(raw).not.toContain(accessToken);
    expect(raw).not.toContain(refreshToken);
    expect(raw).not.toContain(Buffer.from(accessToken).toString("base64"));
    expect(raw).toContain('"key_id":"test"');
  });

  it("returns a token with plenty of life left without refreshing", async () => {
    const accountId = await accountWithGrant(minutes(60));
    const { refresh, spent } = countingRefresh(rotated);
    expect(await getAccessToken(handle.db, accountId, { now: () => NOW, refresh, keys })).toBe("access-1");
    expect(spent).toEqual([]);
  });

  it("refreshes ahead of expiry and keeps the rotated refresh token", async () => {
    const accountId = await accountWithGrant(minutes(5));
    const first = countingRefresh(rotated);
    expect(await getAccessToken(handle.db, accountId, { now: () => NOW, refresh: first.refresh, keys })).toBe(
      "access-2",
    );
    expect(first.spent).toEqual(["refresh-1"]);

    // Two days later the next refresh must spend the rotated token, not the first one.
    const later = () => new Date(NOW.getTime() + 172_800_000 - 60_000);
    const second = countingRefresh({ ...rotated, accessToken: "access-3", refreshToken: "refresh-3" });
    expect(await getAccessToken(handle.db, accountId, { now: later, refresh: second.refresh, keys })).toBe(
      "access-3",
    );
    expect(second.spent).toEqual(["refresh-2"]);
  });

  it("lets two concurrent callers share one refresh", async () => {
    const accountId = await accountWithGrant(minutes(1));
    const { refresh, spent } = countingRefresh(rotated, 150);
    const deps = { now: () => NOW, refresh, keys };
    const tokens = await Promise.all([
      getAccessToken(handle.db, accountId, deps),
      getAccessToken(handle.db, accountId, deps),
    ]);
    expect(spent).toEqual(["refresh-1"]);
    expect(tokens).toEqual(["access-2", "access-2"]);
  });

  it("marks the account when drchrono rejects the refresh token, and stops asking", async () => {
    const accountId = await accountWithGrant(minutes(1));
    const spent: string[] = [];
    const refresh = async (token: string): Promise<RefreshedTokens> => {
      spent.push(token);
      throw new OAuthGrantError("POST /o/token/: invalid_grant", 400);
    };
    await expect(
      getAccessToken(handle.db, accountId, { now: () => NOW, refresh, keys }),
    ).rejects.toBeInstanceOf(NeedsReauthorizationError);
    expect((await getAccount(handle.db, accountId))?.authStatus).toBe("needs_reauth");
    const audit = await selectRows<{ action: string }>(
      handle.db,
      sql`select action from audit_log where account_id = ${accountId}`,
    );
    expect(audit.map((a) => a.action)).toEqual(["needs_reauthorization"]);

    await expect(
      getAccessToken(handle.db, accountId, { now: () => NOW, refresh, keys }),
    ).rejects.toBeInstanceOf(NeedsReauthorizationError);
    expect(spent).toHaveLength(1);
  });

  it.each([
    ["drchrono is unavailable", new DrchronoError("unavailable", "POST /o/token/: 503", 503)],
    [
      "our client credentials are refused",
      new DrchronoError("unauthorized", "POST /o/token/: 401 invalid_client", 401),
    ],
  ])("keeps the grant when %s", async (_, failure) => {
    const accountId = await accountWithGrant(minutes(1));
    const refresh = async (): Promise<RefreshedTokens> => {
      throw failure;
    };
    await expect(getAccessToken(handle.db, accountId, { now: () => NOW, refresh, keys })).rejects.toBe(
      failure,
    );
    expect((await getAccount(handle.db, accountId))?.authStatus).toBe("ok");
    const { refresh: works } = countingRefresh(rotated);
    expect(await getAccessToken(handle.db, accountId, { now: () => NOW, refresh: works, keys })).toBe(
      "access-2",
    );
  });

  it("marks an account once when an API call answers 401", async () => {
    const accountId = await accountWithGrant(minutes(60));
    await markNeedsReauthorization(handle.db, accountId, "drchrono answered 401");
    await markNeedsReauthorization(handle.db, accountId, "drchrono answered 401");
    expect((await getAccount(handle.db, accountId))?.authStatus).toBe("needs_reauth");
    const audit = await selectRows(handle.db, sql`select 1 from audit_log where account_id = ${accountId}`);
    expect(audit).toHaveLength(1);
  });
});
