import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

/**
 * The one place configuration is read and validated. Everything else imports `getConfig()`.
 * In production every secret is required; in development missing secrets get generated defaults that are
 * persisted under .data/ (so encrypted tokens stay readable across restarts); in tests they live in memory.
 */

const SANDBOX_DRCHRONO_CLIENT_ID = "sandbox-client";
const SANDBOX_DRCHRONO_CLIENT_SECRET = "sandbox-secret";
const SANDBOX_TWILIO_SID = `AC${"0".repeat(32)}`;
/** The fake Resend signs its events with this when no RESEND_WEBHOOK_SECRET is set (sandbox e-mail only). */
export const SANDBOX_RESEND_WEBHOOK_SECRET = `whsec_${Buffer.from("sandbox-resend-webhook-signing-key").toString("base64")}`;

const encryptionKeys = z.string().transform((raw, ctx) => {
  const keys = raw
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [id, b64] = part.split(":");
      return { id: id ?? "", key: Buffer.from(b64 ?? "", "base64") };
    });
  if (keys.length === 0 || keys.some((k) => !/^[A-Za-z0-9_-]{1,32}$/.test(k.id) || k.key.length !== 32)) {
    ctx.addIssue({
      code: "custom",
      message: 'expected "keyId:base64-of-32-bytes" (comma-separated; the first encrypts, all decrypt)',
    });
    return z.NEVER;
  }
  return keys;
});

const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));
const optionalUrl = optional.pipe(z.url().optional());

const schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  APP_URL: z.url().default("http://localhost:3000"),
  NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters"),
  TOKEN_ENCRYPTION_KEYS: encryptionKeys,
  CRON_SECRET: z.string().min(16, "must be at least 16 characters"),
  DATABASE_URL: optionalUrl,
  PGLITE_DIR: z.string().default(".data/pglite"),
  DRCHRONO_BASE_URL: optionalUrl,
  DRCHRONO_CLIENT_ID: optional,
  DRCHRONO_CLIENT_SECRET: optional,
  DRCHRONO_WEBHOOK_SECRET: optional,
  RESEND_API_KEY: optional,
  RESEND_BASE_URL: optionalUrl,
  RESEND_WEBHOOK_SECRET: optional,
  EMAIL_FROM: z.string().default("Birthday Greetings <greetings@example.com>"),
  SUPPORT_EMAIL: z.email().default("support@example.com"),
  TWILIO_ACCOUNT_SID: optional,
  TWILIO_AUTH_TOKEN: optional,
  TWILIO_MESSAGING_SERVICE_SID: optional,
  TWILIO_FROM: optional,
  TWILIO_API_BASE_URL: optionalUrl,
  ADMIN_EMAILS: z
    .string()
    .default("")
    .transform((v) =>
      v
        .split(",")
        .map((e) => e.trim().toLowerCase())
        .filter(Boolean),
    ),
  SANDBOX_SEED: z.coerce.number().int().default(42),
  SANDBOX_PATIENTS: z.coerce.number().int().min(0).max(200_000).default(300),
  SANDBOX_NOW: optional.pipe(z.iso.datetime({ offset: true }).optional()),
  DISPATCH_TIME_BUDGET_MS: z.coerce.number().int().min(1_000).default(240_000),
});

export type Config = ReturnType<typeof buildConfig>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

const GENERATED_SECRETS = ["NEXTAUTH_SECRET", "TOKEN_ENCRYPTION_KEYS", "CRON_SECRET"] as const;

function generateSecret(name: (typeof GENERATED_SECRETS)[number]): string {
  if (name === "TOKEN_ENCRYPTION_KEYS") return `dev:${randomBytes(32).toString("base64")}`;
  return randomBytes(32).toString("base64url");
}

/** Development secrets persist under .data/ so a restart can still decrypt stored tokens. */
function developmentSecrets(env: NodeJS.ProcessEnv): Record<string, string> {
  const missing = GENERATED_SECRETS.filter((name) => !env[name]);
  if (missing.length === 0) return {};
  if (env.NODE_ENV === "test") return Object.fromEntries(missing.map((n) => [n, generateSecret(n)]));
  const file = path.join(process.cwd(), ".data", "dev-secrets.json");
  const stored: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  let changed = false;
  for (const name of missing) {
    if (!stored[name]) {
      stored[name] = generateSecret(name);
      changed = true;
    }
  }
  if (changed) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  return Object.fromEntries(missing.map((n) => [n, stored[n] as string]));
}

