import { expect, test } from "@playwright/test";
import { expectAccessible } from "./support/a11y";

/*
 * Signing in is a plain form next-auth accepts: it works with JavaScript disabled (or not yet loaded). A failed
 * sign-in says why on the sign-in page.
 */

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a doctor signs in with the plain form and reaches the dashboard", async ({ page }) => {
    await page.goto("/signin");
    await page.getByRole("button", { name: "Sign in with drchrono" }).click();
    await expect(page.getByRole("heading", { name: "Authorize application" })).toBeVisible();
    await page.getByRole("radio", { name: /Eleanor Hayes/ }).check();
    await page.getByRole("button", { name: "Allow" }).click();
    await page.waitForURL(/\/dashboard$/);
    await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  });
});

test("a failed sign-in says why, in plain words", async ({ page }) => {
  await page.goto("/signin?error=OAuthCallback");
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(
    "drchrono did not complete the sign-in. Please try again.",
  );
  await expectAccessible(page);
  await page.goto("/signin?error=SomethingNew");
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(
    "Signing in did not work. Please try again; if it keeps failing, contact support.",
  );
});
