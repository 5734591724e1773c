import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { describeSenderRates } from "../lib/delivery/health";
import { parsePatient } from "../lib/drchrono/records";
import { localDateTime } from "../lib/greetings/dates";
import { decide } from "../lib/greetings/eligibility";
import type { Channel, GreetingSettings } from "../lib/greetings/types";
import { createDrchronoEmulator } from "../sandbox/drchrono";
import { expectAccessible } from "./support/a11y";
import { signInAsAdmin } from "./support/admin";
import { runCronDispatch } from "./support/cron";
import { dumpDatabaseText } from "./support/database-dump";
import { E2E_NOW } from "./support/env";
import { freePort, newPage, startOwnServer } from "./support/own-server";
import { signInAsPracticeDoctor } from "./support/practice";

/*
 * The delivery loop, end to end, on a sandbox server of its own (its own port and database, so the shared server's
 * stories are untouched): a greeting shows Delivered in History; the outbox's "bounce", "complain", "reply STOP"
 * and "reply START" reach the app as the providers' signed events; forged and stale webhooks are refused. A year
 * later (the server restarted on the same database with the clock a year on, which is when the same patients are
 * due again): the bounced address is skipped with its reason, the complaint stands as an unsubscribe, the STOP
 * stops the text and the START let it through; once the chart's address is corrected, the patient is greeted
 * again. Finally every table of the database, dumped as text, holds no patient's contact data, name or birth date.
 *
 * Who is due is derived independently of the server, as in story.spec.ts: the same seeded emulator data, parsed
 * by the record parser and judged by the core's `decide` with the practice's settings.
 */

const PRACTICE = "Maple Street Family Medicine";
const PATIENTS = "3000";
const SEED = 42;
const YEAR_ONE = E2E_NOW;
const YEAR_TWO = `${Number(E2E_NOW.slice(0, 4)) + 1}${E2E_NOW.slice(4)}`;
const CORRECTED_ADDRESS = "corrected.address@example.org";
/** The fake Resend's signing secret in sandbox mode (SANDBOX_RESEND_WEBHOOK_SECRET in lib/env.ts). */
const SANDBOX_RESEND_SECRET = `whsec_${Buffer.from("sandbox-resend-webhook-signing-key").toString("base64")}`;

interface Due {
  id: number;
  channels: Channel[];
  email: string | null;
  phone: string | null;
}

/** Practice A's patients due on `now`'s date, as the server's emulator generates them, with both channels on. */
function dueOn(now: string, settings: GreetingSettings): Due[] {
  const emulator = createDrchronoEmulator({
    seed: SEED,
    patients: Number(PATIENTS),
    now: () => new Date(now),
  });
  const today = localDateTime(new Date(now), settings.timeZone).date;
  const due: Due[] = [];
  for (const { patient } of emulator.describePatients(emulator.practiceGroups.a)) {
    const parsed = parsePatient(patient);
    if (!parsed.ok) continue;
    const noOptOut = { staff: false, emailUnsubscribed: false, smsStopped: false };
    const decision = decide(parsed.patient, { today, settings, optOuts: noOptOut });
    if (decision.kind !== "greet") continue;
    due.push({
      id: parsed.patient.id,
      channels: decision.channels,
      email: decision.email,
      phone: decision.phone,
    });
  }
  return due;
}

/** Every patient's contact data, name and birth date in the emulated practices: none may be stored. */
function patientSecrets(): string[] {
  const emulator = createDrchronoEmulator({
    seed: SEED,
    patients: Number(PATIENTS),
    now: () => new Date(YEAR_ONE),
  });
  const ourDays = new Set([YEAR_ONE.slice(0, 10), YEAR_TWO.slice(0, 10)]);
  // The practices' own numbers are stored on purpose (the greeting's footer); a patient may share one by chance.
  const practiceNumbers = new Set(
    emulator.practices.flatMap((p) => [
      ...p.doctors.map((d) => d.office_phone.replace(/\D/g, "")),
      ...p.offices.map((o) => o.phone_number.replace(/\D/g, "")),
    ]),
  );
  const secrets = new Set<string>([CORRECTED_ADDRESS]);
  for (const { patient: p } of emulator.describePatients()) {
    for (const phone of [p.cell_phone, p.home_phone, p.office_phone]) {
      const digits = phone?.replace(/\D/g, "") ?? "";
      if (digits.length >= 10 && !practiceNumbers.has(digits.slice(-10))) {
        secrets.add(phone);
        secrets.add(`+1${digits.slice(-10)}`);
      }
    }
    if (p.email) secrets.add(p.email);
    if (p.first_name && p.last_name) {
      secrets.add(`${p.first_name} ${p.last_name}`);
      secrets.add(`${p.last_name}, ${p.first_name}`);
    }
    // A birth date equal to one of the story's own days would also match the days we legitimately store.
    if (p.date_of_birth && !ourDays.has(p.date_of_birth)) secrets.add(p.date_of_birth);
  }
  return [...secrets].filter((s) => s.trim().length >= 6);
}

