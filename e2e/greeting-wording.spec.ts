import { expect, test } from "@playwright/test";
import { signInAsPracticeDoctor } from "./support/practice";
import { checkBothSizes } from "./support/screens";

/*
 * The practice words its own greeting: the editor refuses a placeholder we do not fill, shows the cost of the text
 * message and a live preview, saves, sends a test greeting in the new words, and resets to ours; the same in Spanish
 * with a doctor's own sign-off ("Dra. Hayes"); and the send hour is saved. The practice may sign instead of its
 * doctors, and a Spanish test greeting in its own words still carries our footer (postal address and unsubscribe
 * link), which no wording can remove. Screens at desktop and 390×844. Every change is undone at the end, so the
 * stories after it see our wording, our sign-off and the default hour.
 */

const PRACTICE = "Maple Street Family Medicine";
const SPANISH = "¡Feliz cumpleaños, {first_name}!\n\n{doctor} y todo el equipo de {practice}";
const WORDING = "Many happy returns, {first_name}!\n\n{doctor} and everyone at {practice}";
/** Spanish of the practice's own, signed with {doctor}: the practice's name when the practice signs. */
const SPANISH_OWN = "¡Muchas felicidades, {first_name}!\n\nUn abrazo de todo el equipo.\n{doctor}";
const SPANISH_UNSUBSCRIBE = "Dejar de recibir felicitaciones de cumpleaños";
/** The signing doctor's office in the emulator (sandbox/drchrono/practices.ts): the footer's postal address. */
const MAPLE_ADDRESS = "120 Maple Street, Suite 200, Brooklyn, NY 11201";

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

test("Spanish wording with the doctor's own sign-off, and the send hour", async ({ page }) => {
  test.setTimeout(240_000);
  await signInAsPracticeDoctor(page);
  await page.goto("/dashboard/settings");

  // Dr Hayes signs the Spanish greeting "Dra. Hayes" (drchrono has no gender field, so the practice says so).
  const hayes = page.getByRole("group", { name: /Hayes/ });
  await hayes.getByLabel("In Spanish").fill("Dra. Hayes");
  await page.getByRole("button", { name: "Save sign-offs" }).click();
  await expect(page.getByText("Sign-offs saved. Greetings use them from the next run.")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("group", { name: /Hayes/ }).getByLabel("In Spanish")).toHaveValue("Dra. Hayes");

  const editor = page.getByLabel("Greeting in Spanish");
  await page.getByRole("button", { name: "Reset the Spanish wording to our default" }).click();
  await editor.fill(SPANISH);
  await expect(page.getByTestId("sms-preview-es")).toContainText(
    `¡Feliz cumpleaños, Alex! Dra. Hayes y todo el equipo de ${PRACTICE}`,
  );
  await expect(page.getByText(/^Text message: \d+ characters, \d SMS segments?\./).last()).toBeVisible();
  const preview = page.frameLocator('iframe[title="E-mail preview in Spanish"]');
  await expect(preview.getByText("¡Feliz cumpleaños, Alex!")).toBeVisible();
  await page.getByRole("button", { name: "Save the Spanish wording" }).click();
  await expect(
    page.getByText("The Spanish wording is saved. Greetings use it from the next run."),
  ).toBeVisible();
  await checkBothSizes(page, "3-wording-es");

  // The send hour: only 8 am to 9 pm can be chosen; the choice is kept.
  const hour = page.getByLabel("Send greetings at");
  const hours = await hour.locator("option").allTextContents();
  expect(hours[0]).toBe("The first run of the day after 8 am (default)");
  expect(hours.slice(1)).toEqual([
    "8:00 am",
    "9:00 am",
    "10:00 am",
    "11:00 am",
    "12:00 pm",
    "1:00 pm",
    "2:00 pm",
    "3:00 pm",
    "4:00 pm",
    "5:00 pm",
    "6:00 pm",
    "7:00 pm",
    "8:00 pm",
  ]);
  await hour.selectOption("18");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText(/Settings saved\. They apply/)).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Send greetings at")).toHaveValue("18");

  // Undo everything for the stories after this one.
  await page.getByLabel("Send greetings at").selectOption("");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText(/Settings saved\. They apply/)).toBeVisible();
  await page.getByRole("button", { name: "Reset the Spanish wording to our default" }).click();
  await page.getByRole("button", { name: "Save the Spanish wording" }).click();
  await expect(page.getByText("The Spanish greeting uses our wording again.")).toBeVisible();
  await page.getByRole("group", { name: /Hayes/ }).getByLabel("In Spanish").fill("");
  await page.getByRole("button", { name: "Save sign-offs" }).click();
  await expect(page.getByText("Sign-offs saved. Greetings use them from the next run.")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("group", { name: /Hayes/ }).getByLabel("In Spanish")).toHaveValue("");
});

