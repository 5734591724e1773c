import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "@/lib/env";

const productionSecrets = {
  NODE_ENV: "production",
  NEXTAUTH_SECRET: "s".repeat(40),
  TOKEN_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString("base64")}`,
  CRON_SECRET: "c".repeat(32),
} as const;

const liveMessaging = {
  RESEND_API_KEY: "re_live",
  RESEND_WEBHOOK_SECRET: "whsec_bGl2ZS1zZWNyZXQ=",
  TWILIO_ACCOUNT_SID: `AC${"1".repeat(32)}`,
  TWILIO_AUTH_TOKEN: "live-token",
  TWILIO_FROM: "+15551234567",
} as const;

const liveEverything = {
  DRCHRONO_CLIENT_ID: "id",
  DRCHRONO_CLIENT_SECRET: "secret",
  ...liveMessaging,
} as const;

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env as NodeJS.ProcessEnv);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe("configuration", () => {
  it("accepts a complete production configuration", () => {
    const config = loadConfig({ ...productionSecrets });
    expect(config.isProduction).toBe(true);
    expect(config.encryptionKeys[0]?.id).toBe("k1");
  });

  it.each(["NEXTAUTH_SECRET", "TOKEN_ENCRYPTION_KEYS", "CRON_SECRET"] as const)(
    "rejects a production configuration without %s, naming it",
    (name) => {
      const problems = problemsOf({ ...productionSecrets, [name]: undefined });
      expect(problems).toEqual([`${name} is required`]);
    },
  );

  it("names every missing secret at once", () => {
    const problems = problemsOf({ NODE_ENV: "production" });
    expect(problems).toEqual(
      expect.arrayContaining([
        "NEXTAUTH_SECRET is required",
        "TOKEN_ENCRYPTION_KEYS is required",
        "CRON_SECRET is required",
      ]),
    );
  });

  it("explains an invalid value", () => {
    const problems = problemsOf({
      ...productionSecrets,
      TOKEN_ENCRYPTION_KEYS: "k1:short",
      CRON_SECRET: "x",
    });
    expect(problems.join("\n")).toMatch(/TOKEN_ENCRYPTION_KEYS is invalid: expected "keyId:base64/);
    expect(problems.join("\n")).toMatch(/CRON_SECRET is invalid: must be at least 16 characters/);
  });

  it("generates safe secrets outside production", () => {
    const config = loadConfig({ NODE_ENV: "test" });
    expect(config.authSecret.length).toBeGreaterThanOrEqual(32);
    expect(config.encryptionKeys[0]?.key).toHaveLength(32);
  });

  it("in development without a URL, lives on the port next dev chose; APP_URL and production keep theirs", () => {
    expect(loadConfig({ NODE_ENV: "development", PORT: "3200" }).appUrl).toBe("http://localhost:3200");
    expect(loadConfig({ NODE_ENV: "development", PORT: "3200" }).drchrono.baseUrl).toBe(
      "http://localhost:3200/sandbox/drchrono",
    );
    expect(loadConfig({ NODE_ENV: "development" }).appUrl).toBe("http://localhost:3000");
    expect(loadConfig({ NODE_ENV: "development", PORT: "3200", APP_URL: "http://demo.test" }).appUrl).toBe(
      "http://demo.test",
    );
    expect(loadConfig({ ...productionSecrets, PORT: "3200" }).appUrl).toBe("http://localhost:3000");
  });

  it("runs every outside service in sandbox mode when credentials are absent", () => {
    const config = loadConfig({ NODE_ENV: "test", APP_URL: "http://localhost:4000" });
    expect(config.sandbox.any).toBe(true);
    expect(config.drchrono.baseUrl).toBe("http://localhost:4000/sandbox/drchrono");
    expect(config.email.baseUrl).toBe("http://localhost:4000/sandbox/resend");
    expect(config.sms.baseUrl).toBe("http://localhost:4000/sandbox/twilio");
    expect(config.database).toEqual({ kind: "pglite", dir: ".data/pglite" });
  });

  it("goes live with credentials, accepting the older drchrono variable names and Vercel's POSTGRES_URL", () => {
    const config = loadConfig({
      ...productionSecrets,
      ...liveMessaging,
      SOCIAL_AUTH_DRCHRONO_KEY: "id",
      SOCIAL_AUTH_DRCHRONO_SECRET: "secret",
      POSTGRES_URL: "postgres://u:p@db.example.com/app",
    });
    expect(config.drchrono).toMatchObject({
      sandbox: false,
      baseUrl: "https://app.drchrono.com",
      clientId: "id",
    });
    expect(config.database).toEqual({ kind: "postgres", url: "postgres://u:p@db.example.com/app" });
    expect(config.mode).toBe("live");
  });

  it("refuses a fixed clock outside sandbox mode", () => {
    const problems = problemsOf({
      ...productionSecrets,
      ...liveEverything,
      SANDBOX_NOW: "2026-01-01T12:00:00Z",
    });
    expect(problems).toEqual(["SANDBOX_NOW is only allowed in sandbox mode"]);
  });
});

describe("one mode: wholly sandbox or wholly live", () => {
  it("is sandbox with no credentials at all, in production too (a public demo)", () => {
    const config = loadConfig({ ...productionSecrets });
    expect(config.mode).toBe("sandbox");
    expect(config.sandbox.any).toBe(true);
  });

  it("is live with every credential", () => {
    const config = loadConfig({ ...productionSecrets, ...liveEverything });
    expect(config.mode).toBe("live");
    expect(config.sandbox.any).toBe(false);
    expect([config.drchrono.sandbox, config.email.sandbox, config.sms.sandbox]).toEqual([
      false,
      false,
      false,
    ]);
  });

  it("refuses drchrono credentials without Resend and Twilio, naming exactly what is missing", () => {
    const problems = problemsOf({
      ...productionSecrets,
      DRCHRONO_CLIENT_ID: "id",
      DRCHRONO_CLIENT_SECRET: "s",
    });
    expect(problems).toEqual([
      "Partial live configuration (drchrono configured): missing RESEND_API_KEY, RESEND_WEBHOOK_SECRET, " +
        "TWILIO_ACCOUNT_SID, " +
        "TWILIO_AUTH_TOKEN, TWILIO_MESSAGING_SERVICE_SID or TWILIO_FROM. Set all of them to run live, or none " +
        "of the drchrono, Resend and Twilio credentials for sandbox mode.",
    ]);
  });

  it("refuses a live setup that lacks only the Twilio sender", () => {
    const { TWILIO_FROM: _sender, ...withoutSender } = liveEverything;
    const problems = problemsOf({ ...productionSecrets, ...withoutSender });
    expect(problems).toEqual([
      "Partial live configuration (drchrono, e-mail, SMS configured): missing TWILIO_MESSAGING_SERVICE_SID or " +
        "TWILIO_FROM. Set all of them to run live, or none of the drchrono, Resend and Twilio credentials for " +
        "sandbox mode.",
    ]);
  });

  it("refuses live e-mail without the Resend webhook secret (bounces and complaints would go unnoticed)", () => {
    const { RESEND_WEBHOOK_SECRET: _secret, ...withoutSecret } = liveEverything;
    expect(problemsOf({ ...productionSecrets, ...withoutSecret })).toEqual([
      "Partial live configuration (drchrono, e-mail, SMS configured): missing RESEND_WEBHOOK_SECRET. Set all of " +
        "them to run live, or none of the drchrono, Resend and Twilio credentials for sandbox mode.",
    ]);
  });

  it("refuses a Twilio account without the auth token that verifies its webhooks", () => {
    const { TWILIO_AUTH_TOKEN: _token, ...withoutToken } = liveEverything;
    expect(problemsOf({ ...productionSecrets, ...withoutToken })).toEqual([
      "Partial live configuration (drchrono, e-mail, SMS configured): missing TWILIO_AUTH_TOKEN. Set all of " +
        "them to run live, or none of the drchrono, Resend and Twilio credentials for sandbox mode.",
    ]);
  });

  it("refuses messaging credentials without drchrono, and points development at the opt-in", () => {
    const problems = problemsOf({ NODE_ENV: "development", RESEND_API_KEY: "re_live" });
    expect(problems).toEqual([
      "Partial live configuration (e-mail configured): missing DRCHRONO_CLIENT_ID, DRCHRONO_CLIENT_SECRET, " +
        "RESEND_WEBHOOK_SECRET, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_MESSAGING_SERVICE_SID or TWILIO_FROM. Set all of them to " +
        "run live, or none of the drchrono, Resend and Twilio credentials for sandbox mode (in development, " +
        "ALLOW_PARTIAL_SANDBOX=1 accepts the mix).",
    ]);
  });

  it("lets development opt in to a partial setup, which stays sandbox mode", () => {
    const config = loadConfig({
      NODE_ENV: "test",
      DRCHRONO_CLIENT_ID: "id",
      DRCHRONO_CLIENT_SECRET: "s",
      ALLOW_PARTIAL_SANDBOX: "1",
    });
    expect(config.mode).toBe("sandbox");
    expect([config.drchrono.sandbox, config.email.sandbox, config.sms.sandbox]).toEqual([false, true, true]);
  });

  it("refuses the partial opt-in in production, even with a complete configuration", () => {
    expect(problemsOf({ ...productionSecrets, ALLOW_PARTIAL_SANDBOX: "1" })).toEqual([
      "ALLOW_PARTIAL_SANDBOX is refused when NODE_ENV=production",
    ]);
    expect(
      problemsOf({
        ...productionSecrets,
        DRCHRONO_CLIENT_ID: "id",
        DRCHRONO_CLIENT_SECRET: "s",
        ALLOW_PARTIAL_SANDBOX: "1",
      }),
    ).toEqual([
      "Partial live configuration (drchrono configured): missing RESEND_API_KEY, RESEND_WEBHOOK_SECRET, " +
        "TWILIO_ACCOUNT_SID, " +
        "TWILIO_AUTH_TOKEN, TWILIO_MESSAGING_SERVICE_SID or TWILIO_FROM. Set all of them to run live, or none " +
        "of the drchrono, Resend and Twilio credentials for sandbox mode.",
      "ALLOW_PARTIAL_SANDBOX is refused when NODE_ENV=production",
    ]);
  });

  it("derives the sandbox support key from the session secret unless one is set", () => {
    const derived = loadConfig({ ...productionSecrets }).sandbox.supportKey;
    expect(derived).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(loadConfig({ ...productionSecrets }).sandbox.supportKey).toBe(derived);
    expect(loadConfig({ ...productionSecrets, NEXTAUTH_SECRET: "t".repeat(40) }).sandbox.supportKey).not.toBe(
      derived,
    );
    expect(loadConfig({ ...productionSecrets, SANDBOX_SUPPORT_KEY: "k".repeat(20) }).sandbox.supportKey).toBe(
      "k".repeat(20),
    );
  });
});
