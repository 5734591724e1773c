import { expect, test } from "@playwright/test";
import { PRACTICE_B } from "../sandbox/drchrono/practices";
import { expectAccessible } from "./support/a11y";
import { MAGIC_LINK_SUBJECT, requestMagicLink, signInAsAdmin } from "./support/admin";
import { signInAsOtherPracticeDoctor } from "./support/practice";
import { checkBothSizes } from "./support/screens";

/*
 * Support's pages. These run first on a fresh database (files run in name order): nobody has asked for
 * activation yet, so the "awaiting activation" filter shows its empty state.
 */

test("the sign-in page answers every address alike and e-mails a link only to support", async ({ page }) => {
  await page.goto("/admin/signin");
  await expect(page.getByRole("heading", { level: 1, name: "Support sign-in" })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("button", { name: "E-mail me a sign-in link" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Enter a valid e-mail address" })).toBeVisible();

  await page.getByLabel("Support e-mail address").fill("doctor@maple.example");
  await page.getByRole("button", { name: "E-mail me a sign-in link" }).click();
  await expect(page.getByRole("status")).toContainText(
    "If doctor@maple.example belongs to support, a sign-in link is on its way.",
  );
  await page.screenshot({ path: test.info().outputPath("admin-signin.png"), fullPage: true });
  await expectAccessible(page);
  // Give the (after-response) send a moment it would have needed, then look: nothing went to that address.
  await page.waitForTimeout(1000);
  await page.goto("/sandbox/outbox");
  await expect(page.getByRole("heading", { name: /E-mail to doctor@maple\.example/ })).toHaveCount(0);
});

test("a magic link signs support in once; reusing it is refused", async ({ page, context }) => {
  const link = await requestMagicLink(page);
  await page.goto(link);
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole("heading", { level: 1, name: "Accounts" })).toBeVisible();

  const cookie = (await context.cookies()).find((c) => c.name === "bg_admin");
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/admin" });

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/admin\/signin$/);
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/admin\/signin$/);

  await page.goto(link);
  await expect(page).toHaveURL(/\/admin\/signin\?error=link$/);
  await expect(
    page.getByRole("alert").filter({ hasText: "already used, it expired, or it was mistyped" }),
  ).toBeVisible();
  await expectAccessible(page);
});

test("a forged link and a forged cookie are refused", async ({ page, context }) => {
  await page.goto(`/admin/callback?token=${"A".repeat(43)}`);
  await expect(page).toHaveURL(/\/admin\/signin\?error=link$/);
  // A well-formed payload ({ email: support, exp: far future }) with a made-up signature.
  const payload = Buffer.from(
    JSON.stringify({ email: "support@example.com", exp: 9_999_999_999_999 }),
  ).toString("base64url");
  await context.addCookies([
    { name: "bg_admin", value: `${payload}.forged-signature`, domain: "localhost", path: "/admin" },
  ]);
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/admin\/signin$/);
});

test("a practice session does not open support's pages", async ({ page }) => {
  await signInAsOtherPracticeDoctor(page);
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/admin\/signin$/);
  await page.goto("/admin?filter=awaiting");
  await expect(page).toHaveURL(/\/admin\/signin$/);
  await expect(page.getByRole("heading", { level: 1, name: "Support sign-in" })).toBeVisible();
});

