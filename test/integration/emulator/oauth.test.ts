import { describe, expect, it } from "vitest";
import { createDrchronoEmulator } from "@/sandbox/drchrono";
import {
  CLIENT,
  DOCTOR_A,
  DOCTOR_B,
  READ_SCOPES,
  REDIRECT_URI,
  STAFF_A,
  startEmulator,
  testClock,
} from "./support";

const clock = testClock("2026-05-04T15:00:00Z");
const { emulator, url, get, postForm } = await startEmulator({ now: clock.now });

function authorizeUrl(params: Record<string, string>) {
  return `${url}/o/authorize/?${new URLSearchParams(params)}`;
}

/** Clicks "Allow" on the consent page as `user` with the ticked `scopes`; returns the redirect's query. */
async function allow(user: number, scopes: string[], state = "state-123"): Promise<URLSearchParams> {
  const response = await postForm("/o/authorize/", {
    ...{ client_id: CLIENT.client_id, redirect_uri: REDIRECT_URI, response_type: "code", state },
    user: String(user),
    scope: scopes,
    action: "allow",
  });
  expect(response.status).toBe(302);
  const location = response.headers.get("location") ?? "";
  expect(location.startsWith(`${REDIRECT_URI}?`)).toBe(true);
  return new URL(location).searchParams;
}

function exchange(code: string, redirectUri = REDIRECT_URI) {
  return postForm("/o/token/", {
    ...CLIENT,
    grant_type: "authorization_code",
    code,
    redirect_uri: redirectUri,
  });
}

function refresh(refreshToken: string) {
  return postForm("/o/token/", { ...CLIENT, grant_type: "refresh_token", refresh_token: refreshToken });
}

describe("consent page", () => {
  it("lists the requested scopes, all ticked, and the sandbox users, in accessible markup", async () => {
    const response = await fetch(
      authorizeUrl({
        ...{ client_id: CLIENT.client_id, redirect_uri: REDIRECT_URI },
        response_type: "code",
        scope: "user:read patients:read",
        state: "s1",
      }),
    );
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('<html lang="en">');
    expect(page).toMatch(/<h1>[^<]+<\/h1>/);
    expect(page).toContain("<legend>Permissions requested</legend>");
    const ticked = [
      ...page.matchAll(/type="checkbox" id="(scope-\d+)" name="scope" value="([^"]+)" checked/g),
    ];
    expect(ticked.map((m) => m[2])).toEqual(["user:read", "patients:read"]);
    for (const [, id] of ticked) expect(page).toContain(`<label for="${id}">`);
    expect(page).toContain("Dr Eleanor Hayes (doctor, Maple Street Family Medicine)");
    expect(page).toContain("Jordan Rivera (staff, Maple Street Family Medicine)");
    expect(page).toContain("Dr Samuel Okafor (doctor, Harbor View Pediatrics)");
    expect(page).toContain('name="state" value="s1"');
    expect(emulator.calls.total).toBe(0);
  });

  it("asks for every scope when none is named, as drchrono does", async () => {
    const page = await (
      await fetch(
        authorizeUrl({ client_id: CLIENT.client_id, redirect_uri: REDIRECT_URI, response_type: "code" }),
      )
    ).text();
    expect(page).toContain('value="patients:summary:read" checked');
    expect(page).toContain('value="clinical:write" checked');
  });

  it("refuses an unknown client or a missing redirect_uri with an error page, not a redirect", async () => {
    const unknown = await fetch(
      authorizeUrl({ client_id: "someone-else", redirect_uri: REDIRECT_URI, response_type: "code" }),
    );
    expect(unknown.status).toBe(400);
    const missing = await fetch(authorizeUrl({ client_id: CLIENT.client_id, response_type: "code" }));
    expect(missing.status).toBe(400);
  });

  it("sends access_denied back with the state when the user clicks Deny", async () => {
    const response = await postForm("/o/authorize/", {
      client_id: CLIENT.client_id,
      redirect_uri: REDIRECT_URI,
      state: "s2",
      user: String(DOCTOR_A),
      scope: READ_SCOPES,
      action: "deny",
    });
    const query = new URL(response.headers.get("location") ?? "").searchParams;
    expect(Object.fromEntries(query)).toEqual({ error: "access_denied", state: "s2" });
  });
});

