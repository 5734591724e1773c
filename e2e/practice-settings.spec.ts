import { expect, test } from "@playwright/test";
import { signInAsPracticeDoctor } from "./support/practice";
import { checkBothSizes } from "./support/screens";

test("settings save, warn about texts without consent, preview the greeting and send a test to me", async ({
  page,
}) => {
  await signInAsPracticeDoctor(page);
  await page.goto("/dashboard/settings");
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();

  // The preview is the core's own message for "Alex", in English and Spanish.
  const english = page.frameLocator('iframe[title="E-mail preview in English"]');
  await expect(english.getByText(/Dear Alex/)).toBeVisible();
  await expect(english.getByText(/and colleagues/)).toBeVisible();
  await expect(
    page.frameLocator('iframe[title="E-mail preview in Spanish"]').getByText(/Hola, Alex/),
  ).toBeVisible();
  await expect(page.getByText(/Reply STOP to opt out/)).toBeVisible();
  await checkBothSizes(page, "3-4-settings");

  // Texts chosen without the consent attestation: saved, with a clear warning.
  await page.getByRole("radio", { name: "Text message (SMS) only" }).check();
  await page.getByRole("checkbox", { name: /agreed to receive text messages/ }).uncheck();
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText(/No text messages go out until you confirm/)).toBeVisible();

  await page.getByRole("radio", { name: "E-mail only" }).check();
  await page.getByLabel("Practice time zone").fill("America/Chicago");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText(/Settings saved\. They apply/)).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Practice time zone")).toHaveValue("America/Chicago");

  // Only the user's own address (from drchrono) or the practice's contact on file can be chosen.
  const recipient = page.getByLabel("Send the test e-mail to");
  const own = await recipient.inputValue();
  expect(await recipient.locator("option").allTextContents()).toEqual([own]);
  await page.getByRole("button", { name: "Send test e-mail" }).click();
  await expect(page.getByText(`Test e-mail sent to ${own}.`)).toBeVisible();
  await page.goto("/sandbox/outbox");
  await expect(page.getByRole("heading", { name: `E-mail to ${own}` }).first()).toBeVisible();

  await page.goto("/dashboard/settings");
  await checkBothSizes(page, "3-settings-after-test");
});
