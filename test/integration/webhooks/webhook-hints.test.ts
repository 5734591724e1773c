import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Account } from "@/db/schema";
import { patientIndex, webhookHints } from "@/db/schema";
import { testDrivers } from "@/db/testing";
import { runDispatch } from "@/lib/dispatch/run";
import { applyWebhookHints, MAX_HINTS_PER_RUN } from "@/lib/dispatch/webhook-hints";
import { MemoryCallBudget } from "@/lib/drchrono/budget";
import { createDispatchWorld, type DispatchWorld } from "@/sandbox/world";

const DAY_ONE = new Date("2026-03-10T16:00:00Z");
const TODAY = "2026-03-10";
const READ = "GET /api/patients/{id}";

describe.each(testDrivers)(
  "webhook hints are re-read from drchrono, a bounded number per run (%s)",
  (driver) => {
    let world: DispatchWorld;
    let account: Account;
    let patientIds: number[];

    async function row(patientId: number) {
      const [found] = await world.db
        .select({
          birthMonth: patientIndex.birthMonth,
          birthDay: patientIndex.birthDay,
          outcomeDate: patientIndex.outcomeDate,
        })
        .from(patientIndex)
        .where(and(eq(patientIndex.accountId, account.id), eq(patientIndex.patientId, patientId)));
      return found ?? null;
    }
    async function hint(...ids: number[]) {
      await world.db
        .insert(webhookHints)
        .values(ids.map((patientId) => ({ accountId: account.id, patientId, receivedAt: world.now() })))
        .onConflictDoNothing();
    }
    async function waitingHints() {
      return (
        await world.db
          .select({ patientId: webhookHints.patientId })
          .from(webhookHints)
          .where(eq(webhookHints.accountId, account.id))
      ).length;
    }
    async function apply(budget?: MemoryCallBudget) {
      const api = await world.deps({}, budget ? { budget, maxWaitMs: 0 } : {}).drchronoFor(account);
      return applyWebhookHints({
        db: world.db,
        api,
        accountId: account.id,
        today: TODAY,
        receivedBy: world.now(),
      });
    }
    async function rememberDecision(patientId: number) {
      await world.db
        .update(patientIndex)
        .set({ outcomeDate: TODAY, outcome: "waiting" })
        .where(and(eq(patientIndex.accountId, account.id), eq(patientIndex.patientId, patientId)));
    }

    beforeAll(async () => {
      world = await createDispatchWorld({ driver, now: DAY_ONE, patients: 300 });
      account = await world.addPractice({ practiceGroup: world.emulator.practiceGroups.a });
      await runDispatch(world.deps(), { now: world.now(), trigger: "cron" });
      patientIds = [...world.emulator.describePatients(world.emulator.practiceGroups.a)]
        .filter((p) => /^\d{4}-\d{2}-\d{2}$/.test(String(p.patient.date_of_birth ?? "")))
        .map((p) => p.patient.id);
    });
    afterAll(() => world?.close());
    beforeEach(async () => {
      await world.db.delete(webhookHints);
      world.emulator.calls.reset();
    });

    it("a hint whose patient did not change costs one read and changes nothing, not even today's decision", async () => {
      const id = patientIds[0] as number;
      await rememberDecision(id);
      await hint(id);
      const before = await row(id);
      expect(await apply()).toEqual({ read: 1, changed: 0, gone: 0, waiting: 0 });
      expect(world.emulator.calls.byRoute[READ]).toBe(1);
      expect(await row(id)).toEqual(before);
      expect(before?.outcomeDate).toBe(TODAY);
      expect(await waitingHints()).toBe(0);
    });

    it("a hint whose patient did change takes drchrono's record and forgets today's decision", async () => {
      const id = patientIds[1] as number;
      await rememberDecision(id);
      world.emulator.updatePatient(id, { date_of_birth: "1980-07-04" });
      await hint(id);
      expect(await apply()).toEqual({ read: 1, changed: 1, gone: 0, waiting: 0 });
      expect(await row(id)).toEqual({ birthMonth: 7, birthDay: 4, outcomeDate: null });
    });

    it("reads at most MAX_HINTS_PER_RUN patients per run, once each, however many hints wait", async () => {
      // 30 real patients, 10 invented ids, each hinted many times (replays keep one row each).
      const invented = Array.from({ length: 10 }, (_, i) => 9_000_000 + i);
      const ids = [...patientIds.slice(2, 32), ...invented];
      for (let replay = 0; replay < 3; replay += 1) await hint(...ids);
      const first = await apply();
      expect(first).toMatchObject({ read: MAX_HINTS_PER_RUN, waiting: ids.length - MAX_HINTS_PER_RUN });
      expect(world.emulator.calls.byRoute[READ]).toBe(MAX_HINTS_PER_RUN);
      const second = await apply();
      expect(second).toMatchObject({ read: ids.length - MAX_HINTS_PER_RUN, waiting: 0 });
      const third = await apply();
      expect(third).toEqual({ read: 0, changed: 0, gone: 0, waiting: 0 });
      expect(world.emulator.calls.byRoute[READ]).toBe(ids.length);
      // Invented ids are unknown to drchrono: nothing is added for them.
      expect(await row(9_000_000)).toBeNull();
    });

    it("stops when the call budget is spent and keeps the rest for a later run", async () => {
      await hint(...patientIds.slice(40, 50));
      const summary = await apply(new MemoryCallBudget({ limitPerHour: 4, now: world.now }));
      // The client spends one call on the token check; the other three read hints.
      expect(summary.read + summary.waiting).toBe(10);
      expect(summary.read).toBeLessThanOrEqual(4);
      expect(await waitingHints()).toBe(summary.waiting);
    });

    it("a dispatch run applies waiting hints", async () => {
      const id = patientIds[60] as number;
      world.emulator.updatePatient(id, { date_of_birth: "1975-10-31" });
      await hint(id);
      await runDispatch(world.deps(), { now: world.advance(3_600_000), trigger: "cron" });
      expect(await waitingHints()).toBe(0);
      expect(await row(id)).toMatchObject({ birthMonth: 10, birthDay: 31 });
    });
  },
);
