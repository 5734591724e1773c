/* When an hour's drchrono calls are short, the practices whose sending window closes first are served first. */
import { afterEach, describe, expect, it } from "vitest";
import { runDispatch } from "@/lib/dispatch/run";
import { createDispatchWorld, type DispatchWorld } from "@/sandbox/world";

// 16:00 in New York (5 window hours left), 13:00 in Los Angeles (8 left).
const EVENING_UTC = new Date("2026-03-10T20:00:00Z");

describe("the hourly run's order of dispatches", () => {
  let world: DispatchWorld;
  afterEach(async () => {
    await world?.close();
  });

  // Both ways round, so that the accounts' (random) id order cannot decide it.
  it.each([
    ["America/New_York", "America/Los_Angeles"],
    ["America/Los_Angeles", "America/New_York"],
  ])("practice A in %s, practice B in %s: New York's goes first", async (zoneA, zoneB) => {
    world = await createDispatchWorld({ now: EVENING_UTC, patients: 200 });
    const a = await world.addPractice({ practiceGroup: world.emulator.practiceGroups.a, timeZone: zoneA });
    const b = await world.addPractice({ practiceGroup: world.emulator.practiceGroups.b, timeZone: zoneB });
    const report = await runDispatch(world.deps(), { now: world.now(), trigger: "cron" });
    const newYork = zoneA === "America/New_York" ? a : b;
    const losAngeles = newYork === a ? b : a;
    expect(report.accounts.map((r) => r.accountId)).toEqual([newYork.id, losAngeles.id]);
    expect(report.accounts.map((r) => r.status)).toEqual(["done", "done"]);
  });
});
