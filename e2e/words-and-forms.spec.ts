import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Browser, expect, type Locator, type Page, test } from "@playwright/test";
import { US_TIME_ZONES } from "../lib/accounts/forms";
import { PRACTICE_A } from "../sandbox/drchrono/practices";
import { signInAsAdmin } from "./support/admin";
import { runCronDispatch } from "./support/cron";
import { freePort, type OwnServer, startOwnServer } from "./support/own-server";
import { signInAsOtherPracticeDoctor, signInAsPracticeDoctor } from "./support/practice";
import { checkBothSizes } from "./support/screens";

/*
 * Issue 11, section 4, "Words and forms": English signs "Dr." with a period; a Spanish-speaking patient's
 * unsubscribe page and its confirmation are in Spanish and give the practice's phone number; notices to the
 * practice greet "Hello Dr. Hayes,"; the time-zone picker is searched, lists US zones first and starts at the
 * drchrono doctor's zone; confirmations name the patient; a test text is marked as a test like the test e-mail.
 *
 * On a sandbox server of its own (own port, own database, removed at the end): it needs practices nobody has
 * touched (the prefilled activation request, the zone taken from drchrono at first sign-in) and a patient's
 * unsubscribe, which only the patient can undo, so the shared server's database is left exactly as it was.
 */

const PRACTICE = "Maple Street Family Medicine";
/** Dr Hayes's office phone in drchrono: the practice's number, the contact prefilled on the activation request. */
const PRACTICE_PHONE = "(212) 555-0100";
const HAYES_EMAIL = "eleanor.hayes@example.com";

let server: OwnServer;
let dir: string;

// Serial: the notice, the greetings and the test sends follow the activation. The outbox pages are long, so each
// test gets more than the default minute for its screenshots and axe scans at two sizes.
test.describe.configure({ mode: "serial", timeout: 150_000 });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dir = mkdtempSync(path.join(tmpdir(), "bg-words-and-forms-"));
  server = await startOwnServer(await freePort(), { PGLITE_DIR: dir });
});

test.afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext({ baseURL: server.url })).newPage();
}