test("accounts list, the empty 'awaiting activation' filter, and an account page", async ({ page }) => {
  // Make sure at least one practice exists (the second practice, which the activation story does not use).
  await signInAsOtherPracticeDoctor(page);
  await page.context().clearCookies();

  await signInAsAdmin(page);
  const table = page.getByRole("table");
  await expect(table.getByRole("columnheader", { name: "Activation requested" })).toBeVisible();
  const practiceLink = table.getByRole("link", { name: "Harbor View Pediatrics" });
  await expect(practiceLink).toBeVisible();
  await expect(table.getByRole("row", { name: /Harbor View Pediatrics/ })).toContainText(
    "Activation not requested",
  );
  await page.screenshot({ path: test.info().outputPath("admin.png"), fullPage: true });
  await expectAccessible(page);

  await page
    .getByRole("navigation", { name: "Filter accounts" })
    .getByRole("link", { name: "Awaiting activation" })
    .click();
  await expect(page).toHaveURL(/filter=awaiting/);
  await expect(page.getByRole("heading", { level: 1, name: "Accounts awaiting activation" })).toBeVisible();
  await expect(page.getByRole("status")).toHaveText(/No accounts are awaiting activation/);
  await page.screenshot({ path: test.info().outputPath("admin-awaiting-empty.png"), fullPage: true });
  await expectAccessible(page);

  await page.goto("/admin");
  await page.getByRole("table").getByRole("link", { name: "Harbor View Pediatrics" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Harbor View Pediatrics" })).toBeVisible();
  await expect(page.getByText("The practice has not requested activation yet.")).toBeVisible();
  // Nothing to activate yet, but support may still deactivate; no runs yet.
  await expect(page.getByRole("button", { name: "Activate account", exact: true })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Deactivate account" })).toBeVisible();
  // The doctor's sign-in is on the record; nothing by support yet.
  const audit = page.getByRole("region", { name: "Audit trail" });
  await expect(audit).toContainText("signed in");
  await expect(audit).toContainText("Samuel Okafor");
  await expect(audit).not.toContainText("Support (");
  await expect(page.getByRole("region", { name: "Recent runs" })).toContainText("No runs yet.");

  // Deactivation needs a reason: the server says so (the browser's own check is bypassed here).
  await page.getByLabel("Reason").evaluate((el) => el.removeAttribute("required"));
  await page.getByLabel("Reason").evaluate((el) => el.removeAttribute("minlength"));
  await page.getByRole("button", { name: "Deactivate account" }).click();
  await expect(page.getByText("Give a reason (at least 5 characters).")).toBeVisible();

  // Support previews the practice before activating it: who a run would greet and skip, nothing sent.
  await page.getByRole("button", { name: "Dry run today's dispatch" }).click();
  await expect(
    page.getByRole("heading", { level: 3, name: /^Dry run for \d{4}-\d{2}-\d{2} \(nothing was sent\)$/ }),
  ).toBeVisible({
    timeout: 30_000,
  });
  await checkBothSizes(page, "6-admin-account");

  await page.goto("/admin/accounts/00000000-0000-4000-8000-000000000000");
  await expect(page.getByText(/could not be found|404/i).first()).toBeVisible();
});

test("the magic-link e-mail says how long it lasts", async ({ page }) => {
  const link = await requestMagicLink(page);
  const article = page.getByRole("article").filter({ hasText: MAGIC_LINK_SUBJECT }).first();
  await expect(article.locator("pre")).toContainText("expires in 15 minutes");
  expect(link).toContain("/admin/callback?token=");
});

test("the dry run says plainly it could not read drchrono for a practice whose access was revoked", async ({
  page,
  request,
}) => {
  await signInAsOtherPracticeDoctor(page);
  await page.context().clearCookies();
  // The sandbox's fault knob: drchrono ends every grant of the practice, as when someone revokes the app.
  const revoked = await request.post("/sandbox/faults", { data: { revokePractice: PRACTICE_B } });
  expect(revoked.status()).toBe(200);

  await signInAsAdmin(page);
  await page.getByRole("table").getByRole("link", { name: "Harbor View Pediatrics" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Harbor View Pediatrics" })).toBeVisible();
  await page.getByRole("button", { name: "Dry run today's dispatch" }).click();
  const refused =
    "The dry run could not read drchrono: drchrono no longer accepts the practice's access. Someone at the practice must sign in with drchrono again.";
  await expect(page.getByRole("alert").filter({ hasText: "The dry run" })).toHaveText(refused, {
    timeout: 30_000,
  });
  await expect(page.getByText(/would be greeted/)).toHaveCount(0);
  await page.screenshot({
    path: test.info().outputPath("admin-dry-run-revoked-desktop.png"),
    fullPage: true,
  });
  await expectAccessible(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByRole("alert").filter({ hasText: "The dry run" })).toHaveText(refused);
  await page.screenshot({
    path: test.info().outputPath("admin-dry-run-revoked-390x844.png"),
    fullPage: true,
  });
  await expectAccessible(page);

  // The doctor signs in again (a fresh grant), so the practice is whole for the stories that follow.
  await page.context().clearCookies();
  await signInAsOtherPracticeDoctor(page);
});
