/* Token refresh and revocation, and establishing what a sign-in granted, against the drchrono emulator. */
import { describe, expect, it } from "vitest";
import { createDrchronoClient } from "@/lib/drchrono/client";
import { isInvalidGrant, OAuthGrantError, refreshAccessToken, revokeToken } from "@/lib/drchrono/oauth";
import { establishSignInScopes } from "@/lib/drchrono/scopes";
import { DrchronoError } from "@/lib/drchrono/types";
import { startHarness } from "./harness";

const credentials = { clientId: "sandbox-client", clientSecret: "sandbox-secret" };

describe("refreshAccessToken", () => {
  it("rotates both tokens; the new access token works and the old refresh token is spent", async () => {
    const h = await startHarness();
    const doctor = h.emulator.users[0];
    if (!doctor) throw new Error("no sandbox user");
    const issued = h.emulator.issueTokens(doctor.id, ["user:read", "patients:read"]);

    const refreshed = await refreshAccessToken({
      baseUrl: h.url,
      ...credentials,
      refreshToken: issued.refresh_token,
    });
    expect(refreshed.accessToken).not.toBe(issued.access_token);
    expect(refreshed.refreshToken).not.toBe(issued.refresh_token);
    expect(refreshed.expiresIn).toBe(172_800);
    expect(refreshed.scope).toEqual(["user:read", "patients:read"]);
    expect(h.emulator.calls.byRoute["POST /o/token/"]).toBe(1);

    const fresh = createDrchronoClient({
      baseUrl: h.url,
      accessToken: refreshed.accessToken,
      now: h.clock.now,
    });
    expect((await fresh.currentUser()).id).toBe(doctor.id);
    const stale = createDrchronoClient({
      baseUrl: h.url,
      accessToken: issued.access_token,
      now: h.clock.now,
    });
    await expect(stale.currentUser()).rejects.toMatchObject({ code: "unauthorized" });

    const reuse = await refreshAccessToken({
      baseUrl: h.url,
      ...credentials,
      refreshToken: issued.refresh_token,
    }).catch((e: unknown) => e);
    expect(reuse).toBeInstanceOf(OAuthGrantError);
    expect(reuse).toMatchObject({ code: "unauthorized", reason: "invalid_grant", status: 400 });
    expect(isInvalidGrant(reuse)).toBe(true);
    expect(String((reuse as Error).message)).not.toContain(issued.refresh_token);
  });

  it("says scope is unknown (null) when the token response leaves it out", async () => {
    const h = await startHarness();
    h.emulator.faults.includeScopeInTokenResponse = false;
    const issued = h.emulator.issueTokens(h.emulator.users[0]?.id ?? 0, ["user:read"]);
    const refreshed = await refreshAccessToken({
      baseUrl: h.url,
      ...credentials,
      refreshToken: issued.refresh_token,
    });
    expect(refreshed.scope).toBeNull();
  });

  it("tells a misconfigured client apart from a dead grant", async () => {
    const h = await startHarness();
    const issued = h.emulator.issueTokens(h.emulator.users[0]?.id ?? 0, ["user:read"]);
    const error = await refreshAccessToken({
      baseUrl: h.url,
      clientId: "sandbox-client",
      clientSecret: "wrong",
      refreshToken: issued.refresh_token,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DrchronoError);
    expect(error).toMatchObject({ code: "unauthorized", status: 401 });
    expect(isInvalidGrant(error)).toBe(false);
  });

  it("answers unavailable (not invalid_grant) when drchrono is down, so the account is not wrongly disconnected", async () => {
    const h = await startHarness();
    const issued = h.emulator.issueTokens(h.emulator.users[0]?.id ?? 0, ["user:read"]);
    h.emulator.faults.failNext = 1;
    const error = await refreshAccessToken({
      baseUrl: h.url,
      ...credentials,
      refreshToken: issued.refresh_token,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "unavailable" });
    expect(isInvalidGrant(error)).toBe(false);
    // The refresh token was not spent by the failed attempt.
    await expect(
      refreshAccessToken({ baseUrl: h.url, ...credentials, refreshToken: issued.refresh_token }),
    ).resolves.toMatchObject({ expiresIn: 172_800 });
  });

  it("revokeToken kills the grant: its refresh token then meets invalid_grant", async () => {
    const h = await startHarness();
    const issued = h.emulator.issueTokens(h.emulator.users[0]?.id ?? 0, ["user:read"]);
    await revokeToken({ baseUrl: h.url, ...credentials, token: issued.refresh_token });
    await expect(
      refreshAccessToken({ baseUrl: h.url, ...credentials, refreshToken: issued.refresh_token }),
    ).rejects.toBeInstanceOf(OAuthGrantError);
  });
});

describe("establishSignInScopes", () => {
  it("finds both required scopes with one probe when both were granted", async () => {
    const h = await startHarness();
    const api = h.client(["user:read", "patients:read"]);
    const result = await establishSignInScopes({ tokenScope: undefined, userReadable: true, api });
    expect(result).toEqual({ granted: ["user:read", "patients:read"], missing: [] });
    expect(h.emulator.calls.byRoute).toEqual({ "GET /api/patients": 1 });
  });

  it("reports patients:read missing when the consent page had it unticked (the probe answers 403)", async () => {
    const h = await startHarness();
    const api = h.client(["user:read", "patients:summary:read"]);
    const result = await establishSignInScopes({ tokenScope: undefined, userReadable: true, api });
    expect(result).toEqual({ granted: ["user:read"], missing: ["patients:read"] });
  });

  it("takes the token's word that patients:read is missing, without a call", async () => {
    const h = await startHarness();
    const api = h.client(["user:read"]);
    const result = await establishSignInScopes({ tokenScope: "user:read", userReadable: true, api });
    expect(result).toEqual({ granted: ["user:read"], missing: ["patients:read"] });
    expect(h.emulator.calls.total).toBe(0);
  });

  it("reports user:read missing when the profile could not be read", async () => {
    const h = await startHarness();
    const api = h.client(["patients:read"]);
    const result = await establishSignInScopes({ tokenScope: undefined, userReadable: false, api });
    expect(result).toEqual({ granted: ["patients:read"], missing: ["user:read"] });
  });

  it("lets the probe overrule a token response that claims more than was granted", async () => {
    const h = await startHarness();
    const api = h.client(["user:read"]);
    const result = await establishSignInScopes({
      tokenScope: "user:read patients:read",
      userReadable: true,
      api,
    });
    expect(result).toEqual({ granted: ["user:read"], missing: ["patients:read"] });
  });

  it("throws rather than guessing when the token itself is dead", async () => {
    const h = await startHarness();
    const api = h.client(["user:read", "patients:read"]);
    h.emulator.expireAccessTokens();
    await expect(
      establishSignInScopes({ tokenScope: undefined, userReadable: true, api }),
    ).rejects.toMatchObject({ code: "unauthorized" });
  });
});
