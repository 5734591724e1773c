import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { INCOMPLETE_RUN_ERROR } from "@/db/queries/runs";
import { patientIndex, runs, sendLog } from "@/db/schema";
import { testDrivers } from "@/db/testing";
import { runDispatch } from "@/lib/dispatch/run";
import { createDispatchWorld, type DispatchWorld, setAccount } from "@/sandbox/world";
import { expectedGreetings, sendRows, settingsOf, sorted } from "./support";

const NOON_NY = new Date("2026-03-10T16:00:00Z");
const TODAY = "2026-03-10";

describe.each(testDrivers)("which accounts a run touches (%s)", (driver) => {
  let world: DispatchWorld;
  afterEach(async () => {
    await world?.close();
  });

  it("a second practice's patients are only ever greeted from its own account", async () => {
    world = await createDispatchWorld({ driver, now: NOON_NY });
    const { a, b } = world.emulator.practiceGroups;
    const accountA = await world.addPractice({ practiceGroup: a });
    const accountB = await world.addPractice({ practiceGroup: b, timeZone: "America/New_York" });
    const expectedA = expectedGreetings(world, a, TODAY, settingsOf(accountA));
    const expectedB = expectedGreetings(world, b, TODAY, settingsOf(accountB));
    const patientsOf = (group: number) =>
      new Set([...world.emulator.describePatients(group)].map((p) => p.patient.id));
    const [idsA, idsB] = [patientsOf(a), patientsOf(b)];

    await runDispatch(world.deps(), { now: world.now(), trigger: "cron" });

    const rowsA = await sendRows(world.db, accountA.id);
    const rowsB = await sendRows(world.db, accountB.id);
    expect(sorted(rowsA.map((r) => r.patientId))).toEqual(sorted(expectedA.keys()));
    expect(sorted(rowsB.map((r) => r.patientId))).toEqual(sorted(expectedB.keys()));
    const indexA = await world.db.select().from(patientIndex).where(eq(patientIndex.accountId, accountA.id));
    const indexB = await world.db.select().from(patientIndex).where(eq(patientIndex.accountId, accountB.id));
    expect(indexA.every((r) => idsA.has(r.patientId))).toBe(true);
    expect(indexB.every((r) => idsB.has(r.patientId))).toBe(true);
    expect(indexB.length).toBe(idsB.size);
    expect(world.providers.outbox.size).toBe(expectedA.size + expectedB.size);
  });

  it("paused, not activated and needs-reauth accounts are reported and untouched", async () => {
    world = await createDispatchWorld({ driver, now: NOON_NY });
    const { a, b } = world.emulator.practiceGroups;
    const paused = await world.addPractice({ practiceGroup: a, paused: true });
    const requested = await world.addPractice({ practiceGroup: b, activation: "requested" });

    const report = await runDispatch(world.deps(), { now: world.now(), trigger: "cron" });
    expect(report.accounts).toEqual([]);
    expect(report.notProcessed).toEqual({ paused: 1, not_active: 1 });

    await setAccount(world.db, paused.id, { paused: false, authStatus: "needs_reauth" });
    await setAccount(world.db, requested.id, { activation: "active", grantedScopes: ["user:read"] });
    const again = await runDispatch(world.deps(), { now: world.now(), trigger: "cron" });
    expect(again.accounts).toEqual([]);
    expect(again.notProcessed).toEqual({ needs_reauth: 1, missing_scopes: 1 });

    expect(world.emulator.calls.total).toBe(0);
    expect(world.providers.outbox.size).toBe(0);
    expect(await world.db.select().from(runs)).toEqual([]);
  });

  it("a grant drchrono no longer accepts marks the account needs_reauth, tells the practice, and others carry on", async () => {
    world = await createDispatchWorld({ driver, now: NOON_NY });
    const { a, b } = world.emulator.practiceGroups;
    const accountA = await world.addPractice({ practiceGroup: a });
    const accountB = await world.addPractice({ practiceGroup: b, timeZone: "America/New_York" });
    const userA = world.emulator.users.find((u) => u.practiceGroup === a && u.role === "doctor");
    world.emulator.revokeTokensOf(userA?.id as number);
    const notified: string[] = [];

    const report = await runDispatch(
      world.deps({ notifyNeedsReauth: async (account) => void notified.push(account.id) }),
      { now: world.now(), trigger: "cron" },
    );
    const byId = new Map(report.accounts.map((r) => [r.accountId, r]));
    expect(byId.get(accountA.id)).toMatchObject({ status: "needs_reauth", greeted: 0 });
    expect(byId.get(accountB.id)).toMatchObject({ status: "done", error: null });
    expect(notified).toEqual([accountA.id]);
    expect(await sendRows(world.db, accountA.id)).toEqual([]);
    const next = await runDispatch(world.deps(), { now: world.now(), trigger: "cron" });
    expect(next.notProcessed).toEqual({ needs_reauth: 1 });
  });

  it("a 403 from drchrono marks the account missing permissions, tells the practice, and sends nothing", async () => {
    world = await createDispatchWorld({ driver, now: NOON_NY });
    // drchrono's grant covers only the user profile, while our record still lists patients:read.
    const account = await world.addPractice({
      practiceGroup: world.emulator.practiceGroups.a,
      scopes: ["user:read"],
    });
    await setAccount(world.db, account.id, { grantedScopes: ["user:read", "patients:read"] });
    const notified: string[] = [];

    const report = await runDispatch(
      world.deps({ notifyNeedsReauth: async (claimed) => void notified.push(claimed.id) }),
      { now: world.now(), trigger: "cron" },
    );
    expect(report.accounts[0]).toMatchObject({ status: "missing_scopes", greeted: 0 });
    expect(notified).toEqual([account.id]);
    expect(world.providers.outbox.size).toBe(0);
    const next = await runDispatch(world.deps(), { now: world.now(), trigger: "cron" });
    expect(next.accounts).toEqual([]);
    expect(next.notProcessed).toEqual({ missing_scopes: 1 });
  });

  it("a pause made while the run syncs takes effect before anything is sent", async () => {
    world = await createDispatchWorld({ driver, now: NOON_NY });
    const account = await world.addPractice({ practiceGroup: world.emulator.practiceGroups.a });
    const base = world.deps();
    // The practice presses "Pause" while the run is listing its patients.
    const drchronoFor: typeof base.drchronoFor = async (claimed) => {
      const api = await base.drchronoFor(claimed);
      return Object.create(api, {
        patients: {
          value: async function* (query: Parameters<typeof api.patients>[0]) {
            yield* api.patients(query);
            await setAccount(world.db, account.id, { paused: true });
          },
        },
        // A first listing goes page by page (resumable): the pause comes while it pages.
        patientPage: {
          value: async (...args: Parameters<typeof api.patientPage>) => {
            const page = await api.patientPage(...args);
            await setAccount(world.db, account.id, { paused: true });
            return page;
          },
        },
      });
    };
    const report = await runDispatch({ ...base, drchronoFor }, { now: world.now(), trigger: "cron" });
    expect(report.accounts[0]?.status).toBe("paused");
    expect(world.providers.outbox.size).toBe(0);
  });

  it("outside 08:00–21:00 local nothing is sent; a later run the same day sends", async () => {
    // 01:00 in New York.
    world = await createDispatchWorld({ driver, now: new Date("2026-03-10T05:00:00Z") });
    const account = await world.addPractice({ practiceGroup: world.emulator.practiceGroups.a });
    const expected = expectedGreetings(world, world.emulator.practiceGroups.a, TODAY, settingsOf(account));

    const night = await runDispatch(world.deps(), { now: world.now(), trigger: "cron" });
    expect(night.accounts[0]?.status).toBe("deferred");
    expect(night.accounts[0]?.deferred).toBeGreaterThanOrEqual(expected.size);
    expect(world.providers.outbox.size).toBe(0);
    expect(await sendRows(world.db, account.id)).toEqual([]);

    world.setNow(new Date("2026-03-10T13:30:00Z")); // 09:30 in New York
    const morning = await runDispatch(world.deps(), { now: world.now(), trigger: "cron" });
    expect(morning.accounts[0]).toMatchObject({ status: "done", greeted: expected.size });
    expect(world.providers.outbox.size).toBe(expected.size);
  });

  it("a dry run reports who would be greeted and skipped, sending nothing and writing no send log", async () => {
    world = await createDispatchWorld({ driver, now: NOON_NY });
    const account = await world.addPractice({ practiceGroup: world.emulator.practiceGroups.a });
    const expected = expectedGreetings(world, world.emulator.practiceGroups.a, TODAY, settingsOf(account));

    const report = await runDispatch(world.deps(), { now: world.now(), trigger: "admin", dryRun: true });
    const preview = report.accounts[0]?.preview;
    expect(sorted(preview?.greet.map((g) => g.patientId) ?? [])).toEqual(sorted(expected.keys()));
    expect(preview?.skip.length).toBeGreaterThan(0);
    expect(preview?.skip.every((s) => s.reason && s.detail)).toBe(true);
    expect(world.providers.outbox.size).toBe(0);
    expect(await world.db.select().from(sendLog)).toEqual([]);

    // --date: as if it were the next day, at noon in the account's zone.
    const tomorrow = expectedGreetings(
      world,
      world.emulator.practiceGroups.a,
      "2026-03-11",
      settingsOf(account),
    );
    const ahead = await runDispatch(world.deps(), {
      now: world.now(),
      date: "2026-03-11",
      trigger: "cli",
      dryRun: true,
    });
    expect(ahead.accounts[0]?.localDate).toBe("2026-03-11");
    expect(sorted(ahead.accounts[0]?.preview?.greet.map((g) => g.patientId) ?? [])).toEqual(
      sorted(tomorrow.keys()),
    );
  });

  it("a continuation finishes its round: it skips accounts already run, except those cut short", async () => {
    world = await createDispatchWorld({ driver, now: NOON_NY });
    const account = await world.addPractice({ practiceGroup: world.emulator.practiceGroups.a });
    const round = world.now();
    const first = await runDispatch(world.deps(), {
      now: world.now(),
      trigger: "cron",
      roundStartedAt: round,
    });
    expect(first.accounts).toHaveLength(1);

    const continuation = { now: world.advance(60_000), trigger: "cron" as const, roundStartedAt: round };
    expect((await runDispatch(world.deps(), continuation)).accounts).toEqual([]);

    await world.db.update(runs).set({ error: INCOMPLETE_RUN_ERROR }).where(eq(runs.accountId, account.id));
    const resumed = await runDispatch(world.deps(), continuation);
    expect(resumed.accounts.map((a) => a.accountId)).toEqual([account.id]);
  });

  it("with the deadline already near, claims nothing, holds no lease and reports the run incomplete", async () => {
    world = await createDispatchWorld({ driver, now: NOON_NY });
    await world.addPractice({ practiceGroup: world.emulator.practiceGroups.a });
    const report = await runDispatch(world.deps(), {
      now: world.now(),
      trigger: "cron",
      deadline: Date.now(),
    });
    expect(report.complete).toBe(false);
    expect(report.accounts).toEqual([]);
    const finished = await runDispatch(world.deps(), { now: world.now(), trigger: "cron" });
    expect(finished.complete).toBe(true);
    expect(finished.accounts).toHaveLength(1);
  });
});
