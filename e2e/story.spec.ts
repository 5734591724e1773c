import { expect, type Page, test } from "@playwright/test";
import { parsePatient } from "../lib/drchrono/records";
import { localDateTime } from "../lib/greetings/dates";
import { classifyRecord, decide } from "../lib/greetings/eligibility";
import type {
  ChannelMode,
  GreetingSettings,
  OptOutFlags,
  PatientRecord,
  SkipReason,
} from "../lib/greetings/types";
import { createDrchronoEmulator } from "../sandbox/drchrono";
import { signInAsAdmin } from "./support/admin";
import { runCronDispatch } from "./support/cron";
import { E2E_NOW, e2eEnv } from "./support/env";
import { signInAsPracticeDoctor } from "./support/practice";
import { checkBothSizes } from "./support/screens";

/*
 * The product's "Done when" story, on the production build in sandbox mode: a doctor signs in through the drchrono
 * emulator and requests activation; support signs in with a magic link and activates; the doctor opts out one
 * patient whose birthday is today; the cron dispatch runs; the outbox holds exactly one greeting for every other
 * patient due today; history lists them; a second run the same day sends nothing new and leaves the day's counts as
 * they were, and the overview's Today, Upcoming's today (state by state, by name), History, Skipped (today's skips by
 * reason, each reason in the filter and its table) and support's account page agree on them; the skipped page names
 * the patients with bad birth dates; after a pause a third run sends nothing new. The pages visited after the second
 * run are kept as desktop and 390×844 screenshots with the axe scan (checkBothSizes).
 *
 * What "due today" means is derived independently of the server: the same seeded emulator data (same seed,
 * size and clock as the server, see e2e/support/env.ts), parsed by the drchrono record parser and judged by the
 * core's `decide` with the practice's settings as its settings page shows them.
 *
 * It needs practice A (Maple Street) untouched by support: on a fresh database it is; the spec checks first.
 */

const PRACTICE = "Maple Street Family Medicine";
const BIRTH_DATE_PROBLEMS: SkipReason[] = [
  "no_birth_date",
  "invalid_birth_date",
  "birth_date_in_future",
  "implausible_age",
];

interface Patient {
  record: PatientRecord;
  /** "Last, First" as the dashboard shows it (plus a nickname in brackets when there is one). */
  label: string;
}

/** Practice A's patients exactly as the server's emulator generates them. */
function practiceAPatients(): Patient[] {
  const emulator = createDrchronoEmulator({
    seed: Number(process.env.SANDBOX_SEED ?? 42),
    patients: Number(e2eEnv.SANDBOX_PATIENTS),
    now: () => new Date(E2E_NOW),
  });
  const patients: Patient[] = [];
  for (const { patient } of emulator.describePatients(emulator.practiceGroups.a)) {
    const parsed = parsePatient(patient);
    if (!parsed.ok) continue;
    const r = parsed.patient;
    const name = [r.lastName.trim(), r.firstName.trim()].filter(Boolean).join(", ");
    patients.push({ record: r, label: name });
  }
  return patients;
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

/** Every opt-out the practice has, by patient id, from the patients page's "not greeted" list. */
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
  await expect(page.getByText(/Showing the newest/)).toHaveCount(0);
  const headings = await page.getByRole("article").getByRole("heading", { level: 2 }).allInnerTexts();
  return headings.map((h) => {
    const to = h.match(/^E-mail to (.+?): “/)?.[1] ?? h.match(/^Text message to (.+)$/)?.[1];
    if (!to) throw new Error(`unexpected outbox heading: ${h}`);
    return to;
  });
}

interface DayCounts {
  birthdays: number;
  greeted: number;
  waiting: number;
  skipped: number;
  optedOut: number;
  failed: number;
}

/**
 * The day's counts from the overview's sentence ("21 birthdays today: 12 greeted, 8 skipped, 1 opted out.", only
 * the states that occur) or support's ("21 birthdays: 12 greeted, 0 waiting, 8 skipped, 1 opted out, 0 failed.").
 */
