import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { signInAsAdmin } from "./support/admin";
import { runCronDispatch } from "./support/cron";
import { E2E_NOW } from "./support/env";
import { freePort, newPage, startOwnServer } from "./support/own-server";
import { signInAsPracticeDoctor } from "./support/practice";
import { checkBothSizes } from "./support/screens";

/*
 * Support's tools over one practice's day (issue 11, section 6): support finds the practice by its name, previews it
 * with a dry run before activation, activates it (the old preview does not linger), and after today's real run a
 * new dry run promises nobody and counts the greeted patients as already handled.
 *
 * On a server of its own (own port and database): the shared server's stories activate and run Dr Hayes's
 * practice in an order this story must not depend on.
 */

const PRACTICE = "Maple Street Family Medicine";

/** The dry run's one-line result: "12 would be greeted, 8 skipped, 3 already handled earlier today." */
async function dryRun(page: Page): Promise<{ greet: number; skipped: number; handled: number }> {
  await page.getByRole("button", { name: "Dry run today's dispatch" }).click();
  const result = page.getByRole("region", { name: /^Dry run for \d{4}-\d{2}-\d{2} \(nothing was sent\)$/ });
  await expect(result).toBeVisible({ timeout: 30_000 });
  const line = (await result.getByRole("status").textContent()) ?? "";
  const match = line.match(
    /^(\d+) would be greeted, (\d+) skipped(?:, (\d+) already handled earlier today)?\./,
  );
  if (!match) throw new Error(`not a dry-run result: ${line}`);
  return { greet: Number(match[1]), skipped: Number(match[2]), handled: Number(match[3] ?? 0) };
}

/** How many the admin account page's day summary says were greeted today ("8 birthdays: 2 greeted, …"). */
async function greetedToday(page: Page): Promise<number> {
  const sentence = (await page.locator("#admin-today-summary").textContent()) ?? "";
  const match = sentence.match(/^\d+ birthdays?: (\d+) greeted, /);
  if (!match) throw new Error(`not a day summary: ${sentence}`);
  return Number(match[1]);
}

test("support previews a practice by name, activates it without a stale preview, and a dry run after today's sends promises nobody", async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const dir = mkdtempSync(path.join(tmpdir(), "bg-support-tools-"));
  const server = await startOwnServer(await freePort(), { PGLITE_DIR: dir, SANDBOX_NOW: E2E_NOW });
  try {
    const doctor = await newPage(browser, server);
    const support = await newPage(browser, server);

    await signInAsPracticeDoctor(doctor);
    await doctor.goto("/dashboard/activation");
    await doctor.getByLabel("Name").fill("Eleanor Hayes");
    await doctor.getByLabel("E-mail").fill("frontdesk@maple.example");
    await doctor.getByRole("checkbox", { name: /I understand/ }).check();
    await doctor.getByRole("button", { name: "Request activation" }).click();
    await expect(doctor.getByText(/Activation was requested/).first()).toBeVisible();

    // The accounts list names the practice; its page is headed by the name, and the id is not what support reads.
    await signInAsAdmin(support);
    const row = support.getByRole("table").getByRole("row", { name: new RegExp(PRACTICE) });
    await expect(row.getByRole("rowheader")).toHaveText(PRACTICE);
    // No run has read its patients yet: their birthdays are unknown, which is not "no birthdays today".
    await expect(row).toContainText("Birthdays not known yet: the first run reads the patient list.");
    await checkBothSizes(support, "6-support-accounts");
    await row.getByRole("link", { name: PRACTICE }).click();
    await expect(support).toHaveURL(/\/admin\/accounts\/[0-9a-f-]{36}$/);
    await expect(support.getByRole("heading", { level: 1 })).toHaveText(PRACTICE);
    expect(await support.title()).toContain("Support");
    // The audit trail in words written for support, not the request's field names.
    await expect(support.getByRole("region", { name: "Audit trail" })).toContainText(
      "Activation requested by Eleanor Hayes (frontdesk@maple.example)",
    );

    // 1. Before activation: the dry run previews who a run would greet.
    const before = await dryRun(support);
    expect(before.greet, "the seeded practice has patients to greet today").toBeGreaterThan(0);
    expect(before.handled).toBe(0);
    await checkBothSizes(support, "6-support-dry-run-before-activation");

    // 2. Activation: the preview made for the inactive account does not survive it.
    await support.getByLabel("How did you contact the practice?").fill("Called the front desk.");
    await support.getByRole("button", { name: "Activate account", exact: true }).click();
    await expect(support.getByRole("status").filter({ hasText: /^Activated\./ })).toBeVisible();
    await expect(support.getByRole("region", { name: /^Dry run for / })).toHaveCount(0);
    await expect(support.getByText(/would be greeted/)).toHaveCount(0);
    await expect(support.getByRole("button", { name: "Dry run today's dispatch" })).toBeVisible();
    await checkBothSizes(support, "6-support-activated");

    // 3. Today's real run greets the practice's patients...
    await runCronDispatch(support);
    await support.reload();
    await expect(support.getByRole("heading", { level: 1 })).toHaveText(PRACTICE);
    const greeted = await greetedToday(support);
    expect(greeted, "today's run greeted whom the preview promised").toBe(before.greet);

    // ...so support's dry run now promises nobody and counts them as already handled.
    const after = await dryRun(support);
    expect(after).toEqual({ greet: 0, skipped: after.skipped, handled: greeted });
    const result = support.getByRole("region", { name: /^Dry run for / });
    await expect(result.locator("h4:text-is('Would be greeted') + p")).toHaveText("Nobody.");
    await checkBothSizes(support, "6-support-dry-run-after-sends");
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