function buildConfig(e: z.infer<typeof schema>) {
  const appUrl = e.APP_URL.replace(/\/$/, "");
  const drchronoClientId = e.DRCHRONO_CLIENT_ID;
  const drchronoSandbox = !drchronoClientId;
  const emailSandbox = !e.RESEND_API_KEY;
  const smsSandbox = !e.TWILIO_ACCOUNT_SID || !e.TWILIO_AUTH_TOKEN;
  return {
    env: e.NODE_ENV,
    isProduction: e.NODE_ENV === "production",
    appUrl,
    secureCookies: appUrl.startsWith("https://"),
    authSecret: e.NEXTAUTH_SECRET,
    encryptionKeys: e.TOKEN_ENCRYPTION_KEYS,
    cronSecret: e.CRON_SECRET,
    database: e.DATABASE_URL
      ? ({ kind: "postgres", url: e.DATABASE_URL } as const)
      : ({ kind: "pglite", dir: e.PGLITE_DIR } as const),
    drchrono: {
      sandbox: drchronoSandbox,
      baseUrl: (
        e.DRCHRONO_BASE_URL ?? (drchronoSandbox ? `${appUrl}/sandbox/drchrono` : "https://app.drchrono.com")
      ).replace(/\/$/, ""),
      clientId: drchronoClientId ?? SANDBOX_DRCHRONO_CLIENT_ID,
      clientSecret: e.DRCHRONO_CLIENT_SECRET ?? SANDBOX_DRCHRONO_CLIENT_SECRET,
      webhookSecret: e.DRCHRONO_WEBHOOK_SECRET,
    },
    email: {
      sandbox: emailSandbox,
      apiKey: e.RESEND_API_KEY ?? "re_sandbox_key",
      baseUrl: e.RESEND_BASE_URL ?? (emailSandbox ? `${appUrl}/sandbox/resend` : undefined),
      /** Verifies Resend's signed events (Svix); the fake Resend signs with the sandbox default. */
      webhookSecret: e.RESEND_WEBHOOK_SECRET ?? (emailSandbox ? SANDBOX_RESEND_WEBHOOK_SECRET : undefined),
      from: e.EMAIL_FROM,
      supportEmail: e.SUPPORT_EMAIL,
    },
    sms: {
      sandbox: smsSandbox,
      accountSid: e.TWILIO_ACCOUNT_SID ?? SANDBOX_TWILIO_SID,
      authToken: e.TWILIO_AUTH_TOKEN ?? "sandbox-token",
      messagingServiceSid: e.TWILIO_MESSAGING_SERVICE_SID,
      from: e.TWILIO_FROM ?? (smsSandbox ? "+15005550006" : undefined),
      baseUrl: e.TWILIO_API_BASE_URL ?? (smsSandbox ? `${appUrl}/sandbox/twilio` : undefined),
    },
    adminEmails: e.ADMIN_EMAILS,
    sandbox: {
      /** True when any outside service is replaced by a built-in stand-in. */
      any: drchronoSandbox || emailSandbox || smsSandbox,
      seed: e.SANDBOX_SEED,
      patients: e.SANDBOX_PATIENTS,
      /** A fixed clock for demos and end-to-end tests; refused outside sandbox mode. */
      now: e.SANDBOX_NOW,
    },
    dispatchTimeBudgetMs: e.DISPATCH_TIME_BUDGET_MS,
  };
}

/** Validates an environment. Throws a ConfigError naming every missing or invalid variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const source: NodeJS.ProcessEnv = {
    ...env,
    APP_URL: env.APP_URL || env.NEXTAUTH_URL || (env.VERCEL_URL ? `https://${env.VERCEL_URL}` : undefined),
    DATABASE_URL: env.DATABASE_URL || env.POSTGRES_URL,
    DRCHRONO_CLIENT_ID: env.DRCHRONO_CLIENT_ID || env.SOCIAL_AUTH_DRCHRONO_KEY,
    DRCHRONO_CLIENT_SECRET: env.DRCHRONO_CLIENT_SECRET || env.SOCIAL_AUTH_DRCHRONO_SECRET,
  };
  if (source.NODE_ENV !== "production") Object.assign(source, developmentSecrets(source));
  const parsed = schema.safeParse(source);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((i) => {
        const name = String(i.path[0]);
        return source[name] === undefined || source[name] === ""
          ? `${name} is required`
          : `${name} is invalid: ${i.message}`;
      });
  if (parsed.success) {
    const c = parsed.data;
    if (c.DRCHRONO_CLIENT_ID && !c.DRCHRONO_CLIENT_SECRET)
      problems.push("DRCHRONO_CLIENT_SECRET is required");
    if (c.TWILIO_ACCOUNT_SID && !c.TWILIO_MESSAGING_SERVICE_SID && !c.TWILIO_FROM)
      problems.push("TWILIO_MESSAGING_SERVICE_SID or TWILIO_FROM is required with TWILIO_ACCOUNT_SID");
    if (c.SANDBOX_NOW && c.DRCHRONO_CLIENT_ID) problems.push("SANDBOX_NOW is only allowed in sandbox mode");
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  return buildConfig(parsed.data);
}

let cached: Config | undefined;

export function getConfig(): Config {
  cached ??= loadConfig();
  return cached;
}
