import { afterEach, describe, expect, it } from "vitest";
import { countIndexRows } from "@/db/queries/patient-index";
import { testDrivers } from "@/db/testing";
import { runDispatch } from "@/lib/dispatch/run";
import { createDispatchWorld, type DispatchWorld } from "@/sandbox/world";
import { expectedGreetings, indexRow, sendRows, settingsOf } from "./support";

const DAY = 24 * 3_600_000;
const DAY_ONE = new Date("2026-03-10T16:00:00Z");

describe.each(testDrivers)("the patient index (%s)", (driver) => {
  let world: DispatchWorld;
  afterEach(async () => {
    await world?.close();
  });

  it("day 2 lists only changed patients (1 listing call instead of 12) and fetches only its candidates", async () => {
    world = await createDispatchWorld({ driver, now: DAY_ONE, patients: 3_000 });
    const account = await world.addPractice({ practiceGroup: world.emulator.practiceGroups.a });
    const dayOne = await runDispatch(world.deps(), { now: world.now(), trigger: "cron" });
    expect(dayOne.accounts[0]?.sync).toMatchObject({ kind: "full", listed: 3_000 });
    expect(await countIndexRows(world.db, account.id)).toBe(3_000);

    // Staff edit two charts overnight.
    const [first, second] = [...world.emulator.describePatients(world.emulator.practiceGroups.a)].slice(
      10,
      12,
    );
    world.emulator.updatePatient(first?.patient.id as number, { last_name: "Changed" });
    world.setNow(new Date(DAY_ONE.getTime() + DAY));
    world.emulator.updatePatient(second?.patient.id as number, { last_name: "Changed" });
    world.emulator.calls.reset();
    const dayTwo = await runDispatch(world.deps(), { now: world.now(), trigger: "cron" });
    const listCalls = world.emulator.calls.byRoute["GET /api/patients"];
    expect(dayTwo.accounts[0]?.sync.kind).toBe("incremental");
    expect(dayTwo.accounts[0]?.sync.listed).toBeLessThan(50);
    expect(listCalls).toBe(1);
    const expected = expectedGreetings(
      world,
      world.emulator.practiceGroups.a,
      "2026-03-11",
      settingsOf(account),
    );
    expect(dayTwo.accounts[0]?.greeted).toBe(expected.size);
    // Each candidate not already ruled out by the index is fetched fresh; nobody else is.
    const fetched = world.emulator.calls.byRoute["GET /api/patients/{id}"] ?? 0;
    expect(fetched).toBeGreaterThanOrEqual(expected.size);
    expect(fetched).toBeLessThanOrEqual(dayTwo.accounts[0]?.candidates ?? 0);

    // The same day 2 the way earlier apps did it: list everyone again.
    world.emulator.calls.reset();
    const fullDaily = await runDispatch(world.deps({ incrementalSync: false }), {
      now: world.advance(60_000),
      trigger: "cron",
    });
    expect(fullDaily.accounts[0]?.sync.kind).toBe("full");
    expect(world.emulator.calls.byRoute["GET /api/patients"]).toBe(12);
  });

  it("keeps no names, contacts or birth years, and a patient drchrono answers 404 for leaves the index", async () => {
    world = await createDispatchWorld({ driver, now: DAY_ONE });
    const account = await world.addPractice({ practiceGroup: world.emulator.practiceGroups.a });
    await runDispatch(world.deps(), { now: world.now(), trigger: "cron" });
    const row = await indexRow(
      world.db,
      account.id,
      [...world.emulator.describePatients(world.emulator.practiceGroups.a)][0]?.patient.id as number,
    );
    expect(Object.keys(row ?? {}).sort()).toEqual(
      [
        "accountId",
        "birthDay",
        "birthMonth",
        "doctorId",
        "patientId",
        "seenAt",
        "skipReason",
        "outcomeDate",
        "outcome",
        "outcomeReason",
      ].sort(),
    );

    const tomorrow = expectedGreetings(
      world,
      world.emulator.practiceGroups.a,
      "2026-03-11",
      settingsOf(account),
    );
    const goneId = [...tomorrow.keys()][0] as number;
    expect(await indexRow(world.db, account.id, goneId)).not.toBeNull();
    world.emulator.deletePatient(goneId);

    world.setNow(new Date(DAY_ONE.getTime() + DAY));
    const report = await runDispatch(world.deps(), { now: world.now(), trigger: "cron" });
    expect(report.accounts[0]).toMatchObject({ gone: 1, greeted: tomorrow.size - 1 });
    expect(await indexRow(world.db, account.id, goneId)).toBeNull();
    expect((await sendRows(world.db, account.id)).some((r) => r.patientId === goneId)).toBe(false);
  });

  it("a birth date corrected since the last sync is not greeted, and the index follows the fresh record", async () => {
    world = await createDispatchWorld({ driver, now: DAY_ONE });
    const account = await world.addPractice({ practiceGroup: world.emulator.practiceGroups.a });
    await runDispatch(world.deps({ incrementalSync: true }), { now: world.now(), trigger: "cron" });
    const tomorrow = expectedGreetings(
      world,
      world.emulator.practiceGroups.a,
      "2026-03-11",
      settingsOf(account),
    );
    const movedId = [...tomorrow.keys()][0] as number;
    // Corrected without updated_at moving (so the incremental listing cannot see it): only the fresh fetch can.
    const before = world.emulator.patient(movedId);
    world.emulator.updatePatient(movedId, { date_of_birth: "1980-07-04", updated_at: before?.updated_at });

    world.setNow(new Date(DAY_ONE.getTime() + DAY));
    const report = await runDispatch(world.deps(), { now: world.now(), trigger: "cron" });
    expect(report.accounts[0]).toMatchObject({ notToday: 1, greeted: tomorrow.size - 1 });
    expect(await indexRow(world.db, account.id, movedId)).toMatchObject({ birthMonth: 7, birthDay: 4 });
  });
});
