import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { getAccount } from "@/db/queries/accounts";
import { createTestDatabase, testDrivers } from "@/db/testing";
import { completeSignIn, readSignInProfile } from "@/lib/auth/sign-in";
import { createDrchronoClient } from "@/lib/drchrono/client";
import { isInvalidGrant, refreshAccessToken } from "@/lib/drchrono/oauth";
import { createAccountDrchronoClient, getAccessToken, NeedsReauthorizationError } from "@/lib/vault/tokens";
import { createDrchronoEmulator, type DrchronoEmulator } from "@/sandbox/drchrono";
import { startEmulatorServer } from "@/sandbox/drchrono/server";

const keys = [{ id: "refresh", key: randomBytes(32) }];

describe.each(testDrivers)("token refresh against the drchrono emulator on %s", (driver) => {
  let handle: DatabaseHandle;
  let emulator: DrchronoEmulator;
  let server: { url: string; close(): Promise<void> };
  let drchrono: { baseUrl: string; clientId: string; clientSecret: string };

  beforeAll(async () => {
    handle = await createTestDatabase(driver);
    emulator = createDrchronoEmulator({ patients: 5 });
    server = await startEmulatorServer(emulator);
    drchrono = { baseUrl: server.url, clientId: "sandbox-client", clientSecret: "sandbox-secret" };
  });
  afterAll(async () => {
    await server?.close();
    await handle?.close();
  });

  const doctorA = () => emulator.users.find((u) => u.username === "ehayes") ?? emulator.users[0];

  async function signedInAccount() {
    const user = doctorA();
    if (!user) throw new Error("no sandbox user");
    const issued = emulator.issueTokens(user.id, ["user:read", "patients:read"]);
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
        expiresIn: issued.expires_in,
        scope: issued.scope,
      },
      { api, profile: await readSignInProfile(api), now: () => new Date(), keys },
    );
    if (!result.ok) throw new Error("sign-in refused");
    return { accountId: result.accountId, issued, userId: user.id };
  }

  const expireSoon = (accountId: string) =>
    handle.db.execute(
      sql`update drchrono_tokens set expires_at = now() + interval '2 minutes' where account_id = ${accountId}`,
    );

  const refresh = (refreshToken: string) => refreshAccessToken({ ...drchrono, refreshToken });
  const tokenCalls = () => emulator.calls.byRoute["POST /o/token/"] ?? 0;

  it("refreshes ahead of expiry once for two concurrent callers, and stores the rotated refresh token", async () => {
    const { accountId, issued } = await signedInAccount();
    await expireSoon(accountId);
    const before = tokenCalls();
    const deps = { now: () => new Date(), refresh, keys };
    const [a, b] = await Promise.all([
      getAccessToken(handle.db, accountId, deps),
      getAccessToken(handle.db, accountId, deps),
    ]);
    expect(tokenCalls() - before).toBe(1);
    expect(a).toBe(b);
    expect(a).not.toBe(issued.access_token);

    // The first refresh token is spent; the vault holds the rotated one, which works.
    await expect(refresh(issued.refresh_token)).rejects.toSatisfy(isInvalidGrant);
    await expireSoon(accountId);
    const again = await getAccessToken(handle.db, accountId, deps);
    expect(again).not.toBe(a);

    // A client for the account works without anyone present.
    const api = createAccountDrchronoClient(handle.db, accountId, { drchrono }, { keys, maxRetries: 0 });
    expect((await api.currentUser()).id).toBe(doctorA()?.id);
  });

  it("marks the account for re-authorization when drchrono revoked the grant", async () => {
    const { accountId, userId } = await signedInAccount();
    emulator.revokeTokensOf(userId);
    await expireSoon(accountId);
    await expect(
      getAccessToken(handle.db, accountId, { now: () => new Date(), refresh, keys }),
    ).rejects.toBeInstanceOf(NeedsReauthorizationError);
    expect((await getAccount(handle.db, accountId))?.authStatus).toBe("needs_reauth");
  });
});
