import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { parsePatient } from "../lib/drchrono/records";
import { localDateTime } from "../lib/greetings/dates";
import { decide } from "../lib/greetings/eligibility";
import type { ChannelMode, GreetingSettings } from "../lib/greetings/types";
import { createDrchronoEmulator } from "../sandbox/drchrono";
import { signInAsAdmin } from "./support/admin";
import { runCronDispatch } from "./support/cron";
import { E2E_NOW, e2eEnv } from "./support/env";
import { freePort, newPage, startOwnServer } from "./support/own-server";
import { signInAsPracticeDoctor } from "./support/practice";
import { checkBothSizes } from "./support/screens";

/*
 * The practice's chosen send hour is honoured. The sandbox clock cannot be moved while a server runs (SANDBOX_NOW is
 * read at start), so the hours are chosen around the practice's local time on the fixed clock (E2E_NOW): with the
 * hour set two hours after now, a dispatch sends nothing and the Today view shows today's patients as waiting, with
 * the next run at the chosen hour; with the hour set to before now, the next dispatch greets them.
 *
 * On a server of its own (own port and database), so the shared server's stories keep practice A untouched; the
 * settings are put back to the default at the end all the same.
 */

const PRACTICE = "Maple Street Family Medicine";

/** The greetings in the outbox (notices to the practice and support left out): their recipients, sorted. */
async function greetingRecipients(page: Page): Promise<string[]> {
  await page.goto("/sandbox/outbox");
  await expect(page.getByRole("heading", { level: 1, name: "Sandbox outbox" })).toBeVisible();
  const headings = await page.getByRole("article").getByRole("heading", { level: 2 }).allInnerTexts();
  return headings
    .flatMap((h) => {
      if (/support sign-in link|Activation requested|are active for/.test(h)) return [];
      const to = h.match(/^E-mail to (.+?): “/)?.[1] ?? h.match(/^Text message to (.+)$/)?.[1];
      if (!to) throw new Error(`unexpected outbox heading: ${h}`);
      return [to];
    })
    .sort();
}

/** Practice A's greetings due on E2E_NOW's date under `settings`: the patients and the recipients, sorted. */
function dueToday(settings: GreetingSettings): { patients: number; recipients: string[] } {
  const emulator = createDrchronoEmulator({
    seed: Number(process.env.SANDBOX_SEED ?? 42),
    patients: Number(e2eEnv.SANDBOX_PATIENTS),
    now: () => new Date(E2E_NOW),
  });
  const today = localDateTime(new Date(E2E_NOW), settings.timeZone).date;
  const noOptOut = { staff: false, emailUnsubscribed: false, smsStopped: false };
  let patients = 0;
  const recipients: string[] = [];
  for (const { patient } of emulator.describePatients(emulator.practiceGroups.a)) {
    const parsed = parsePatient(patient);
    if (!parsed.ok) continue;
    const decision = decide(parsed.patient, { today, settings, optOuts: noOptOut });
    if (decision.kind !== "greet") continue;
    patients += 1;
    for (const c of decision.channels)
      recipients.push((c === "email" ? decision.email : decision.phone) as string);
  }
  return { patients, recipients: recipients.sort() };
}

async function chooseSendHour(page: Page, hour: string) {
  await page.goto("/dashboard/settings");
  await page.getByLabel("Send greetings at").selectOption(hour);
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText(/Settings saved\. They apply/)).toBeVisible();
}

/** The counts in the overview's day summary ("21 birthdays today: 12 waiting, 8 skipped, 1 opted out."). */
async function todaySummary(page: Page): Promise<{ birthdays: number; greeted: number; waiting: number }> {
  await page.goto("/dashboard");
  await expect(page.locator("main .skeleton")).toHaveCount(0);
  const sentence = (await page.locator("#today-summary").textContent()) ?? "";
  const match = sentence.match(/^(\d+) birthdays? today: (.*)\.$/);
  if (!match) throw new Error(`not a day summary: ${sentence}`);
  const count = (label: string) => Number(match[2]?.match(new RegExp(`(\\d+) ${label}`))?.[1] ?? 0);
  return { birthdays: Number(match[1]), greeted: count("greeted"), waiting: count("waiting") };
}

