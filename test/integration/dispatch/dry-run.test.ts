import { afterEach, describe, expect, it } from "vitest";
import { testDrivers } from "@/db/testing";
import { dryRunView } from "@/lib/admin/dry-run";
import { runDispatch } from "@/lib/dispatch/run";
import { createDispatchWorld, type DispatchWorld } from "@/sandbox/world";
import { expectedGreetings, settingsOf, sorted } from "./support";

/*
 * Support's dry run: it previews a practice before activation (when support needs it most) and knows what today's
 * real runs already sent, so it never promises a greeting a real run would not send.
 */

const NOON_NY = new Date("2026-03-10T16:00:00Z");
const TODAY = "2026-03-10";

describe.each(testDrivers)("support's dry run (%s)", (driver) => {
  let world: DispatchWorld;
  afterEach(async () => {
    await world?.close();
  });

  it("previews a named practice that has only requested activation, sending nothing", async () => {
    world = await createDispatchWorld({ driver, now: NOON_NY });
    const account = await world.addPractice({
      practiceGroup: world.emulator.practiceGroups.a,
      activation: "requested",
    });
    const expected = expectedGreetings(world, world.emulator.practiceGroups.a, TODAY, settingsOf(account));
    const options = { now: world.now(), trigger: "admin" as const, dryRun: true, accountIds: [account.id] };

    const preview = await runDispatch(world.deps(), options);
    expect(sorted(preview.accounts[0]?.preview?.greet.map((g) => g.patientId) ?? [])).toEqual(
      sorted(expected.keys()),
    );
    expect(world.providers.outbox.size).toBe(0);
    // A real run still leaves the practice alone until support activates it.
    const real = await runDispatch(world.deps(), { now: world.now(), trigger: "cron" });
    expect(real.accounts).toEqual([]);
    // A dry run over every account previews only what a real run would touch.
    const all = await runDispatch(world.deps(), { now: world.now(), trigger: "cli", dryRun: true });
    expect(all.accounts).toEqual([]);
  });

  it("says plainly it could not read drchrono for a practice not yet active whose access is revoked", async () => {
    world = await createDispatchWorld({ driver, now: NOON_NY });
    const account = await world.addPractice({
      practiceGroup: world.emulator.practiceGroups.a,
      activation: "requested",
    });
    const doctor = world.emulator.users.find(
      (u) => u.practiceGroup === world.emulator.practiceGroups.a && u.role === "doctor",
    );
    world.emulator.revokeTokensOf(doctor?.id ?? -1);
    const options = { now: world.now(), trigger: "admin" as const, dryRun: true, accountIds: [account.id] };
    const reauth =
      "The dry run could not read drchrono: drchrono no longer accepts the practice's access. Someone at the practice must sign in with drchrono again.";

    // drchrono refuses during the dry run...
    expect(dryRunView(await runDispatch(world.deps(), options), account.id)).toEqual({
      kind: "could_not_read",
      message: reauth,
    });
    // ...and the next dry run already knows, though the practice is still not active.
    expect(dryRunView(await runDispatch(world.deps(), options), account.id)).toEqual({
      kind: "could_not_read",
      message: reauth,
    });
    expect(world.providers.outbox.size).toBe(0);
  });

  it("after today's run, would greet nobody and counts everyone greeted as already handled", async () => {
    world = await createDispatchWorld({ driver, now: NOON_NY });
    const account = await world.addPractice({ practiceGroup: world.emulator.practiceGroups.a });
    const expected = expectedGreetings(world, world.emulator.practiceGroups.a, TODAY, settingsOf(account));
    const real = await runDispatch(world.deps(), { now: world.now(), trigger: "cron" });
    expect(real.accounts[0]?.greeted).toBe(expected.size);

    const later = await runDispatch(world.deps(), {
      now: world.advance(60_000),
      trigger: "admin",
      dryRun: true,
      accountIds: [account.id],
    });
    expect(later.accounts[0]?.preview?.greet).toEqual([]);
    expect(later.accounts[0]?.alreadyHandled).toBe(expected.size);
    expect(world.providers.outbox.size).toBe(expected.size);
  });
});
