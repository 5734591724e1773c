import { expect, test } from "@playwright/test";
import { signInAsOtherPracticeDoctor, signInAsPracticeStaff } from "./support/practice";
import { checkBothSizes } from "./support/screens";

test("the dashboard needs a session", async ({ page }) => {
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/signin/);
});

test("a new practice sees its state in words, the one next step, and today's birthdays", async ({ page }) => {
  // The second practice: no other story requests its activation before this one.
  await signInAsOtherPracticeDoctor(page);
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Overview" })).toHaveAttribute("aria-current", "page");
  await expect(page.locator("#main").getByText("Sandbox", { exact: true })).toBeVisible();
  await expect(
    page.getByRole("heading", { name: /Not yet requested|Activation requested|Active|Paused/ }),
  ).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: /^Today, / })).toBeVisible();
  await expect(page.locator("#next-run")).toHaveText("No runs for this practice until greetings are active.");
  await checkBothSizes(page, "1-today");
  await page.screenshot({ path: test.info().outputPath("overview-phone.png"), fullPage: true });
});

test("pause is offered only once greetings are active", async ({ page }) => {
  // Maple Street is not activated before the story runs: there is nothing to pause yet.
  await signInAsPracticeStaff(page);
  await expect(page.getByRole("heading", { level: 2, name: /^Today, / })).toBeVisible();
  await expect(page.getByRole("button", { name: "Pause greetings" })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Pause or resume" })).toHaveCount(0);
});