test("greetings wait for the practice's chosen hour and go out once it has come", async ({ browser }) => {
  test.setTimeout(300_000);
  const dir = mkdtempSync(path.join(tmpdir(), "bg-send-hour-"));
  const server = await startOwnServer(await freePort(), { PGLITE_DIR: dir, SANDBOX_NOW: E2E_NOW });
  try {
    const doctor = await newPage(browser, server);
    const support = await newPage(browser, server);
    await signInAsPracticeDoctor(doctor);

    // The practice's local hour on the sandbox clock decides the two hours this story chooses.
    await doctor.goto("/dashboard/settings");
    const form = doctor.getByRole("form", { name: "Greeting settings" });
    const settings: GreetingSettings = {
      channelMode: (await form.locator('input[name="channelMode"]:checked').inputValue()) as ChannelMode,
      smsConsent: await form.locator('input[name="smsConsent"]').isChecked(),
      timeZone: await form.getByLabel("Practice time zone").inputValue(),
      greetResponsibleParty: await form.locator('input[name="greetResponsibleParty"]').isChecked(),
    };
    const localHour = localDateTime(new Date(E2E_NOW), settings.timeZone).hour;
    expect(
      localHour >= 9 && localHour <= 18,
      `the practice's local hour (${localHour}) leaves a choosable hour before and after it`,
    ).toBe(true);
    const later = localHour + 2;
    const earlier = localHour - 1;
    await chooseSendHour(doctor, String(later));

    // Support activates the practice.
    await doctor.goto("/dashboard/activation");
    await doctor.getByLabel("Name").fill("Eleanor Hayes");
    await doctor.getByLabel("E-mail").fill("frontdesk@maple.example");
    await doctor.getByRole("checkbox", { name: /I understand/ }).check();
    await doctor.getByRole("button", { name: "Request activation" }).click();
    await expect(doctor.getByText(/Activation was requested/).first()).toBeVisible();
    await signInAsAdmin(support);
    await support.getByRole("table").getByRole("link", { name: PRACTICE }).click();
    await support.getByLabel("How did you contact the practice?").fill("Called the front desk.");
    await support.getByRole("button", { name: "Activate account", exact: true }).click();
    await expect(support.getByRole("status").filter({ hasText: /^Activated\./ })).toBeVisible();

    const due = dueToday(settings);
    expect(due.patients, "the seeded practice has patients to greet today").toBeGreaterThan(0);

    // 1. Before the chosen hour: the run sends nothing, and Today says the patients are waiting for that hour.
    await runCronDispatch(support);
    expect(await greetingRecipients(support)).toEqual([]);
    const waiting = await todaySummary(doctor);
    expect(waiting.greeted).toBe(0);
    // Everyone not skipped for their chart alone waits: contact details are checked on the fresh chart at the run.
    expect(waiting.waiting, "today's patients wait for the chosen hour").toBeGreaterThanOrEqual(due.patients);
    const laterLabel = `${String(later).padStart(2, "0")}:00`;
    await expect(doctor.locator("#next-run")).toContainText(`from ${laterLabel} as you chose`);
    const today = doctor.getByRole("region", { name: /^Today, / });
    const waitingRows = today.getByRole("row").filter({ hasText: "Waiting" });
    await expect(waitingRows).toHaveCount(waiting.waiting);
    await expect(waitingRows.first()).toContainText("Goes out with the next run, at");
    await checkBothSizes(doctor, "3-send-hour-waiting");

    // 2. The hour moved to before now: the next run greets every patient due today, exactly once.
    await chooseSendHour(doctor, String(earlier));
    await runCronDispatch(support);
    expect(await greetingRecipients(support)).toEqual(due.recipients);
    const sent = await todaySummary(doctor);
    expect(sent.waiting).toBe(0);
    expect(sent.greeted).toBe(due.patients);
    expect(sent.birthdays).toBe(waiting.birthdays);
    await checkBothSizes(doctor, "3-send-hour-sent");

    // Back to the default hour.
    await chooseSendHour(doctor, "");
    await doctor.reload();
    await expect(doctor.getByLabel("Send greetings at")).toHaveValue("");
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