/** Newest first: "pat@example.org" for an e-mail, "+15551230001" for a text (greetings only). */
async function outboxRecipients(page: Page): Promise<string[]> {
  await page.goto("/sandbox/outbox");
  await expect(page.getByRole("heading", { level: 1, name: "Sandbox outbox" })).toBeVisible();
  const headings = await page.getByRole("article").getByRole("heading", { level: 2 }).allInnerTexts();
  return headings.flatMap((h) => {
    if (/support sign-in link|Activation requested|are active for/.test(h)) return [];
    const to = h.match(/^E-mail to (.+?): “/)?.[1] ?? h.match(/^Text message to (.+)$/)?.[1];
    if (!to) throw new Error(`unexpected outbox heading: ${h}`);
    return [to];
  });
}

function recipientsOf(due: Due[], drop: (d: Due, channel: Channel) => boolean = () => false): string[] {
  return due
    .flatMap((d) =>
      d.channels.filter((c) => !drop(d, c)).map((c) => (c === "email" ? d.email : d.phone) as string),
    )
    .sort();
}

/** The History row of a patient's greeting on one channel, today. */
function historyRow(page: Page, patientId: number, channel: Channel) {
  return page
    .getByRole("table")
    .getByRole("row")
    .filter({ hasText: `#${patientId}` })
    .filter({ hasText: channel === "email" ? "E-mail" : "Text message" });
}

/** Waits until the patient's greeting on `channel` shows `status` in History (on whichever page it is). */
async function expectHistory(page: Page, day: string, patientId: number, channel: Channel, status: RegExp) {
  await expect(async () => {
    for (let n = 1; n <= 5; n++) {
      await page.goto(`/dashboard/history?from=${day}&to=${day}&channel=${channel}&page=${n}`);
      await expect(page.locator("main .skeleton")).toHaveCount(0);
      const row = historyRow(page, patientId, channel);
      if ((await row.count()) === 0) continue;
      await expect(row.getByRole("cell").last()).toHaveText(status, { timeout: 1000 });
      return;
    }
    throw new Error(`no History row for patient #${patientId} (${channel})`);
  }).toPass({ timeout: 20_000 });
}

/** The opt-out the patients page lists for a patient ("Unsubscribed from e-mail", "Replied STOP"), or none. */
async function optOutRowText(page: Page, patientId: number): Promise<string | null> {
  await page.goto("/dashboard/patients");
  await expect(page.locator("main .skeleton")).toHaveCount(0);
  const row = page
    .getByRole("table", { name: /not greeted/ })
    .getByRole("row")
    .filter({ hasText: `#${patientId}` });
  return (await row.count()) === 0 ? null : ((await row.first().textContent()) ?? "");
}

async function signedResendRequest(page: Page, id: string, at: Date, body: unknown) {
  const payload = JSON.stringify(body);
  const signature = new Webhook(SANDBOX_RESEND_SECRET).sign(id, at, payload);
  return page.request.post("/api/webhooks/resend", {
    headers: {
      "content-type": "application/json",
      "svix-id": id,
      "svix-timestamp": String(Math.floor(at.getTime() / 1000)),
      "svix-signature": signature,
    },
    data: payload,
  });
}

