import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { unlockSupportMail } from "./support/admin";
import { ADMIN_EMAIL, E2E_PORT, e2eEnv, SANDBOX_SUPPORT_KEY } from "./support/env";
import { signInAsPracticeDoctor } from "./support/practice";

/*
 * The security review's findings, tried as an outsider against the production build: a partial configuration
 * refuses to start, live mode has no /sandbox/*, headers are set, redirects stay on-site, support's magic links
 * are not handed to visitors of a sandbox demo, and the outbox preview runs no script.
 */

const NEXT = path.join(process.cwd(), "node_modules", ".bin", "next");

/** Production secrets and nothing else (no sandbox clock: live mode refuses it). */
const SECRETS = {
  NODE_ENV: "production",
  NEXTAUTH_SECRET: e2eEnv.NEXTAUTH_SECRET ?? "",
  TOKEN_ENCRYPTION_KEYS: e2eEnv.TOKEN_ENCRYPTION_KEYS ?? "",
  CRON_SECRET: e2eEnv.CRON_SECRET ?? "",
  PATH: process.env.PATH ?? "",
};

/** Every credential of live mode, pointing at a closed loopback port: nothing real is ever called. */
const DUMMY_LIVE = {
  DRCHRONO_CLIENT_ID: "dummy-client",
  DRCHRONO_CLIENT_SECRET: "dummy-secret",
  DRCHRONO_BASE_URL: "http://127.0.0.1:9",
  RESEND_API_KEY: "re_dummy",
  RESEND_BASE_URL: "http://127.0.0.1:9",
  RESEND_WEBHOOK_SECRET: "whsec_ZHVtbXktc2VjcmV0",
  TWILIO_ACCOUNT_SID: `AC${"1".repeat(32)}`,
  TWILIO_AUTH_TOKEN: "dummy-token",
  TWILIO_FROM: "+15551234567",
  TWILIO_API_BASE_URL: "http://127.0.0.1:9",
};

