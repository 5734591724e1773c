import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { countIndexRows } from "@/db/queries/patient-index";
import { accounts } from "@/db/schema";
import { testDrivers } from "@/db/testing";
import { runDispatch } from "@/lib/dispatch/run";
import { MemoryCallBudget } from "@/lib/drchrono/budget";
import { createDispatchWorld, type DispatchWorld } from "@/sandbox/world";
import { expectedGreetings, sendRows, settingsOf, sorted } from "./support";

// 12:00 in New York (EDT): inside practice A's sending window.
const NOON_NY = new Date("2026-03-10T16:00:00Z");
const HOUR = 3_600_000;
const PAGES = 12; // 3,000 patients at 250 a page

describe.each(testDrivers)("a large practice's first listing (%s)", (driver) => {
  let world: DispatchWorld;
  afterEach(async () => {
    await world?.close();
  });

  it("resumes where the hour's calls ran out instead of starting again, and greets everyone", async () => {
    world = await createDispatchWorld({ driver, now: NOON_NY, patients: 3_000 });
    const account = await world.addPractice({ practiceGroup: world.emulator.practiceGroups.a });
    const expected = expectedGreetings(
      world,
      world.emulator.practiceGroups.a,
      "2026-03-10",
      settingsOf(account),
    );
    // Eight calls an hour: the listing alone needs twelve.
    const budget = new MemoryCallBudget({ limitPerHour: 8, now: world.now });
    const deps = () => world.deps({}, { budget, maxWaitMs: 1 });
    const progress = async () => {
      const [row] = await world.db.select().from(accounts).where(eq(accounts.id, account.id));
      return row;
    };

    const first = await runDispatch(deps(), { now: world.now(), trigger: "cron" });
    expect(first.outOfCalls).toBe(true);
    expect(first.accounts[0]).toMatchObject({ status: "error", outOfCalls: true, greeted: 0 });
    expect(world.emulator.calls.byRoute["GET /api/patients"]).toBe(8);
    expect(await countIndexRows(world.db, account.id)).toBe(8 * 250);
    const cut = await progress();
    expect(cut?.fullSyncCursor).toMatch(/\/api\/patients\?/);
    // When the listing began (the run's clock: the cron's time plus the real seconds it has run).
    const began = cut?.fullSyncStartedAt as Date;
    expect(began.getTime() - NOON_NY.getTime()).toBeGreaterThanOrEqual(0);
    expect(began.getTime() - NOON_NY.getTime()).toBeLessThan(HOUR);
    expect(cut?.lastFullSyncAt).toBeNull();

    // The next hours go on from the cursor; no page is listed twice.
    const later = [];
    for (let hour = 1; hour <= 6 && (await progress())?.dispatchedOn !== "2026-03-10"; hour++) {
      world.setNow(new Date(NOON_NY.getTime() + hour * HOUR));
      later.push(await runDispatch(deps(), { now: world.now(), trigger: "cron" }));
    }
    const syncs = later.map((r) => r.accounts[0]?.sync);
    // The listing finished in the second hour with the 4 pages left; later hours only ask for changes.
    expect(syncs[0]).toMatchObject({ kind: "full", listed: 1_000, complete: true });
    expect(syncs.slice(1).every((sync) => sync?.kind === "incremental")).toBe(true);
    expect(world.emulator.calls.byRoute["GET /api/patients"]).toBe(PAGES + syncs.length - 1);
    expect(await countIndexRows(world.db, account.id)).toBe(3_000);
    const done = await progress();
    expect(done).toMatchObject({ fullSyncCursor: null, fullSyncStartedAt: null, dispatchedOn: "2026-03-10" });
    // The next since-listing asks for changes from when the listing began, not from when it ended.
    expect(done?.lastFullSyncAt).toEqual(began);
    const rows = await sendRows(world.db, account.id);
    expect(sorted(rows.map((r) => r.patientId))).toEqual(sorted(expected.keys()));
    expect(world.providers.outbox.size).toBe(expected.size);
  });
});