function parseDay(sentence: string): DayCounts {
  const match = sentence.trim().match(/^(\d+) birthdays?(?: today)?: (.*)\.$/);
  if (!match) throw new Error(`not a day summary: ${sentence}`);
  const count = (label: string) => Number(match[2]?.match(new RegExp(`(\\d+) ${label}`))?.[1] ?? 0);
  return {
    birthdays: Number(match[1]),
    greeted: count("greeted"),
    waiting: count("waiting"),
    skipped: count("skipped"),
    optedOut: count("opted out"),
    failed: count("failed"),
  };
}

interface TodayItem {
  id: number;
  /** "Greeted", "Waiting", "Skipped", "Opted out" or "Failed". */
  state: string;
  /** The sentence after the state: what went out, or why not (a skip starts with its reason's label). */
  detail: string;
  text: string;
}

/** One of Upcoming's today items: "Last, First #123 Skipped No usable e-mail or mobile. Add …". */
function readTodayItem(text: string): TodayItem {
  const match = text.match(/#(\d+)(?:\s+\([^)]*\))?\s+(Greeted|Waiting|Skipped|Opted out|Failed)\s+(.*)$/s);
  if (!match) throw new Error(`not one of today's patients: ${text}`);
  return { id: Number(match[1]), state: match[2] as string, detail: (match[3] as string).trim(), text };
}

/** The Skipped page's "Skipped today" panel: reason label → count ("No usable e-mail or mobile: 5"). */
async function readTodaysSkips(page: Page): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const panel = page.getByRole("region", { name: "Skipped today" });
  if ((await panel.count()) === 0) return counts;
  for (const line of await panel.getByRole("listitem").allInnerTexts()) {
    const match = line.trim().match(/^(.+): (\d+)$/);
    if (!match) throw new Error(`not a reason and count: ${line}`);
    counts.set(match[1] as string, Number(match[2]));
  }
  return counts;
}