function startServer(
  port: number,
  env: Record<string, string>,
): { child: ChildProcess; output: () => string } {
  const child = spawn(NEXT, ["start", "-p", String(port)], {
    env: env as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on("data", (chunk) => {
    output += String(chunk);
  });
  return { child, output: () => output };
}

/** A port nobody listens on right now (the extra servers must not collide with other runs on this machine). */
async function freePort(): Promise<number> {
  return await new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function exitCode(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  return await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the server did not exit")), timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

async function waitUntilUp(url: string): Promise<void> {
  await expect(async () => {
    const response = await fetch(url);
    expect(response.status).toBe(200);
  }).toPass({ timeout: 60_000 });
}

test("a partial live configuration refuses to start and names exactly what is missing", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "bg-partial-"));
  const server = startServer(await freePort(), {
    ...SECRETS,
    PGLITE_DIR: dir,
    DRCHRONO_CLIENT_ID: "real-looking-client",
    DRCHRONO_CLIENT_SECRET: "real-looking-secret",
  });
  try {
    expect(await exitCode(server.child, 60_000)).toBe(1);
    expect(server.output()).toContain(
      "Invalid configuration:\n" +
        "  - Partial live configuration (drchrono configured): missing RESEND_API_KEY, RESEND_WEBHOOK_SECRET, " +
        "TWILIO_ACCOUNT_SID, " +
        "TWILIO_AUTH_TOKEN, TWILIO_MESSAGING_SERVICE_SID or TWILIO_FROM. Set all of them to run live, or none of " +
        "the drchrono, Resend and Twilio credentials for sandbox mode.\n" +
        "The server refuses to start.\n",
    );
  } finally {
    server.child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("in live mode every /sandbox/* path is 404, no page claims sandbox, and HSTS is sent on https", async () => {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), "bg-live-"));
  const server = startServer(port, {
    ...SECRETS,
    ...DUMMY_LIVE,
    APP_URL: "https://greetings.example",
    PGLITE_DIR: dir,
  });
  try {
    const origin = `http://localhost:${port}`;
    await waitUntilUp(`${origin}/`);
    const sid = DUMMY_LIVE.TWILIO_ACCOUNT_SID;
    const paths = [
      "/sandbox",
      "/sandbox/outbox",
      "/sandbox/faults",
      "/sandbox/drchrono/o/authorize/?client_id=dummy-client&response_type=code",
      "/sandbox/drchrono/api/patients",
      "/sandbox/resend/emails",
      `/sandbox/twilio/2010-04-01/Accounts/${sid}/Messages.json`,
    ];
    const statuses: Record<string, number> = {};
    for (const p of paths) statuses[p] = (await fetch(`${origin}${p}`)).status;
    const posted = await fetch(`${origin}/sandbox/resend/emails`, {
      method: "POST",
      headers: { authorization: "Bearer re_dummy", "content-type": "application/json" },
      body: JSON.stringify({ from: "a@example.com", to: "b@example.com", subject: "x", text: "x" }),
    });
    statuses["POST /sandbox/resend/emails"] = posted.status;
    expect(statuses).toEqual({
      "/sandbox": 404,
      "/sandbox/outbox": 404,
      "/sandbox/faults": 404,
      "/sandbox/drchrono/o/authorize/?client_id=dummy-client&response_type=code": 404,
      "/sandbox/drchrono/api/patients": 404,
      "/sandbox/resend/emails": 404,
      [`/sandbox/twilio/2010-04-01/Accounts/${sid}/Messages.json`]: 404,
      "POST /sandbox/resend/emails": 404,
    });

    const home = await fetch(`${origin}/`);
    expect(home.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
    const html = await home.text();
    expect(html).not.toContain("nothing reaches real patients");
    expect(html).not.toContain('aria-label="Sandbox mode"');
  } finally {
    server.child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("every page carries a nonce-based CSP; unsubscribe pages keep no-referrer", async ({ request }) => {
  for (const p of ["/", "/signin", "/admin/signin", "/sandbox/outbox"]) {
    const response = await request.get(p);
    const csp = response.headers()["content-security-policy"] ?? "";
    const nonce = csp.match(/'nonce-([A-Za-z0-9+/=]+)'/)?.[1];
    expect(nonce, `${p} has a script nonce`).toBeTruthy();
    expect(csp).toBe(
      `default-src 'self'; script-src 'self' 'nonce-${nonce}' 'strict-dynamic'; style-src 'self' 'unsafe-inline'; ` +
        "img-src 'self' data:; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; " +
        "frame-ancestors 'none'",
    );
    // Next puts the nonce on its own scripts; a script without it would not run.
    const html = await response.text();
    expect(html).toContain(`nonce="${nonce}"`);
    // Plain http on localhost: no HSTS (it would pin localhost to https for two years).
    expect(response.headers()["strict-transport-security"]).toBeUndefined();
  }
  const next = await request.get("/signin");
  expect(next.headers()["content-security-policy"]).not.toBe(
    (await request.get("/signin")).headers()["content-security-policy"],
  );

  const unsubscribe = await request.get("/unsubscribe/not-a-real-token", {
    headers: { accept: "text/html" },
  });
  expect(unsubscribe.headers()["referrer-policy"]).toBe("no-referrer");
  const page = await request.get("/signin");
  expect(page.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
});

test("a signed-in doctor is never sent off-site by a hostile callbackUrl", async ({ page }) => {
  await signInAsPracticeDoctor(page);
  for (const hostile of [
    "/%09/evil.example/phish",
    "//evil.example/phish",
    "/%5Cevil.example",
    "https://evil.example/",
    "/%0A/evil.example",
    "javascript:alert(1)",
  ]) {
    await page.goto(`/signin?callbackUrl=${hostile}`);
    expect(new URL(page.url()).host, hostile).toBe(`localhost:${E2E_PORT}`);
    expect(new URL(page.url()).pathname, hostile).toBe("/dashboard");
  }
});

test("a visitor of the sandbox outbox cannot read support's magic link", async ({ page, browser }) => {
  await page.goto("/admin/signin");
  await page.getByLabel("Support e-mail address").fill(ADMIN_EMAIL);
  await page.getByRole("button", { name: "E-mail me a sign-in link" }).click();
  await expect(page.getByRole("status")).toContainText("a sign-in link is on its way");
  await page.waitForTimeout(1000);

  await page.goto("/sandbox/outbox");
  await expect(page.getByRole("heading", { level: 2, name: "Support's sign-in e-mails" })).toBeVisible();
  await expect(page.getByRole("heading", { name: /support sign-in link/ })).toHaveCount(0);
  expect(await page.content()).not.toContain("/admin/callback?token=");

  await page.getByLabel("Sandbox support key").fill("a-guess-that-is-not-the-key");
  await page.getByRole("button", { name: "Show support's e-mails" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "sandbox support key" })).toHaveText(
    "That is not the sandbox support key.",
  );
  await expect(page.getByRole("heading", { name: /support sign-in link/ })).toHaveCount(0);

  // Whoever runs the demo holds the key: then the link is there.
  const support = await browser.newPage();
  await unlockSupportMail(support);
  await expect(
    support.getByRole("heading", {
      name: /E-mail to support@example\.com: “Your Birthday Greetings support/,
    }),
  ).not.toHaveCount(0);
  expect(SANDBOX_SUPPORT_KEY.length).toBeGreaterThanOrEqual(16);
  await support.close();
});

test("a script in an e-mail does not run in the outbox preview", async ({ page, request }) => {
  const sent = await request.post("/sandbox/resend/emails", {
    headers: { authorization: "Bearer re_sandbox_key", "idempotency-key": `e2e-script-${Date.now()}` },
    data: {
      from: "Dr Smith <greetings@example.com>",
      to: "script@example.org",
      subject: "Injected",
      html: '<p id="m">Static text</p><script>document.getElementById("m").textContent="SCRIPT RAN"</script><img src="x" onerror="document.getElementById(\'m\').textContent=\'HANDLER RAN\'">',
      text: "Injected",
    },
  });
  expect(sent.status()).toBe(200);
  await page.goto("/sandbox/outbox");
  const frame = page.locator('iframe[title^="Rendered e-mail to script@example.org"]');
  await expect(frame).toHaveAttribute("sandbox", "");
  const rendered = page.frameLocator('iframe[title^="Rendered e-mail to script@example.org"]');
  await expect(rendered.locator("#m")).toHaveText("Static text");
});
