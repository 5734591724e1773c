/*
 * A practice whose hours bring only a few drchrono calls (a tight application limit shared by many practices)
 * still greets everyone due, and reads no patient twice: the practice's doctors are read before any patient, so
 * a record fetched with the hour's last calls can be greeted, and the next hour goes on from there.
 */
import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { sendLog } from "@/db/schema";
import { runDispatch } from "@/lib/dispatch/run";
import { MemoryCallBudget } from "@/lib/drchrono/budget";
import { createDispatchWorld, type DispatchWorld } from "@/sandbox/world";
import { expectedGreetings, settingsOf, sorted } from "./support";

const HOUR = 3_600_000;
// Day 1 at noon in New York; day 2 at 08:00 there, when its window opens.
const DAY_ONE_NOON = new Date("2026-03-10T16:00:00Z");
const DAY_TWO_OPENS = new Date("2026-03-11T12:00:00Z");

describe("three drchrono calls an hour", () => {
  let world: DispatchWorld;
  afterEach(async () => {
    await world?.close();
  });

  it("greets every patient due on day 2 inside the window, fetching each record once", async () => {
    world = await createDispatchWorld({ now: DAY_ONE_NOON, patients: 1_500 });
    const group = world.emulator.practiceGroups.a;
    const account = await world.addPractice({ practiceGroup: group });
    // Day 1 without a limit: the full listing, the doctors and the address are on file.
    await runDispatch(world.deps(), { now: world.now(), trigger: "cron" });

    const expected = expectedGreetings(world, group, "2026-03-11", settingsOf(account));
    // More patients due than an hour's calls can fetch after its since-listing.
    expect(expected.size).toBeGreaterThan(2);
    world.emulator.calls.reset();
    const budget = new MemoryCallBudget({ limitPerHour: 3, now: world.now });
    let hours = 0;
    let candidates = 0;
    const sent = async () =>
      world.db
        .select({ patientId: sendLog.patientId })
        .from(sendLog)
        .where(
          and(
            eq(sendLog.accountId, account.id),
            eq(sendLog.localDate, "2026-03-11"),
            eq(sendLog.status, "sent"),
          ),
        );
    while (hours < 13 && (await sent()).length < expected.size) {
      world.setNow(new Date(DAY_TWO_OPENS.getTime() + hours * HOUR));
      const report = await runDispatch(world.deps({}, { budget, maxWaitMs: 1 }), {
        now: world.now(),
        trigger: "cron",
      });
      if (hours === 0) candidates = report.accounts[0]?.candidates ?? 0;
      hours += 1;
    }
    expect(sorted((await sent()).map((r) => r.patientId))).toEqual(sorted(expected.keys()));
    // Each hour: one since-listing, the rest on records; the day's doctors list once.
    expect(world.emulator.calls.byRoute["GET /api/doctors"]).toBe(1);
    expect(world.emulator.calls.byRoute["GET /api/patients"]).toBe(hours);
    const fetches = world.emulator.calls.byRoute["GET /api/patients/{id}"] ?? 0;
    expect(candidates).toBeGreaterThanOrEqual(expected.size);
    expect(fetches).toBeGreaterThanOrEqual(expected.size);
    expect(fetches).toBeLessThanOrEqual(candidates);
  }, 120_000);
});