test("the delivery loop: delivered, bounce, complaint, STOP and START, forged webhooks, no contact data at rest", async ({
  browser,
}) => {
  test.setTimeout(420_000);
  const dir = mkdtempSync(path.join(tmpdir(), "bg-delivery-loop-"));
  const port = await freePort();
  const env = { PGLITE_DIR: dir, SANDBOX_PATIENTS: PATIENTS };
  let server = await startOwnServer(port, { ...env, SANDBOX_NOW: YEAR_ONE });
  try {
    // 1. The doctor greets by e-mail and text, asks for activation; support activates.
    const doctor = await newPage(browser, server);
    const support = await newPage(browser, server);
    await signInAsPracticeDoctor(doctor);
    await doctor.goto("/dashboard/settings");
    const form = doctor.getByRole("form", { name: "Greeting settings" });
    await form.getByRole("radio", { name: "Both e-mail and text message" }).check();
    await form.getByRole("checkbox", { name: /agreed to receive text messages/ }).check();
    await form.getByRole("button", { name: "Save settings" }).click();
    await expect(doctor.getByText(/Settings saved\. They apply/)).toBeVisible();
    const settings: GreetingSettings = {
      channelMode: "both",
      smsConsent: true,
      timeZone: await form.getByLabel("Practice time zone").inputValue(),
      greetResponsibleParty: false,
    };
    await doctor.goto("/dashboard/activation");
    await doctor.getByLabel("Name").fill("Eleanor Hayes");
    await doctor.getByLabel("E-mail").fill("frontdesk@maple.example");
    await doctor.getByRole("checkbox", { name: /I understand/ }).check();
    await doctor.getByRole("button", { name: "Request activation" }).click();
    await expect(doctor.getByText(/Activation was requested/).first()).toBeVisible();
    await signInAsAdmin(support);
    await support.getByRole("table").getByRole("link", { name: PRACTICE }).click();
    await support
      .getByLabel("How did you contact the practice?")
      .fill("Called the front desk; details confirmed.");
    await support.getByRole("button", { name: "Activate account", exact: true }).click();
    await expect(support.getByRole("status").filter({ hasText: /^Activated\./ })).toBeVisible();

    // Who is due, and the patients this story acts for: each contact unique among today's greetings.
    const due = dueOn(YEAR_ONE, settings);
    expect(dueOn(YEAR_TWO, settings), "the same patients are due a year later").toEqual(due);
    const unique = (value: string | null) =>
      due.filter((d) => d.email === value || d.phone === value).length === 1;
    const emailOnly = due.filter((d) => d.channels.join() === "email" && unique(d.email));
    const withEmail = due.filter((d) => d.channels.includes("email") && unique(d.email));
    const withText = due.filter((d) => d.channels.includes("sms") && unique(d.phone));
    const bounced = emailOnly[0] as Due;
    const complained = withEmail.find((d) => d.id !== bounced?.id) as Due;
    const [stopped, restarted] = withText.filter((d) => d.id !== complained?.id) as [Due, Due];
    expect(
      [bounced, complained, stopped, restarted].every(Boolean),
      "the seeded practice has an e-mail-only patient, another with e-mail and two with texts due today",
    ).toBe(true);
    const dayOne = localDateTime(new Date(YEAR_ONE), settings.timeZone).date;

    // 2. The scheduled run greets exactly the patients due; a moment later History says Delivered.
    await runCronDispatch(support);
    expect([...(await outboxRecipients(support))].sort()).toEqual(recipientsOf(due));
    await expectHistory(doctor, dayOne, bounced.id, "email", /^Delivered [A-Z][a-z]{2} \d/);
    await expectAccessible(doctor);

    // 3. On the patients' side: a bounce, a spam complaint, a STOP, and a STOP then START.
    await support.goto("/sandbox/outbox");
    await support.getByRole("button", { name: `Bounce e-mail to ${bounced.email}` }).click();
    await support.getByRole("button", { name: `Complain about e-mail to ${complained.email}` }).click();
    await support.getByRole("button", { name: `Reply STOP from ${stopped.phone}` }).click();
    await support.getByRole("button", { name: `Reply STOP from ${restarted.phone}` }).click();
    await expectAccessible(support);
    await expect(async () => {
      expect(await optOutRowText(doctor, restarted.id)).toMatch(/STOP/);
    }).toPass({ timeout: 20_000 });
    await support.goto("/sandbox/outbox");
    await support.getByRole("button", { name: `Reply START from ${restarted.phone}` }).click();

    await expectHistory(
      doctor,
      dayOne,
      bounced.id,
      "email",
      /^Bounced .+the e-mail address does not exist or refuses mail; correct it on the chart in drchrono$/,
    );
    await expectHistory(
      doctor,
      dayOne,
      complained.id,
      "email",
      /^Complained .+the patient marked the greeting as spam; they are unsubscribed from e-mail greetings$/,
    );
    await expect(async () => {
      expect(await optOutRowText(doctor, restarted.id)).toBeNull();
    }).toPass({ timeout: 20_000 });
    expect(await optOutRowText(doctor, complained.id)).toMatch(/Unsubscribed/);
    expect(await optOutRowText(doctor, stopped.id)).toMatch(/STOP/);

    // The overview and support's list show the 30 days' rates: one bounce and one complaint among the e-mails.
    const emails = due.filter((d) => d.channels.includes("email")).length;
    const rates = describeSenderRates({ sent: emails, delivered: emails - 1, bounced: 1, complained: 1 });
    await doctor.goto("/dashboard");
    await expect(doctor.locator("#delivery-rates")).toHaveText(rates);
    await expectAccessible(doctor);
    await support.goto("/admin");
    await expect(support.getByRole("row", { name: new RegExp(PRACTICE) })).toContainText(rates);

    // 4. Forged and stale webhooks are refused, and nothing of theirs is recorded (see the dump below).
    const forged = await support.request.post("/api/webhooks/resend", {
      headers: {
        "content-type": "application/json",
        "svix-id": "msg_forged_e2e_probe",
        "svix-timestamp": String(Math.floor(Date.now() / 1000)),
        "svix-signature": "v1,Zm9yZ2VkLXNpZ25hdHVyZS1vZi10aGUtcmlnaHQtbGVuZ3RoLQ==",
      },
      data: JSON.stringify({ type: "email.bounced", data: { email_id: "re_forged_e2e_probe" } }),
    });
    expect(forged.status()).toBe(401);
    const stale = await signedResendRequest(
      support,
      "msg_stale_e2e_probe",
      new Date(Date.now() - 10 * 60_000),
      {
        type: "email.bounced",
        data: { email_id: "re_stale_e2e_probe" },
      },
    );
    expect(stale.status()).toBe(401);
    const forgedStatus = await support.request.post("/api/webhooks/twilio/status", {
      headers: { "x-twilio-signature": "Zm9yZ2VkLXR3aWxpby1zaWduYXR1cmU=" },
      form: { MessageSid: `SM${"f".repeat(32)}`, MessageStatus: "undelivered", ErrorCode: "30003" },
    });
    expect(forgedStatus.status()).toBe(403);
    const forgedStop = await support.request.post("/api/webhooks/twilio/inbound", {
      headers: { "x-twilio-signature": "Zm9yZ2VkLXR3aWxpby1zaWduYXR1cmU=" },
      form: { MessageSid: `SM${"e".repeat(32)}`, From: restarted.phone as string, Body: "STOP" },
    });
    expect(forgedStop.status()).toBe(403);
    expect(await optOutRowText(doctor, restarted.id)).toBeNull();

    // 5. A year later the same patients are due again (same database; drchrono access is granted again).
    await server.stop();
    server = await startOwnServer(port, { ...env, SANDBOX_NOW: YEAR_TWO });
    const doctor2 = await newPage(browser, server);
    const support2 = await newPage(browser, server);
    await signInAsPracticeDoctor(doctor2);
    // The sandbox outbox survives the restart: year one's greetings are still listed, below year two's.
    const yearOneListed = (await outboxRecipients(support2)).length;
    const sentSinceRestart = async () => {
      const listed = await outboxRecipients(support2);
      return listed.slice(0, listed.length - yearOneListed);
    };
    await runCronDispatch(support2);
    const stoppedNumbers = new Set([stopped.phone]);
    const yearTwo = recipientsOf(
      due,
      (d, channel) =>
        (channel === "email" && (d.id === bounced.id || d.id === complained.id)) ||
        (channel === "sms" && stoppedNumbers.has(d.phone)),
    );
    expect([...(await sentSinceRestart())].sort()).toEqual(yearTwo);
    expect(yearTwo).toContain(restarted.phone);

    // The bounced address is skipped, saying why and what to do.
    await doctor2.goto("/dashboard/skipped?reason=email_bounced");
    await expect(doctor2.locator("main .skeleton")).toHaveCount(0);
    const skipped = doctor2
      .getByRole("table")
      .getByRole("row")
      .filter({ hasText: `#${bounced.id}` });
    await expect(skipped.getByRole("cell", { name: "E-mail bounced", exact: true })).toBeVisible();
    await expect(skipped.getByRole("cell").last()).toHaveText(
      "A greeting to this e-mail address bounced: it does not exist or refuses mail. Correct the address on the " +
        "chart in drchrono; a new address is greeted again.",
    );
    await expectAccessible(doctor2);

    // 6. The front desk corrects the address in drchrono; the next run greets the patient at the new one.
    const change = await support2.request.post("/sandbox/faults", {
      data: { changePatientEmail: { from: bounced.email, to: CORRECTED_ADDRESS } },
    });
    expect(change.status()).toBe(200);
    expect(await change.json()).toEqual({ changedPatients: [bounced.id] });
    await support2.goto("/sandbox/outbox");
    await support2.getByRole("button", { name: "Run today's greetings now" }).click();
    await expect(support2.getByText(/^Ran for 1 practice: 1 sent, 0 failed/)).toBeVisible();
    expect([...(await sentSinceRestart())].sort()).toEqual([...yearTwo, CORRECTED_ADDRESS].sort());
  } finally {
    await server.stop();
  }

  // 7. No patient's contact data, name or birth date anywhere in the database.
  try {
    const { tables, text } = await dumpDatabaseText(dir);
    expect(tables).toEqual(expect.arrayContaining(["public.send_log", "public.provider_events"]));
    // The dump holds the loop itself: statuses on the send log, the providers' events.
    for (const status of ["delivered", "bounced", "complained", "reply_stop", "reply_start"]) {
      expect(text).toContain(status);
    }
    for (const probe of ["forged_e2e_probe", "stale_e2e_probe", "f".repeat(32), "e".repeat(32)]) {
      expect(text, `a refused webhook left ${probe}`).not.toContain(probe);
    }
    const found = patientSecrets().filter((secret) => text.includes(secret));
    expect(found, "patient data in the database dump").toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