test("the practice signs, a Spanish test greeting uses the edited words, and the footer cannot be edited away", async ({
  page,
}) => {
  test.setTimeout(240_000);
  await signInAsPracticeDoctor(page);
  await page.goto("/dashboard/settings");

  // The practice signs instead of each patient's doctor.
  const settings = page.getByRole("form", { name: "Greeting settings" });
  await settings.getByRole("radio", { name: `The practice: “Your care team at ${PRACTICE}”` }).check();
  await settings.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText(/Settings saved\. They apply/)).toBeVisible();
  await page.reload();
  await expect(
    page.getByRole("radio", { name: `The practice: “Your care team at ${PRACTICE}”` }),
  ).toBeChecked();
  await expect(page.getByTestId("sms-preview-en")).toHaveText(
    `Happy birthday, Alex! Wishing you a wonderful year ahead. From your care team at ${PRACTICE}. Reply STOP to opt out`,
  );
  const english = page.frameLocator('iframe[title="E-mail preview in English"]');
  await expect(english.getByText(`Your care team at ${PRACTICE}`)).toBeVisible();
  await expect(english.getByText(/Dr\. Hayes/)).toHaveCount(0);

  // Spanish words of the practice's own that say nothing of unsubscribing or of the address: the footer is ours.
  const editor = page.getByLabel("Greeting in Spanish");
  await editor.fill(SPANISH_OWN);
  const sms = page.getByTestId("sms-preview-es");
  await expect(sms).toHaveText(
    `¡Muchas felicidades, Alex! Un abrazo de todo el equipo. ${PRACTICE} Responda STOP para darse de baja`,
  );
  const spanish = page.frameLocator('iframe[title="E-mail preview in Spanish"]');
  await expect(spanish.getByText("¡Muchas felicidades, Alex!")).toBeVisible();
  await expect(spanish.getByText(/Dra?\. Hayes/)).toHaveCount(0);
  await expect(spanish.getByRole("link", { name: SPANISH_UNSUBSCRIBE })).toBeVisible();
  await expect(spanish.getByText(MAPLE_ADDRESS)).toBeVisible();
  await page.getByRole("button", { name: "Save the Spanish wording" }).click();
  await expect(
    page.getByText("The Spanish wording is saved. Greetings use it from the next run."),
  ).toBeVisible();
  await checkBothSizes(page, "3-wording-es-practice-signs");

  // The test greeting in Spanish: the edited words, signed by the practice, with the whole footer.
  const testForm = page.getByRole("form", { name: "Test e-mail" });
  const own = await testForm.getByLabel("Send the test e-mail to").inputValue();
  await testForm.getByLabel("Language").selectOption("es");
  await testForm.getByRole("button", { name: "Send test e-mail" }).click();
  await expect(page.getByText(`Test e-mail sent to ${own}.`)).toBeVisible();
  await page.goto("/sandbox/outbox", { timeout: 90_000 });
  const entry = page
    .getByRole("article")
    .filter({
      has: page.getByRole("heading", {
        name: `E-mail to ${own}: “[Test] ¡Feliz cumpleaños, Alex! Saludos de ${PRACTICE}”`,
      }),
    })
    .first();
  const body = escapeRegExp(
    `¡Muchas felicidades, Alex!\n\nUn abrazo de todo el equipo.\n${PRACTICE}\n\n--\n${PRACTICE}\n${MAPLE_ADDRESS}\n` +
      `Recibe este saludo por ser paciente de ${PRACTICE}.\n${SPANISH_UNSUBSCRIBE}: `,
  );
  await expect(entry.locator("pre")).toHaveText(new RegExp(`^${body}https?://\\S+/unsubscribe/\\S+\\s*$`));
  await checkBothSizes(page, "3-outbox-spanish-test");

  // Undo: our Spanish wording, each doctor signs.
  await page.goto("/dashboard/settings");
  await page.getByRole("button", { name: "Reset the Spanish wording to our default" }).click();
  await page.getByRole("button", { name: "Save the Spanish wording" }).click();
  await expect(page.getByText("The Spanish greeting uses our wording again.")).toBeVisible();
  await page.getByRole("radio", { name: /^Each patient’s own doctor/ }).check();
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText(/Settings saved\. They apply/)).toBeVisible();
  await page.reload();
  await expect(page.getByRole("radio", { name: /^Each patient’s own doctor/ })).toBeChecked();
  await expect(page.getByTestId("sms-preview-es")).toContainText("Dr. Hayes y colegas");
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
