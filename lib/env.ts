import { createHmac, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

/**
 * The one place configuration is read and validated. Everything else imports `getConfig()`.
 * In production every secret is required; in development missing secrets get generated defaults that are
 * persisted under .data/ (so encrypted tokens stay readable across restarts); in tests they live in memory.
 *
 * The app runs in exactly one mode (see `decideMode`): wholly sandbox (no drchrono, Resend or Twilio
 * credentials: built-in stand-ins everywhere) or wholly live (all of them). A mix is refused at start-up, naming
 * what is missing, because a half-live app would put real patients' greetings into the sandbox outbox.
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
  /** drchrono's hourly call limit for our API application (500 by default); we stop a margin short of it. */
  DRCHRONO_HOURLY_LIMIT: z.coerce.number().int().min(10).max(1_000_000).default(500),
  /** Who shares the limit: "app" (every practice together, as drchrono documents it) unless told otherwise. */
  DRCHRONO_BUDGET_SCOPE: z
    .string()
    .regex(/^[a-z0-9:_-]{1,64}$/, "must be 1-64 of a-z 0-9 : _ -")
    .default("app"),
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
  /** Development only: some services live, the others stand-ins (e.g. a real drchrono with the outbox). */
  ALLOW_PARTIAL_SANDBOX: optional.pipe(z.enum(["1"]).optional()),
  /** Unlocks support's sign-in e-mails in the sandbox outbox; derived from NEXTAUTH_SECRET when unset. */
  SANDBOX_SUPPORT_KEY: optional.pipe(z.string().min(16, "must be at least 16 characters").optional()),
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

type Env = z.infer<typeof schema>;

/** What each outside service needs to run live; a service with none of it set uses its stand-in. */
const LIVE_REQUIREMENTS: Array<{
  service: "drchrono" | "e-mail" | "SMS";
  /** Any of these set means someone meant this service to be live. */
  credentials: Array<keyof Env>;
  /** Everything live needs, each entry one variable or a list of alternatives. */
  required: Array<keyof Env | Array<keyof Env>>;
}> = [
  {
    service: "drchrono",
    credentials: ["DRCHRONO_CLIENT_ID", "DRCHRONO_CLIENT_SECRET"],
    required: ["DRCHRONO_CLIENT_ID", "DRCHRONO_CLIENT_SECRET"],
  },
  // Without the webhook secret bounces and complaints would go unnoticed, so live e-mail needs it too.
  {
    service: "e-mail",
    credentials: ["RESEND_API_KEY"],
    required: ["RESEND_API_KEY", "RESEND_WEBHOOK_SECRET"],
  },
  {
    service: "SMS",
    // TWILIO_AUTH_TOKEN both sends and verifies the status and inbound webhooks (X-Twilio-Signature).
    credentials: ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"],
    required: ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", ["TWILIO_MESSAGING_SERVICE_SID", "TWILIO_FROM"]],
  },
];

export type Mode = "sandbox" | "live";

/**
 * Sandbox when no service has credentials, live when every service has all it needs; anything between is a
 * problem naming each missing variable (or, in development with ALLOW_PARTIAL_SANDBOX=1, a sandbox whose
 * configured services are real).
 */
export function decideMode(e: Env): { mode: Mode; problems: string[] } {
  const touched = LIVE_REQUIREMENTS.filter((s) => s.credentials.some((name) => e[name] !== undefined));
  if (touched.length === 0) return { mode: "sandbox", problems: [] };
  const missing = LIVE_REQUIREMENTS.flatMap((s) =>
    s.required.filter((need) => (Array.isArray(need) ? need : [need]).every((name) => e[name] === undefined)),
  ).map((need) => (Array.isArray(need) ? need.join(" or ") : need));
  if (missing.length === 0) return { mode: "live", problems: [] };
  if (e.ALLOW_PARTIAL_SANDBOX && e.NODE_ENV !== "production") return { mode: "sandbox", problems: [] };
  const live = touched.map((s) => s.service);
  const optIn =
    e.NODE_ENV === "production" ? "" : " (in development, ALLOW_PARTIAL_SANDBOX=1 accepts the mix)";
  return {
    mode: "sandbox",
    problems: [
      `Partial live configuration (${live.join(", ")} configured): missing ${missing.join(", ")}. Set all ` +
        `of them to run live, or none of the drchrono, Resend and Twilio credentials for sandbox mode${optIn}.`,
    ],
  };
}

/** A fixed per-deployment value nobody can work out without the session secret. */
function derivedSecret(authSecret: string, purpose: string): string {
  return createHmac("sha256", authSecret).update(purpose).digest("base64url");
}

function buildConfig(e: Env, mode: Mode) {
  const appUrl = e.APP_URL.replace(/\/$/, "");
  const drchronoClientId = e.DRCHRONO_CLIENT_ID;
  const drchronoSandbox = !drchronoClientId;
  const emailSandbox = !e.RESEND_API_KEY;
  const smsSandbox = !e.TWILIO_ACCOUNT_SID || !e.TWILIO_AUTH_TOKEN;
  return {
    env: e.NODE_ENV,
    /** Wholly sandbox or wholly live (see decideMode); /sandbox/* and every stand-in exist only in sandbox. */
    mode,
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
      hourlyLimit: e.DRCHRONO_HOURLY_LIMIT,
      budgetScope: e.DRCHRONO_BUDGET_SCOPE,
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
      /** Sandbox mode: the stand-ins, /sandbox/* and the outbox exist. Same as `mode === "sandbox"`. */
      any: mode === "sandbox",
      /** Shows support's sign-in e-mails in the outbox: a public demo must not hand anyone support's links. */
      supportKey: e.SANDBOX_SUPPORT_KEY ?? derivedSecret(e.NEXTAUTH_SECRET, "sandbox-support-key"),
      seed: e.SANDBOX_SEED,
      patients: e.SANDBOX_PATIENTS,
      /** A fixed clock for demos and end-to-end tests; refused outside sandbox mode. */
      now: e.SANDBOX_NOW,
    },
    dispatchTimeBudgetMs: e.DISPATCH_TIME_BUDGET_MS,
  };
}

