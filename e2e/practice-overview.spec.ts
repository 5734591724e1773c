import { expect, test } from "@playwright/test";
import { expectAccessible } from "./support/a11y";
import { expectFitsPhone, signInAsOtherPracticeDoctor, signInAsPracticeStaff } from "./support/practice";

test("the dashboard needs a session", async ({ page }) => {
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/signin/);
});

test("a new practice sees its state in words, the one next step, and no run yet", async ({ page }) => {
  // The second practice: no other story requests its activation before this one.
  await signInAsOtherPracticeDoctor(page);
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Overview" })).toHaveAttribute("aria-current", "page");
  await expect(page.locator("#main").getByText("Sandbox", { exact: true })).toBeVisible();
  await expect(
    page.getByRole("heading", { name: /Not yet requested|Activation requested|Active|Paused/ }),
  ).toBeVisible();
  await expect(page.getByRole("heading", { name: "Last run" })).toBeVisible();
  await expect(page.getByText(/to greet today/)).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("overview.png"), fullPage: true });
  await expectAccessible(page);
  await expectFitsPhone(page);
  await page.screenshot({ path: test.info().outputPath("overview-phone.png"), fullPage: true });
});

test("pause and resume take effect with a clear message", async ({ page }) => {
  await signInAsPracticeStaff(page);
  const pause = page.getByRole("button", { name: "Pause greetings" });
  const resume = page.getByRole("button", { name: "Resume greetings" });
  await expect(pause).toBeVisible();
  await pause.click();
  await expect(page.getByText(/Greetings are paused/).first()).toBeVisible();
  await expect(resume).toBeVisible();
  await resume.click();
  await expect(page.getByRole("button", { name: "Pause greetings" })).toBeVisible();
});
