import { expect, type Page, test } from "@playwright/test";
import { parsePatient } from "../lib/drchrono/records";
import { localDateTime } from "../lib/greetings/dates";
import { decide } from "../lib/greetings/eligibility";
import type { ChannelMode, GreetingSettings, OptOutFlags, PatientRecord } from "../lib/greetings/types";
import { createDrchronoEmulator } from "../sandbox/drchrono";
import { expectAccessible } from "./support/a11y";
import { signInAsAdmin } from "./support/admin";
import { CRON_SECRET, E2E_NOW, e2eEnv } from "./support/env";
import { signInAsOtherPracticeDoctor } from "./support/practice";

/*
 * A drchrono we did not write answers "strangely but plausibly" (the emulator's strangeRecords knob): unused
 * fields in odd shapes (`permissions` as an object of booleans, which once broke every sign-in), ids as numeric
 * strings, "" for null, list pages named `data`, extra token fields. Sign-in must still work, and a dispatch must
 * greet exactly the patients the plain answers would: the expectation is derived from the same seeded data,
 * parsed and judged by the core, independently of the server.
 *
 * Uses practice B (Harbor View), which earlier specs may have asked to activate; practice A belongs to the story.
 */

const PRACTICE = "Harbor View Pediatrics";

test.afterEach(async ({ request }) => {
  await request.post("/sandbox/faults", { data: { reset: true } });
});

function practiceBPatients(): PatientRecord[] {
  const emulator = createDrchronoEmulator({
    seed: Number(process.env.SANDBOX_SEED ?? 42),
    patients: Number(e2eEnv.SANDBOX_PATIENTS),
    now: () => new Date(E2E_NOW),
  });
  return [...emulator.describePatients(emulator.practiceGroups.b)].flatMap(({ patient }) => {
    const parsed = parsePatient(patient);
    return parsed.ok ? [parsed.patient] : [];
  });
}

async function readSettings(page: Page): Promise<GreetingSettings> {
  await page.goto("/dashboard/settings");
  const form = page.getByRole("form", { name: "Greeting settings" });
  return {
    channelMode: (await form.locator('input[name="channelMode"]:checked').inputValue()) as ChannelMode,
    smsConsent: await form.locator('input[name="smsConsent"]').isChecked(),
    timeZone: await form.getByLabel("Practice time zone").inputValue(),
    greetResponsibleParty: await form.locator('input[name="greetResponsibleParty"]').isChecked(),
  };
}

/** Staff opt-outs by patient id, from the patients page's "not greeted" list (earlier specs may have set some). */
async function readOptOuts(page: Page): Promise<Map<number, OptOutFlags>> {
  await page.goto("/dashboard/patients");
  await expect(page.locator("main .skeleton")).toHaveCount(0);
  const flags = new Map<number, OptOutFlags>();
  const table = page.getByRole("table", { name: /not greeted/ });
  if ((await table.count()) === 0) return flags;
  for (const row of await table.getByRole("row").all()) {
    const text = (await row.textContent()) ?? "";
    const id = Number(text.match(/#(\d+)/)?.[1]);
    if (!id) continue;
    const f = flags.get(id) ?? { staff: false, emailUnsubscribed: false, smsStopped: false };
    if (/Unsubscribed/.test(text)) f.emailUnsubscribed = true;
    else if (/STOP/.test(text)) f.smsStopped = true;
    else f.staff = true;
    flags.set(id, f);
  }
  return flags;
}

/** Newest first: "pat@example.org" for an e-mail, "+15551230001" for a text. */
async function outboxRecipients(page: Page): Promise<string[]> {
  await page.goto("/sandbox/outbox");
  await expect(page.getByRole("heading", { level: 1, name: "Sandbox outbox" })).toBeVisible();
  const headings = await page.getByRole("article").getByRole("heading", { level: 2 }).allInnerTexts();
  return headings.flatMap((h) => {
    const to = h.match(/^E-mail to (.+?): “/)?.[1] ?? h.match(/^Text message to (.+)$/)?.[1];
    return to ? [to] : [];
  });
}

test("sign-in and a dispatch through a strange but plausible drchrono greet exactly the patients due", async ({
  browser,
  request,
}) => {
  test.setTimeout(300_000);
  const strange = await request.post("/sandbox/faults", { data: { strangeRecords: true } });
  expect(strange.status()).toBe(200);

  const doctor = await (await browser.newContext()).newPage();
  const support = await (await browser.newContext()).newPage();

  await signInAsOtherPracticeDoctor(doctor);
  await expectAccessible(doctor);
  if (await doctor.getByRole("heading", { level: 2, name: "Not yet requested" }).isVisible()) {
    await doctor.goto("/dashboard/activation");
    await doctor.getByLabel("Name").fill("Sam Okafor");
    await doctor.getByLabel("E-mail").fill("sam@harbor.example");
    await doctor.getByRole("checkbox", { name: /I understand/ }).check();
    await doctor.getByRole("button", { name: "Request activation" }).click();
    await expect(doctor.getByText(/Activation was requested/).first()).toBeVisible();
  }

  await signInAsAdmin(support);
  await support
    .getByRole("navigation", { name: "Filter accounts" })
    .getByRole("link", { name: "Awaiting activation" })
    .click();
  await support
    .getByRole("row", { name: new RegExp(PRACTICE) })
    .getByRole("link", { name: PRACTICE })
    .click();
  await expect(support.getByRole("heading", { level: 1, name: PRACTICE })).toBeVisible();
  await support.getByLabel("How did you contact the practice?").fill("Called Dr Okafor's office; confirmed.");
  await support.getByRole("button", { name: "Activate account", exact: true }).click();
  await expect(
    support.getByRole("status").filter({ hasText: /^Activated\. The practice was told/ }),
  ).toBeVisible();

  await doctor.goto("/dashboard");
  await expect(doctor.getByRole("heading", { level: 2, name: "Active", exact: true })).toBeVisible();
  await expectAccessible(doctor);

  const settings = await readSettings(doctor);
  const optOuts = await readOptOuts(doctor);
  const today = localDateTime(new Date(E2E_NOW), settings.timeZone).date;
  const noOptOut: OptOutFlags = { staff: false, emailUnsubscribed: false, smsStopped: false };
  const expected = practiceBPatients().flatMap((record) => {
    const decision = decide(record, { today, settings, optOuts: optOuts.get(record.id) ?? noOptOut });
    if (decision.kind !== "greet") return [];
    return decision.channels.map(
      (channel) => (channel === "email" ? decision.email : decision.phone) as string,
    );
  });
  expect(expected.length, "the seeded practice B has patients to greet today").toBeGreaterThan(0);

  const before = await outboxRecipients(support);
  const response = await support.request.get("/api/cron/dispatch", {
    headers: { Authorization: `Bearer ${CRON_SECRET}` },
  });
  expect(response.status()).toBe(200);
  const after = await outboxRecipients(support);
  const sent = after.slice(0, after.length - before.length);
  expect([...sent].sort()).toEqual([...expected].sort());
  await expectAccessible(support);
});
