import { afterEach, describe, expect, it, vi } from "vitest";

/** The Next mount: the route module as Next calls it, in and out of sandbox mode. */
async function loadRoute(env: Record<string, string | undefined>) {
  vi.resetModules();
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  return import("@/app/sandbox/drchrono/[...path]/route");
}

afterEach(() => {
  vi.unstubAllEnvs();
  delete (globalThis as Record<symbol, unknown>)[Symbol.for("birthday-greetings.sandbox.drchrono")];
});

const APP = "http://localhost:3000";

describe("app/sandbox/drchrono mount", () => {
  it("serves the consent page and the API under /sandbox/drchrono in sandbox mode", async () => {
    const route = await loadRoute({
      DRCHRONO_CLIENT_ID: "",
      APP_URL: APP,
      SANDBOX_SEED: "42",
      SANDBOX_PATIENTS: "50",
    });
    const query = new URLSearchParams({
      client_id: "sandbox-client",
      redirect_uri: `${APP}/api/auth/callback/drchrono`,
      response_type: "code",
      scope: "user:read patients:read",
    });
    const page = await route.GET(new Request(`${APP}/sandbox/drchrono/o/authorize/?${query}`));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('action="/sandbox/drchrono/o/authorize/"');

    const { getSandboxEmulator } = await import("@/sandbox/drchrono-instance");
    const emulator = getSandboxEmulator();
    expect(getSandboxEmulator()).toBe(emulator);
    expect([...emulator.describePatients(1001)]).toHaveLength(50);
    const token = emulator.issueTokens(4101, ["user:read"]).access_token;
    const me = await route.GET(
      new Request(`${APP}/sandbox/drchrono/api/users/current`, {
        headers: { authorization: `Bearer ${token}` },
      }),
    );
    expect(me.status).toBe(302);
    expect(me.headers.get("location")).toBe("/sandbox/drchrono/api/users/4101");

    const badClient = await route.POST(
      new Request(`${APP}/sandbox/drchrono/o/token/`, { method: "POST", body: "grant_type=refresh_token" }),
    );
    expect(badClient.status).toBe(401);
  });

  it("is a plain 404 in live mode (real drchrono, Resend and Twilio credentials)", async () => {
    const route = await loadRoute({
      DRCHRONO_CLIENT_ID: "real-client",
      DRCHRONO_CLIENT_SECRET: "real-secret",
      RESEND_API_KEY: "re_live_key",
      RESEND_WEBHOOK_SECRET: "whsec_bGl2ZS1zZWNyZXQ=",
      TWILIO_ACCOUNT_SID: `AC${"9".repeat(32)}`,
      TWILIO_AUTH_TOKEN: "live-token",
      TWILIO_FROM: "+15005550006",
      APP_URL: APP,
    });
    const response = await route.GET(new Request(`${APP}/sandbox/drchrono/o/authorize/`));
    expect(response.status).toBe(404);
  });
});
