import { expect, test } from "@playwright/test";
import { signInAsOtherPracticeDoctor } from "./support/practice";
import { checkBothSizes } from "./support/screens";

test("requesting activation needs the acknowledgement, then says support will call", async ({ page }) => {
  await signInAsOtherPracticeDoctor(page);
  await page.goto("/dashboard/activation");
  await expect(page.getByRole("heading", { level: 1, name: "Request activation" })).toBeVisible();
  const acknowledge = page.getByRole("checkbox", { name: /I understand/ });
  // Every e2e run starts on a fresh database, and only this story uses practice B: the form must be there.
  await expect(acknowledge).toBeVisible();
  await expect(page.getByRole("heading", { name: "What automation cannot know" })).toBeVisible();
  await expect(page.getByText(/Deaths or moves/)).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("activation.png"), fullPage: true });
  await checkBothSizes(page, "1-activation");

  await page.getByLabel("Name").fill("Sam Okafor");
  await page.getByLabel("E-mail").fill("sam@harbor.example");
  await page.getByLabel(/Phone/).fill("(415) 555-0132");
  // The browser requires the box; the server refuses without it as well (unit and integration tests).
  await acknowledge.check();
  await page.getByRole("button", { name: "Request activation" }).click();
  await expect(page.getByText(/Activation was requested/)).toBeVisible();

  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { name: "Activation requested" })).toBeVisible();
});