/** The newest outbox message whose heading matches, once it has arrived (notices are sent after the response). */
async function outboxMessage(page: Page, heading: RegExp | string): Promise<Locator> {
  const headingOf = (p: Page) => p.getByRole("heading", { level: 2, name: heading });
  await expect(async () => {
    await page.goto("/sandbox/outbox");
    await expect(headingOf(page).first()).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  return page
    .getByRole("article")
    .filter({ has: headingOf(page) })
    .first();
}

/** The plain-text version of an outbox e-mail. */
async function plainText(message: Locator): Promise<string> {
  return (await message.locator("pre").textContent()) ?? "";
}

test("the time-zone picker is searched, lists US zones first and starts at the drchrono doctor's zone", async ({
  browser,
}) => {
  // Dr Okafor's drchrono zone is Los Angeles: neither the list's first entry nor UTC.
  const okafor = await newPage(browser);
  await signInAsOtherPracticeDoctor(okafor);
  await okafor.goto("/dashboard/settings");
  const zone = okafor.getByRole("combobox", { name: "Practice time zone" });
  await expect(zone).toHaveValue("America/Los_Angeles");

  const choices = await okafor
    .locator("#timeZoneChoices option")
    .evaluateAll((options) =>
      options.map((o) => ({ zone: (o as HTMLOptionElement).value, label: (o as HTMLOptionElement).label })),
    );
  expect(choices.slice(0, US_TIME_ZONES.length)).toEqual(
    US_TIME_ZONES.map(([zone, label]) => ({ zone, label })),
  );
  expect(choices[0]).toEqual({ zone: "America/New_York", label: "Eastern Time (New York, Miami, Atlanta)" });
  expect(choices.findIndex((c) => c.zone === "UTC")).toBeGreaterThan(US_TIME_ZONES.length);

  // Searching by city: the suggestions carry the words people type, and typing "Houston" and saving (without
  // picking a suggestion, as where the browser shows none) finds Central Time.
  expect(choices.find((c) => c.zone === "America/Chicago")?.label).toContain("Houston");
  await zone.fill("Houston");
  await okafor.getByRole("button", { name: "Save settings" }).click();
  await expect(
    okafor.getByText(
      "Settings saved. They apply from the next daily run. Time zone: America/Chicago, Central Time (Chicago, Houston, Dallas).",
      { exact: true },
    ),
  ).toBeVisible();
  await okafor.reload();
  await expect(zone).toHaveValue("America/Chicago");
  // Words that fit several zones are refused, naming some of them.
  await zone.fill("Eastern");
  await okafor.getByRole("button", { name: "Save settings" }).click();
  await expect(okafor.getByRole("form", { name: "Greeting settings" }).getByRole("alert")).toHaveText(
    /^“Eastern” fits \d+ time zones, such as America\/New_York/,
  );
  await checkBothSizes(okafor, "4-time-zone-picker");
  await zone.fill("America/Los_Angeles");
  await okafor.getByRole("button", { name: "Save settings" }).click();
  await expect(
    okafor.getByText("Settings saved. They apply from the next daily run.", { exact: true }),
  ).toBeVisible();

  // Dr Hayes's practice starts at her zone, New York.
  const hayes = await newPage(browser);
  await signInAsPracticeDoctor(hayes);
  await hayes.goto("/dashboard/settings");
  await expect(hayes.getByRole("combobox", { name: "Practice time zone" })).toHaveValue("America/New_York");
});

test("English greetings sign 'Dr.' with a period", async ({ browser }) => {
  const doctor = await newPage(browser);
  await signInAsPracticeDoctor(doctor);
  await doctor.goto("/dashboard/settings");
  const english = doctor.frameLocator('iframe[title="E-mail preview in English"]');
  await expect(english.getByText(/^Warm wishes,\s*Dr\. Hayes and colleagues$/)).toBeVisible();
  await expect(english.locator("body")).not.toContainText("Dr Hayes");
  await checkBothSizes(doctor, "4-english-dr-period");
});

test("notices to the practice greet 'Hello Dr. Hayes,', not by name and degree", async ({ browser }) => {
  const doctor = await newPage(browser);
  const support = await newPage(browser);
  await signInAsPracticeDoctor(doctor);
  await doctor.goto("/dashboard/activation");
  // The request is prefilled from drchrono: the doctor's name with her degree, her e-mail, the office phone.
  await expect(doctor.getByLabel("Name")).toHaveValue("Eleanor Hayes, MD");
  await expect(doctor.getByLabel("E-mail")).toHaveValue(HAYES_EMAIL);
  await expect(doctor.getByLabel(/Phone/)).toHaveValue(PRACTICE_PHONE);
  await doctor.getByRole("checkbox", { name: /I understand/ }).check();
  await doctor.getByRole("button", { name: "Request activation" }).click();
  await expect(doctor.getByText(/Activation was requested/).first()).toBeVisible();

  await signInAsAdmin(support);
  await support.getByRole("table").getByRole("link", { name: PRACTICE }).click();
  await support.getByLabel("How did you contact the practice?").fill("Called Dr Hayes's office; confirmed.");
  await support.getByRole("button", { name: "Activate account", exact: true }).click();
  await expect(support.getByRole("status").filter({ hasText: /^Activated\./ })).toBeVisible();

  const notice = await outboxMessage(
    support,
    `E-mail to ${HAYES_EMAIL}: “Birthday greetings are active for ${PRACTICE}”`,
  );
  const text = await plainText(notice);
  expect(text.split("\n")[0]).toBe("Hello Dr. Hayes,");
  expect(text).not.toContain("MD");
  await expect(notice.frameLocator("iframe").getByText("Hello Dr. Hayes,", { exact: true })).toBeVisible();
  await notice.scrollIntoViewIfNeeded();
  await checkBothSizes(support, "4-notice-greeting");
});

test("a Spanish-speaking patient unsubscribes in Spanish and is given the practice's number", async ({
  browser,
}) => {
  const support = await newPage(browser);
  await runCronDispatch(support);

  // The day's greetings sign "Dr. <name> and colleagues" in English, "Dr. <name> y colegas" in Spanish.
  await outboxMessage(support, /^E-mail to .+: “Happy birthday, /);
  const signatures = (await support.getByRole("article").locator("pre").allTextContents()).flatMap(
    (text) => text.match(/^(?:Warm wishes|Con nuestros mejores deseos),\n(.+)$/m)?.[1] ?? [],
  );
  expect(signatures.filter((line) => / and colleagues$/.test(line)).length).toBeGreaterThan(0);
  expect(signatures.filter((line) => / y colegas$/.test(line)).length).toBeGreaterThan(0);
  for (const line of signatures)
    expect(line).toMatch(
      /^(?:Dr\. [A-Z][a-z]+ (?:and colleagues|y colegas)|Your care team at .+|Su equipo .+)$/,
    );

  const spanishGreeting = await outboxMessage(support, /^E-mail to .+: “¡Feliz cumpleaños, /);
  const greetingText = await plainText(spanishGreeting);

  // The link a mail provider's "Unsubscribe" button uses is the one the greeting's footer shows.
  const header =
    (await spanishGreeting
      .getByRole("row")
      .filter({ has: support.getByRole("rowheader", { name: "List-Unsubscribe", exact: true }) })
      .getByRole("cell")
      .textContent()) ?? "";
  const link = header.match(/^<(https?:\/\/\S+\/unsubscribe\/[A-Za-z0-9._-]+)>$/)?.[1];
  expect(link, `an unsubscribe link in the List-Unsubscribe header (${header})`).toBeTruthy();
  expect(greetingText).toContain(`Dejar de recibir felicitaciones de cumpleaños: ${link}`);

  // The patient opens it in a browser of their own.
  const patient = await newPage(browser);
  await patient.goto(link as string);
  await expect(patient.locator("html")).toHaveAttribute("lang", "es");
  await expect(
    patient.getByRole("heading", { level: 1, name: "Dejar de recibir felicitaciones de cumpleaños" }),
  ).toBeVisible();
  await expect(patient.getByText(`¿Desea dejar de recibir los correos anuales`)).toContainText(PRACTICE);
  await checkBothSizes(patient, "4-unsubscribe-es");

  await patient.getByRole("button", { name: "Darme de baja" }).click();
  await expect(patient.getByRole("heading", { level: 1, name: "Se ha dado de baja" })).toBeVisible();
  await expect(patient.getByText(`${PRACTICE} ya no le enviará correos`)).toBeVisible();
  await expect(
    patient.getByText(`¿Cambió de opinión? Llame al consultorio al ${PRACTICE_PHONE}.`, { exact: true }),
  ).toBeVisible();
  // On a phone, one tap calls the practice.
  await expect(patient.getByRole("link", { name: PRACTICE_PHONE })).toHaveAttribute(
    "href",
    "tel:+12125550100",
  );
  await checkBothSizes(patient, "4-unsubscribed-es");

  // Opened again later, the link still answers in Spanish that it is done.
  await patient.goto(link as string);
  await expect(patient.getByRole("heading", { level: 1, name: "Se ha dado de baja" })).toBeVisible();
});

test("confirmations name the patient, not 'Patient #id'", async ({ browser }) => {
  const doctor = await newPage(browser);
  await signInAsPracticeDoctor(doctor);
  await doctor.goto("/dashboard/patients");
  await doctor.getByLabel("Name").fill("M");
  await doctor.getByRole("button", { name: "Search drchrono" }).click();
  const table = doctor.getByRole("table", { name: /Patients matching/ });
  await expect(table).toBeVisible();
  // A row "Lopez, Robert #70000079" (a nickname would follow in brackets; such rows are left out).
  const candidate = table
    .getByRole("row")
    .filter({ hasText: /^[^,(]+, [^(]+#\d+/ })
    .filter({ has: doctor.getByRole("button", { name: "Opt out" }) })
    .first();
  const patientCell = ((await candidate.getByRole("cell").first().textContent()) ?? "").trim();
  const [, last, first, id] = patientCell.match(/^(.+?), (.+?)\s+#(\d+)$/) ?? [];
  expect(last && first && id, `a patient cell "Last, First #id" (${patientCell})`).toBeTruthy();
  const name = `${first} ${last}`;
  const row = table.getByRole("row").filter({ hasText: `#${id}` });

  await row.getByRole("button", { name: "Opt out" }).click();
  await expect(row.getByText(`${name} is opted out and will not be greeted.`, { exact: true })).toBeVisible();
  await expect(doctor.getByText(`Patient #${id}`)).toHaveCount(0);
  await checkBothSizes(doctor, "4-confirmation-names-patient");

  await row.getByRole("button", { name: "Greet again" }).click();
  await expect(row.getByText(`${name} will be greeted again.`, { exact: true })).toBeVisible();
});

test("a test text is marked as a test, like the test e-mail", async ({ browser }) => {
  const doctor = await newPage(browser);
  // An outbox holding only the test sends.
  await doctor.goto("/sandbox/outbox");
  await doctor.getByRole("button", { name: "Clear outbox" }).click();
  await expect(doctor.getByText(/No messages yet/)).toBeVisible();
  await signInAsPracticeDoctor(doctor);
  await doctor.goto("/dashboard/settings");
  // The practice's contact phone from the activation request, as E.164.
  const phone = "+12125550100";
  await expect(doctor.getByLabel("Send the test text to")).toHaveValue(phone);
  await doctor.getByRole("button", { name: "Send test text" }).click();
  await expect(doctor.getByText(`Test text sent to ${phone}.`)).toBeVisible();
  await doctor.getByLabel("Send the test e-mail to").selectOption(HAYES_EMAIL);
  await doctor.getByRole("button", { name: "Send test e-mail" }).click();
  await expect(doctor.getByText(`Test e-mail sent to ${HAYES_EMAIL}.`)).toBeVisible();

  const text = await outboxMessage(doctor, `Text message to ${phone}`);
  await expect(
    text.getByText(/^\[Test\] Happy birthday, Alex! .* Dr\. Hayes and colleagues .*Reply STOP to opt out$/),
  ).toBeVisible();
  await outboxMessage(
    doctor,
    `E-mail to ${HAYES_EMAIL}: “[Test] Happy birthday, Alex! Best wishes from ${PRACTICE}”`,
  );
  await text.scrollIntoViewIfNeeded();
  await checkBothSizes(doctor, "4-test-text");
});

test("the sign-in-again notice greets 'Hello Dr. Hayes,' too", async ({ browser, request }) => {
  const support = await newPage(browser);
  // drchrono stops accepting the practice's access; the next run notices and tells the practice.
  const revoked = await request.post(`${server.url}/sandbox/faults`, {
    data: { revokePractice: PRACTICE_A },
  });
  expect(revoked.status()).toBe(200);
  await runCronDispatch(support);
  const notice = await outboxMessage(
    support,
    `E-mail to ${HAYES_EMAIL}: “Action needed: sign in again to keep birthday greetings going for ${PRACTICE}”`,
  );
  expect((await plainText(notice)).split("\n")[0]).toBe("Hello Dr. Hayes,");
});
