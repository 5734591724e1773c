import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { patientIndex } from "@/db/schema";
import { testDrivers } from "@/db/testing";
import { runDispatch } from "@/lib/dispatch/run";
import { parsePatient } from "@/lib/drchrono/records";
import { birthdaysOn, classifyRecord, decide } from "@/lib/greetings";
import type { GreetingSettings, IsoDate } from "@/lib/greetings/types";
import { createDispatchWorld, type DispatchWorld } from "@/sandbox/world";
import { settingsOf } from "./support";

// 12:00 in New York (EDT), where practice A's primary doctor is: inside sending hours.
const NOON_NY = new Date("2026-03-10T16:00:00Z");
const TODAY = "2026-03-10";
const HOUR = 3_600_000;
const OPT_OUT_REASONS = new Set(["opted_out", "unsubscribed", "sms_stopped"]);

/** What patient_index should remember for each of today's birthdays, straight from the emulator's data. */
function expectedOutcomes(world: DispatchWorld, today: IsoDate, settings: GreetingSettings) {
  const outcomes = new Map<number, { outcomeDate: string; outcome: string; outcomeReason: string | null }>();
  const todays = birthdaysOn(today);
  for (const { patient } of world.emulator.describePatients(world.emulator.practiceGroups.a)) {
    const parsed = parsePatient(patient);
    if (!parsed.ok) continue;
    // Only today's birthdays (as the index files them) are today's candidates.
    const birth = classifyRecord(parsed.patient, today).birth;
    if (!todays.some((d) => d.month === birth?.month && d.day === birth?.day)) continue;
    const decision = decide(parsed.patient, {
      today,
      settings,
      optOuts: { staff: false, emailUnsubscribed: false, smsStopped: false },
    });
    if (decision.kind === "greet") {
      outcomes.set(parsed.patient.id, { outcomeDate: today, outcome: "greeted", outcomeReason: null });
    } else if (decision.kind === "skip") {
      const outcome = OPT_OUT_REASONS.has(decision.reason) ? "opted_out" : "skipped";
      outcomes.set(parsed.patient.id, { outcomeDate: today, outcome, outcomeReason: decision.reason });
    }
  }
  return outcomes;
}

async function rememberedOutcomes(world: DispatchWorld, accountId: string) {
  const rows = await world.db
    .select({
      patientId: patientIndex.patientId,
      outcomeDate: patientIndex.outcomeDate,
      outcome: patientIndex.outcome,
      outcomeReason: patientIndex.outcomeReason,
    })
    .from(patientIndex)
    .where(and(eq(patientIndex.accountId, accountId)));
  return new Map(
    rows.filter((r) => r.outcomeDate !== null).map(({ patientId, ...rest }) => [patientId, rest] as const),
  );
}

describe.each(testDrivers)("the day's memory (%s)", (driver) => {
  let world: DispatchWorld;
  afterEach(async () => {
    await world?.close();
  });

  it("remembers each of today's patients' outcome, so a second run the same day costs one call", async () => {
    world = await createDispatchWorld({ driver, now: NOON_NY });
    const account = await world.addPractice({ practiceGroup: world.emulator.practiceGroups.a });
    const expected = expectedOutcomes(world, TODAY, settingsOf(account));
    const skipped = [...expected.values()].filter((o) => o.outcome !== "greeted");
    expect(skipped.length).toBeGreaterThan(0);

    const first = await runDispatch(world.deps(), { now: world.now(), trigger: "cron" });
    expect(first.accounts[0]?.status).toBe("done");
    expect(world.emulator.calls.byRoute["GET /api/doctors"]).toBe(1);
    expect(await rememberedOutcomes(world, account.id)).toEqual(expected);

    // An hour later nothing changed: the since-listing is the only call; nobody is fetched, no doctors list.
    world.emulator.calls.reset();
    const second = await runDispatch(world.deps(), { now: world.advance(HOUR), trigger: "cron" });
    expect(world.emulator.calls.byRoute).toEqual({ "GET /api/patients": 1 });
    expect(second.accounts[0]).toMatchObject({ status: "done", greeted: 0, drchronoCalls: 1 });
    expect(second.accounts[0]?.skipped).toEqual(first.accounts[0]?.skipped);
    expect(await rememberedOutcomes(world, account.id)).toEqual(expected);
  });

  it("a chart changed since is decided again from the listing, still without a fetch or a doctors list", async () => {
    world = await createDispatchWorld({ driver, now: NOON_NY });
    const account = await world.addPractice({ practiceGroup: world.emulator.practiceGroups.a });
    const expected = expectedOutcomes(world, TODAY, settingsOf(account));
    await runDispatch(world.deps(), { now: world.now(), trigger: "cron" });
    const noContact = [...expected].find(([, o]) => o.outcomeReason === "no_contact")?.[0];
    expect(noContact).toBeDefined();

    // Staff add an e-mail address to a chart that had no way to reach the patient.
    world.advance(HOUR);
    world.emulator.updatePatient(noContact as number, { email: "found.again@example.com" });
    world.emulator.calls.reset();
    const later = await runDispatch(world.deps(), { now: world.advance(HOUR), trigger: "cron" });
    expect(world.emulator.calls.byRoute).toEqual({ "GET /api/patients": 1 });
    expect(later.accounts[0]).toMatchObject({ status: "done", greeted: 1 });
    expect(world.providers.outbox.list({ channel: "email" }).map((e) => e.to)).toContain(
      "found.again@example.com",
    );
    expect((await rememberedOutcomes(world, account.id)).get(noContact as number)).toEqual({
      outcomeDate: TODAY,
      outcome: "greeted",
      outcomeReason: null,
    });
  });
});