/**
 * In development with no URL configured, the app is wherever `next dev` put it: Next sets PORT to the port it
 * chose (`-p 3200`, `PORT=3200`, or the next free one), so sign-in and links come back to the same server.
 */
function developmentAppUrl(env: NodeJS.ProcessEnv): string | undefined {
  if (env.NODE_ENV === "production") return undefined;
  const port = Number(env.PORT);
  return Number.isInteger(port) && port > 0 && port < 65_536 ? `http://localhost:${port}` : undefined;
}

/** Validates an environment. Throws a ConfigError naming every missing or invalid variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const source: NodeJS.ProcessEnv = {
    ...env,
    APP_URL:
      env.APP_URL ||
      env.NEXTAUTH_URL ||
      (env.VERCEL_URL ? `https://${env.VERCEL_URL}` : undefined) ||
      developmentAppUrl(env),
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
  if (!parsed.success) throw new ConfigError(problems);
  const c = parsed.data;
  const { mode, problems: modeProblems } = decideMode(c);
  problems.push(...modeProblems);
  if (c.ALLOW_PARTIAL_SANDBOX && c.NODE_ENV === "production")
    problems.push("ALLOW_PARTIAL_SANDBOX is refused when NODE_ENV=production");
  if (c.SANDBOX_NOW && (mode === "live" || c.DRCHRONO_CLIENT_ID))
    problems.push("SANDBOX_NOW is only allowed in sandbox mode");
  if (problems.length > 0) throw new ConfigError(problems);
  return buildConfig(c, mode);
}

let cached: Config | undefined;

export function getConfig(): Config {
  cached ??= loadConfig();
  return cached;
}
