import { expect, test } from "@playwright/test";
import { expectAccessible } from "./support/a11y";

test("the home page shows the sandbox banner and is accessible", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Birthday Greetings" })).toBeVisible();
  await expect(page.getByRole("note", { name: "Sandbox mode" })).toContainText("Sandbox");
  await expectAccessible(page);
});

test("the health check reports the embedded database", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ status: "ok", database: "ok" });
});