describe("authorization code grant", () => {
  it("trades a single-use code for tokens carrying the granted scope", async () => {
    const query = await allow(DOCTOR_A, READ_SCOPES);
    expect(query.get("state")).toBe("state-123");
    const code = query.get("code") ?? "";

    const response = await exchange(code);
    expect(response.status).toBe(200);
    const tokens = await response.json();
    expect(tokens).toMatchObject({
      token_type: "Bearer",
      expires_in: 172800,
      scope: "user:read patients:read",
    });
    expect(typeof tokens.access_token).toBe("string");
    expect(typeof tokens.refresh_token).toBe("string");
    expect((await get("/api/patients?page_size=1", tokens.access_token)).status).toBe(200);

    const again = await exchange(code);
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ error: "invalid_grant" });
  });

  it("grants only what the user left ticked", async () => {
    const { code } = Object.fromEntries(await allow(STAFF_A, ["user:read"]));
    const tokens = await (await exchange(code ?? "")).json();
    expect(tokens.scope).toBe("user:read");
    expect((await get("/api/users/current", tokens.access_token)).status).toBe(302);
    expect((await get("/api/patients", tokens.access_token)).status).toBe(403);
  });

  it("leaves scope out of the token response when the knob says so", async () => {
    emulator.faults.includeScopeInTokenResponse = false;
    try {
      const { code } = Object.fromEntries(await allow(DOCTOR_A, READ_SCOPES));
      const tokens = await (await exchange(code ?? "")).json();
      expect(tokens).not.toHaveProperty("scope");
      expect(tokens.access_token).toBeTruthy();
    } finally {
      emulator.faults.includeScopeInTokenResponse = true;
    }
  });

  it("rejects a wrong client secret, a mismatched redirect_uri and an expired code", async () => {
    const { code } = Object.fromEntries(await allow(DOCTOR_A, READ_SCOPES));
    const badClient = await postForm("/o/token/", {
      client_id: CLIENT.client_id,
      client_secret: "wrong",
      grant_type: "authorization_code",
      code: code ?? "",
      redirect_uri: REDIRECT_URI,
    });
    expect(badClient.status).toBe(401);
    expect(await badClient.json()).toEqual({ error: "invalid_client" });

    expect(await (await exchange(code ?? "", "http://localhost:3000/elsewhere")).json()).toEqual({
      error: "invalid_grant",
    });

    const late = Object.fromEntries(await allow(DOCTOR_A, READ_SCOPES));
    clock.advance(61_000);
    expect((await exchange(late.code ?? "")).status).toBe(400);
  });

  it("retires the user's earlier tokens when the same user authorizes again", async () => {
    const first = await (await exchange((await allow(DOCTOR_B, READ_SCOPES)).get("code") ?? "")).json();
    const second = await (await exchange((await allow(DOCTOR_B, READ_SCOPES)).get("code") ?? "")).json();
    expect((await get("/api/doctors", first.access_token)).status).toBe(401);
    expect((await refresh(first.refresh_token)).status).toBe(400);
    expect((await get("/api/doctors", second.access_token)).status).toBe(200);
  });
});

describe("refresh and revocation", () => {
  it("rotates: the new pair works, the old refresh token and the old access token die", async () => {
    const first = emulator.issueTokens(DOCTOR_A, READ_SCOPES);
    const response = await refresh(first.refresh_token);
    expect(response.status).toBe(200);
    const second = await response.json();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second).toMatchObject({
      expires_in: 172800,
      token_type: "Bearer",
      scope: "user:read patients:read",
    });

    expect((await get("/api/patients?page_size=1", second.access_token)).status).toBe(200);
    const oldAccess = await get("/api/patients?page_size=1", first.access_token);
    expect(oldAccess.status).toBe(401);
    expect(await oldAccess.json()).toEqual({ detail: "Invalid token." });

    const reused = await refresh(first.refresh_token);
    expect(reused.status).toBe(400);
    expect(await reused.json()).toEqual({ error: "invalid_grant" });
  });

  it("revoke_token kills the grant: API 401, refresh invalid_grant", async () => {
    const tokens = emulator.issueTokens(DOCTOR_A, READ_SCOPES);
    const response = await postForm("/o/revoke_token/", { ...CLIENT, token: tokens.refresh_token });
    expect(response.status).toBe(200);
    expect((await get("/api/users/current", tokens.access_token)).status).toBe(401);
    expect(await (await refresh(tokens.refresh_token)).json()).toEqual({ error: "invalid_grant" });
  });

  it("revokeTokensOf kills every grant of that user only", async () => {
    const mine = emulator.issueTokens(STAFF_A, READ_SCOPES);
    const theirs = emulator.issueTokens(DOCTOR_A, READ_SCOPES);
    emulator.revokeTokensOf(STAFF_A);
    expect((await get("/api/users/current", mine.access_token)).status).toBe(401);
    expect((await refresh(mine.refresh_token)).status).toBe(400);
    expect((await get("/api/users/current", theirs.access_token)).status).toBe(302);
  });

  it("refreshes with an unknown grant type or a foreign token fail cleanly", async () => {
    expect(await (await postForm("/o/token/", { ...CLIENT, grant_type: "password" })).json()).toEqual({
      error: "unsupported_grant_type",
    });
    const other = createDrchronoEmulator({ seed: 7 }).issueTokens(DOCTOR_A, READ_SCOPES);
    expect(await (await refresh(other.refresh_token)).json()).toEqual({ error: "invalid_grant" });
  });
});

describe("tokens across processes", () => {
  it("an instance with the same seed accepts another instance's tokens; another seed does not", async () => {
    const issuedElsewhere = createDrchronoEmulator({ seed: 42, now: clock.now }).issueTokens(
      DOCTOR_A,
      READ_SCOPES,
    );
    expect((await get("/api/patients?page_size=1", issuedElsewhere.access_token)).status).toBe(200);
    const refreshed = await refresh(issuedElsewhere.refresh_token);
    expect(refreshed.status).toBe(200);

    const foreign = createDrchronoEmulator({ seed: 43, now: clock.now }).issueTokens(DOCTOR_A, READ_SCOPES);
    expect((await get("/api/patients?page_size=1", foreign.access_token)).status).toBe(401);
  });

  it("revokeTokensOf also catches tokens another process issued earlier", async () => {
    const elsewhere = createDrchronoEmulator({ seed: 42, now: clock.now }).issueTokens(DOCTOR_B, READ_SCOPES);
    clock.advance(1);
    emulator.revokeTokensOf(DOCTOR_B);
    expect((await get("/api/doctors", elsewhere.access_token)).status).toBe(401);
  });
});
