import { expect, test } from "@playwright/test";
import { signInAsPracticeDoctor } from "./support/practice";
import { checkBothSizes } from "./support/screens";

/*
 * The practice words its own greeting: the editor refuses a placeholder we do not fill, shows the cost of the text
 * message and a live preview, saves, sends a test greeting in the new words, and resets to ours. Screens at desktop and
 * 390×844. It leaves our wording in place for the stories after it.
 */

const PRACTICE = "Maple Street Family Medicine";
const WORDING = "Many happy returns, {first_name}!\n\n{doctor} and everyone at {practice}";

test("the practice edits, previews, tests and resets its wording", async ({ page }) => {
  test.setTimeout(240_000);
  await signInAsPracticeDoctor(page);
  await page.goto("/dashboard/settings");
  const editor = page.getByLabel("Greeting in English");
  // Start from our wording, whatever an earlier story left.
  await page.getByRole("button", { name: "Reset the English wording to our default" }).click();
  await expect(editor).toHaveValue(/^Dear \{first_name\},\n\nHappy birthday! Everyone at \{practice\}/);

  // A placeholder we do not fill is named at once, and the server refuses it too.
  await editor.fill("Happy birthday {last_name}!");
  const refusal = "{last_name} is not a placeholder we fill in. Use {first_name}, {doctor} or {practice}.";
  await expect(page.getByText(refusal)).toBeVisible();
  await page.getByRole("button", { name: "Save the English wording" }).click();
  await expect(page.getByRole("form", { name: "English wording" }).getByRole("alert")).toHaveText(refusal);

  // The live preview and the cost of the text follow the words as they are typed.
  await editor.fill(WORDING);
  await expect(page.getByTestId("sms-preview-en")).toHaveText(
    `Many happy returns, Alex! Dr. Hayes and everyone at ${PRACTICE} Reply STOP to opt out`,
  );
  await expect(
    page.getByText("Text message: 102 characters, 1 SMS segment. The e-mail’s wording has 70 characters."),
  ).toBeVisible();
  const preview = page.frameLocator('iframe[title="E-mail preview in English"]');
  await expect(preview.getByText("Many happy returns, Alex!")).toBeVisible();
  await expect(preview.getByText("Unsubscribe from birthday greetings")).toBeVisible();

  await page.getByRole("button", { name: "Save the English wording" }).click();
  await expect(
    page.getByText("The English wording is saved. Greetings use it from the next run."),
  ).toBeVisible();
  await checkBothSizes(page, "3-wording-en");

  await page.reload();
  await expect(page.getByLabel("Greeting in English")).toHaveValue(WORDING);

  // A test greeting uses the saved words.
  const recipient = page.getByLabel("Send the test e-mail to");
  const own = await recipient.inputValue();
  await page.getByRole("button", { name: "Send test e-mail" }).click();
  await expect(page.getByText(`Test e-mail sent to ${own}.`)).toBeVisible();
  await page.goto("/sandbox/outbox", { timeout: 90_000 });
  const entry = page
    .getByRole("article")
    .filter({ has: page.getByRole("heading", { name: `E-mail to ${own}: “[Test] Happy birthday, Alex!` }) })
    .first();
  await expect(entry.locator("pre")).toHaveText(
    new RegExp(`^Many happy returns, Alex!\\n\\nDr\\. Hayes and everyone at ${PRACTICE}\\n\\n--\\n`),
  );

  // "Reset to our default" puts our words back; saving them stores nothing of the practice's.
  await page.goto("/dashboard/settings");
  await page.getByRole("button", { name: "Reset the English wording to our default" }).click();
  await expect(page.getByLabel("Greeting in English")).toHaveValue(/^Dear \{first_name\},/);
  await expect(page.getByTestId("sms-preview-en")).toHaveText(
    `Happy birthday, Alex! Wishing you a wonderful year ahead. From Dr. Hayes and colleagues at ${PRACTICE}. Reply STOP to opt out`,
  );
  await page.getByRole("button", { name: "Save the English wording" }).click();
  await expect(page.getByText("The English greeting uses our wording again.")).toBeVisible();
});