/** Every "#id" in the tables of a paged list, following ?page=2, 3, … until a page has no table. */
async function idsOnPages(page: Page, path: string): Promise<Map<number, string>> {
  const found = new Map<number, string>();
  for (let n = 1; n <= 50; n++) {
    await page.goto(`${path}${path.includes("?") ? "&" : "?"}page=${n}`);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    // Lists stream in behind a skeleton while names are fetched from drchrono.
    await expect(page.locator("main .skeleton")).toHaveCount(0);
    const table = page.locator("main table");
    if ((await table.count()) === 0) break;
    await expect(table.first()).toBeVisible();
    for (const row of await table.first().locator("tbody tr").all()) {
      const text = (await row.textContent()) ?? "";
      const id = Number(text.match(/#(\d+)/)?.[1]);
      if (id) found.set(id, text);
    }
    if ((await page.getByRole("link", { name: /Next page/ }).count()) === 0) break;
  }
  return found;
}

test("a practice is activated, greets every patient due today exactly once, and a paused practice sends nothing", async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const doctor = await (await browser.newContext()).newPage();
  const support = await (await browser.newContext()).newPage();

  // A clean outbox, so what follows is everything this story sent.
  await support.goto("/sandbox/outbox");
  const clear = support.getByRole("button", { name: "Clear outbox" });
  if (await clear.isVisible()) await clear.click();
  await expect(support.getByText(/No messages yet/)).toBeVisible();

  // 1. The doctor signs in through the emulator and asks for activation.
  await signInAsPracticeDoctor(doctor);
  await expect(
    doctor.getByRole("heading", { level: 2, name: "Not yet requested" }),
    "the story needs practice A untouched by support (a fresh database)",
  ).toBeVisible();
  await doctor.goto("/dashboard/activation");
  await doctor.getByLabel("Name").fill("Eleanor Hayes");
  await doctor.getByLabel("E-mail").fill("frontdesk@maple.example");
  await doctor.getByRole("checkbox", { name: /I understand/ }).check();
  await doctor.getByRole("button", { name: "Request activation" }).click();
  await expect(doctor.getByText(/Activation was requested/).first()).toBeVisible();

  // Support hears about it by e-mail.
  await expect(async () => {
    await support.goto("/sandbox/outbox");
    await expect(
      support.getByRole("heading", {
        name: `E-mail to support@example.com: “Activation requested: ${PRACTICE}”`,
      }),
    ).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });

  // 2. Support signs in with the magic link, finds the request and activates with a note.
  await signInAsAdmin(support);
  await support
    .getByRole("navigation", { name: "Filter accounts" })
    .getByRole("link", { name: "Awaiting activation" })
    .click();
  const request = support.getByRole("row", { name: new RegExp(PRACTICE) });
  await expect(request).toContainText("Awaiting activation");
  await expect(request).toContainText("frontdesk@maple.example");
  await request.getByRole("link", { name: PRACTICE }).click();
  await expect(support.getByRole("heading", { level: 1, name: PRACTICE })).toBeVisible();
  const adminAccountUrl = support.url();
  const note = "Called Dr Hayes's front desk at (212) 555-0100; contact details confirmed.";
  await support.getByLabel("How did you contact the practice?").fill(note);
  await support.getByRole("button", { name: "Activate account", exact: true }).click();
  await expect(
    support.getByText("Activated. The practice was told by e-mail (frontdesk@maple.example)."),
  ).toBeVisible();
  await support.reload();
  const audit = support.getByRole("region", { name: "Audit trail" });
  await expect(audit).toContainText("Support (support@example.com)");
  await expect(audit).toContainText(`Activated. How the practice was contacted: ${note}`);
  await support.goto("/sandbox/outbox");
  await expect(
    support.getByRole("heading", {
      name: `E-mail to frontdesk@maple.example: “Birthday greetings are active for ${PRACTICE}”`,
    }),
  ).toBeVisible();

  await doctor.goto("/dashboard");
  await expect(doctor.getByRole("heading", { level: 2, name: "Active", exact: true })).toBeVisible();

  // 3. Who is due today, by the core's rules, with the practice's own settings and opt-outs.
  const settings = await readSettings(doctor);
  const today = localDateTime(new Date(E2E_NOW), settings.timeZone).date;
  const patients = practiceAPatients();
  const noOptOut: OptOutFlags = { staff: false, emailUnsubscribed: false, smsStopped: false };
  const existingOptOuts = await readOptOuts(doctor);
  const dueAndEligible = patients.filter(
    (p) =>
      decide(p.record, { today, settings, optOuts: existingOptOuts.get(p.record.id) ?? noOptOut }).kind ===
      "greet",
  );
  expect(
    dueAndEligible.length,
    "the seeded practice has at least two patients to greet today",
  ).toBeGreaterThan(1);

  // 4. The doctor opts out one of them, found by name on the patients page.
  const optedOut = dueAndEligible[0] as Patient;
  await doctor.goto(`/dashboard/patients?name=${encodeURIComponent(optedOut.label)}`);
  const row = doctor
    .getByRole("table", { name: /Patients matching/ })
    .getByRole("row")
    .filter({ hasText: `#${optedOut.record.id}` });
  await expect(row).toBeVisible();
  await row.getByLabel(/Reason/).fill("Asked not to be greeted");
  await row.getByRole("button", { name: "Opt out" }).click();
  await expect(row.getByRole("button", { name: "Greet again" })).toBeVisible();

  const optOuts = await readOptOuts(doctor);
  expect(optOuts.get(optedOut.record.id)?.staff).toBe(true);
  const expected = patients.flatMap((p) => {
    const decision = decide(p.record, { today, settings, optOuts: optOuts.get(p.record.id) ?? noOptOut });
    if (decision.kind !== "greet") return [];
    return decision.channels.map((channel) => ({
      id: p.record.id,
      to: (channel === "email" ? decision.email : decision.phone) as string,
    }));
  });
  expect(expected.map((e) => e.id)).not.toContain(optedOut.record.id);
  expect(expected.length).toBeGreaterThan(0);

  // 5. The scheduled run, as Vercel Cron calls it.
  const before = await outboxRecipients(support);
  const report = await runCronDispatch(support);
  expect(report).toBeTruthy();

  // 6. Exactly one greeting per patient due today and nothing else.
  const after = await outboxRecipients(support);
  const sent = after.slice(0, after.length - before.length);
  expect(after.slice(after.length - before.length)).toEqual(before);
  expect([...sent].sort()).toEqual(expected.map((e) => e.to).sort());

  // 7. History lists them.
  const history = await idsOnPages(doctor, `/dashboard/history?from=${today}&to=${today}`);
  expect([...history.keys()].sort()).toEqual([...new Set(expected.map((e) => e.id))].sort());
  // Each row says its delivery status: "Sent", then "Delivered" once the provider's webhook arrived.
  for (const text of history.values()) expect(text).toMatch(/(E-mail|Text)(Sent|Delivered) /);

  // 7b. The day as the overview tells it after the first run.
  await doctor.goto("/dashboard");
  const afterFirstRun = parseDay((await doctor.locator("#today-summary").textContent()) ?? "");

  // 7c. A second run the same day sends nothing new, and every page tells the same day: the overview's Today,
  // Upcoming's today, History, Skipped and support's account page add up over both runs (not "last run: 0 greeted").
  await runCronDispatch(support);
  expect(await outboxRecipients(support)).toEqual(after);
  const greetedToday = new Set(expected.map((e) => e.id)).size;
  await doctor.goto("/dashboard");
  await expect(doctor.locator("main .skeleton")).toHaveCount(0);
  const overview = parseDay((await doctor.locator("#today-summary").textContent()) ?? "");
  expect(overview, "the second run leaves the day's counts as the first run made them").toEqual(
    afterFirstRun,
  );
  expect(overview.greeted).toBe(greetedToday);
  expect(overview.optedOut).toBeGreaterThanOrEqual(1);
  expect(overview.waiting).toBe(0);
  expect(overview.failed).toBe(0);
  expect(overview.birthdays).toBe(
    overview.greeted + overview.waiting + overview.skipped + overview.optedOut + overview.failed,
  );
  await checkBothSizes(doctor, "1-story-overview-after-two-runs");
  await support.goto(adminAccountUrl);
  expect(parseDay((await support.locator("#admin-today-summary").textContent()) ?? "")).toEqual(overview);

  // Upcoming marks each of today's patients, by name, with the same state the overview counted.
  await doctor.goto("/dashboard/upcoming");
  await expect(doctor.locator("main .skeleton")).toHaveCount(0);
  const upcomingItems = doctor.getByRole("region", { name: /^Today, / }).getByRole("listitem");
  await expect(upcomingItems).toHaveCount(overview.birthdays);
  const labels = new Map(patients.map((p) => [p.record.id, p.label]));
  const upcoming = (await upcomingItems.allInnerTexts()).map(readTodayItem);
  for (const item of upcoming) {
    const name = labels.get(item.id);
    if (name) expect(item.text, `Upcoming names patient #${item.id}`).toContain(name);
  }
  const withState = (state: string) => upcoming.filter((item) => item.state === state);
  expect(withState("Greeted").length).toBe(overview.greeted);
  expect(withState("Waiting").length).toBe(overview.waiting);
  expect(withState("Skipped").length).toBe(overview.skipped);
  expect(withState("Opted out").length).toBe(overview.optedOut);
  expect(withState("Failed").length).toBe(overview.failed);
  expect(withState("Opted out").map((item) => item.id)).toContain(optedOut.record.id);
  await checkBothSizes(doctor, "1-story-upcoming-after-two-runs");

  // History after both runs: today's greeted patients, each once per channel, and nobody else.
  const historyAfter = await idsOnPages(doctor, `/dashboard/history?from=${today}&to=${today}`);
  expect([...historyAfter.keys()].sort()).toEqual(
    withState("Greeted")
      .map((item) => item.id)
      .sort(),
  );
  expect(historyAfter.size).toBe(overview.greeted);
  await doctor.goto(`/dashboard/history?from=${today}&to=${today}`);
  await expect(doctor.locator("main .skeleton")).toHaveCount(0);
  await expect(doctor.locator("main table tbody tr")).toHaveCount(expected.length);
  await checkBothSizes(doctor, "1-story-history-today");

  // Skipped: today's skips by reason add up to the overview's number; each reason counted is in the filter, and
  // its table names every patient Upcoming shows as skipped for it.
  await doctor.goto("/dashboard/skipped");
  await expect(doctor.locator("main .skeleton")).toHaveCount(0);
  const todaysReasons = await readTodaysSkips(doctor);
  expect(
    [...todaysReasons.values()].reduce((a, b) => a + b, 0),
    "Skipped today adds up to the overview's skipped",
  ).toBe(overview.skipped);
  const filterOptions = await doctor
    .getByRole("form", { name: "Filter by reason" })
    .getByLabel("Reason")
    .locator("option")
    .evaluateAll((options) =>
      options.map((o) => ({ value: (o as HTMLOptionElement).value, text: o.textContent ?? "" })),
    );
  await checkBothSizes(doctor, "1-story-skipped-after-two-runs");
  for (const [label, n] of todaysReasons) {
    const option = filterOptions.find((o) => o.text.startsWith(`${label} (`));
    expect(option, `the reason filter offers “${label}”`).toBeDefined();
    const skippedToday = withState("Skipped").filter((item) => item.detail.startsWith(`${label}.`));
    expect(skippedToday.length, `Upcoming shows ${n} skipped today for “${label}”`).toBe(n);
    const rows = await idsOnPages(doctor, `/dashboard/skipped?reason=${option?.value}`);
    for (const item of skippedToday) {
      const text = rows.get(item.id);
      expect(text, `patient #${item.id} is in the “${label}” table`).toBeDefined();
      const name = labels.get(item.id);
      if (name) expect(text).toContain(name);
    }
  }

  // 8. The skipped page names the patients with bad birth dates.
  const badBirthDates = patients.filter((p) => {
    const reason = classifyRecord(p.record, today).skip?.reason;
    return reason !== undefined && BIRTH_DATE_PROBLEMS.includes(reason);
  });
  expect(badBirthDates.length, "the seeded practice has patients with bad birth dates").toBeGreaterThan(0);
  const invalid = patients.filter(
    (p) => classifyRecord(p.record, today).skip?.reason === "invalid_birth_date",
  );
  expect(invalid.length).toBeGreaterThan(0);
  const skipped = new Map<number, string>();
  for (const reason of BIRTH_DATE_PROBLEMS) {
    for (const [id, text] of await idsOnPages(doctor, `/dashboard/skipped?reason=${reason}`))
      skipped.set(id, text);
  }
  for (const p of badBirthDates) {
    const text = skipped.get(p.record.id);
    expect(text, `patient #${p.record.id} is on the skipped page`).toBeDefined();
    expect(text).toContain(p.label);
  }
  // …and says what is wrong with each date, so staff can fix the chart (e.g. "… 1990-02-30 is not a real date").
  for (const p of invalid) {
    const detail = classifyRecord(p.record, today).skip?.detail ?? "";
    expect(skipped.get(p.record.id)?.toLowerCase()).toContain(detail.toLowerCase());
  }

  // 9. Paused, a second run sends nothing new.
  await doctor.goto("/dashboard");
  await doctor.getByRole("button", { name: "Pause greetings" }).click();
  await expect(doctor.getByRole("button", { name: "Resume greetings" })).toBeVisible();
  await runCronDispatch(support);
  expect(await outboxRecipients(support)).toEqual(after);
});
