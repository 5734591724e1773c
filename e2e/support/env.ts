/** The environment of the production server the end-to-end stories drive (sandbox mode, fixed clock). */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_URL = `http://localhost:${E2E_PORT}`;
export const CRON_SECRET = "e2e-cron-secret-0123456789abcdef";
export const ADMIN_EMAIL = "support@example.com";
/** What the support engineer running a sandbox demo sets (or reads from the start-up log). */
export const SANDBOX_SUPPORT_KEY = "e2e-sandbox-support-key-0123456789";

/** 17:00 UTC today: inside sending hours (08:00–21:00) in every US time zone the emulator's doctors use. */
export const E2E_NOW = `${new Date().toISOString().slice(0, 10)}T17:00:00.000Z`;

export const e2eEnv: Record<string, string> = {
  NODE_ENV: "production",
  APP_URL: E2E_URL,
  NEXTAUTH_SECRET: "e2e-session-secret-0123456789abcdef0123456789",
  TOKEN_ENCRYPTION_KEYS: `e2e:${Buffer.alloc(32, 7).toString("base64")}`,
  CRON_SECRET,
  PGLITE_DIR: process.env.E2E_PGLITE_DIR ?? ".data/e2e",
  ADMIN_EMAILS: ADMIN_EMAIL,
  SANDBOX_NOW: E2E_NOW,
  SANDBOX_PATIENTS: "300",
  SANDBOX_SUPPORT_KEY,
};
