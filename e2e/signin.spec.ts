import { expect, type Page, test } from "@playwright/test";
import { expectAccessible } from "./support/a11y";

/*
 * Signing in through the drchrono emulator's consent page, as a practice would: the production server runs in
 * sandbox mode with the emulator mounted under /sandbox/drchrono.
 */

interface SessionJson {
  userId?: string;
  accountId?: string;
  role?: string;
}

async function startSignIn(page: Page) {
  await page.goto("/signin");
  await page.getByRole("button", { name: "Sign in with drchrono" }).click();
  await expect(page.getByRole("heading", { name: "Authorize application" })).toBeVisible();
}

async function consent(
  page: Page,
  user: RegExp,
  options: { untick?: string[]; decision?: "Allow" | "Deny" } = {},
) {
  await page.getByRole("radio", { name: user }).check();
  for (const scope of options.untick ?? []) {
    await page.getByRole("checkbox", { name: new RegExp(scope) }).uncheck();
  }
  await page.getByRole("button", { name: options.decision ?? "Allow" }).click();
}

async function session(page: Page): Promise<SessionJson> {
  const response = await page.request.get("/api/auth/session");
  expect(response.status()).toBe(200);
  return (await response.json()) as SessionJson;
}

async function signInAs(page: Page, user: RegExp): Promise<SessionJson> {
  await startSignIn(page);
  await consent(page, user);
  await page.waitForURL(/\/dashboard$/);
  return session(page);
}

test("the sign-in page is accessible and the dashboard needs a session", async ({ page }) => {
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fdashboard$/);
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await expectAccessible(page);
});

test("the emulator's consent page is accessible and lists the requested permissions", async ({ page }) => {
  await startSignIn(page);
  await expect(page.getByRole("checkbox", { name: /user:read/ })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: /patients:read/ })).toBeChecked();
  await page.screenshot({ path: test.info().outputPath("consent.png"), fullPage: true });
  await expectAccessible(page);
});

test("a doctor signs in through the consent page and reaches the dashboard", async ({ page }) => {
  const signedIn = await signInAs(page, /Eleanor Hayes/);
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  expect(signedIn).toMatchObject({ role: "doctor" });
  expect(signedIn.userId).toMatch(/^[0-9a-f-]{36}$/);
  expect(signedIn.accountId).toMatch(/^[0-9a-f-]{36}$/);
  // Signed in, the sign-in page sends the user on instead of asking again.
  await page.goto("/signin");
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("staff of the same practice join its account; another practice gets its own", async ({ browser }) => {
  const accountOf = async (user: RegExp) => {
    const context = await browser.newContext();
    const signedIn = await signInAs(await context.newPage(), user);
    await context.close();
    return signedIn;
  };
  const doctor = await accountOf(/Eleanor Hayes/);
  const staff = await accountOf(/Jordan Rivera/);
  const otherPractice = await accountOf(/Samuel Okafor/);
  expect(staff).toMatchObject({ role: "staff", accountId: doctor.accountId });
  expect(staff.userId).not.toBe(doctor.userId);
  expect(otherPractice.accountId).toBeDefined();
  expect(otherPractice.accountId).not.toBe(doctor.accountId);
});

test("unticking patients:read lands on the missing-permission page without a session", async ({ page }) => {
  await startSignIn(page);
  await consent(page, /Eleanor Hayes/, { untick: ["patients:read"] });
  await expect(page).toHaveURL(/\/auth\/missing-permissions\?missing=patients%3Aread$/);
  const missing = page.getByRole("list", { name: "Missing permissions" });
  await expect(missing).toContainText("Read patient records");
  await expect(missing).not.toContainText("user profile");
  await expect(page.getByRole("button", { name: "Grant access again" })).toBeVisible();
  expect(await session(page)).toEqual({});
  await expectAccessible(page);

  // "Grant access again" restarts the consent flow.
  await page.getByRole("button", { name: "Grant access again" }).click();
  await expect(page.getByRole("heading", { name: "Authorize application" })).toBeVisible();
});

test("pressing Deny explains that nothing was connected", async ({ page }) => {
  await startSignIn(page);
  await consent(page, /Eleanor Hayes/, { decision: "Deny" });
  await expect(page).toHaveURL(/\/auth\/error\?error=AccessDenied$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("You chose not to connect drchrono");
  expect(await session(page)).toEqual({});
  await expectAccessible(page);
});
