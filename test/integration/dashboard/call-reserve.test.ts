/* Dispatch comes first: dashboard look-ups only spend calls the day's greetings will not need. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchPatients, problemOf } from "@/components/practice/drchrono";
import type { DatabaseHandle } from "@/db/client";
import { greetingCallsStillDue } from "@/db/queries/call-budget";
import { accounts, patientIndex } from "@/db/schema";
import { createTestDatabase, testDrivers } from "@/db/testing";
import { MemoryCallBudget } from "@/lib/drchrono/budget";
import { DrchronoError } from "@/lib/drchrono/types";
import { startHarness } from "../drchrono/harness";

describe.each(testDrivers)("calls the day's greetings still need, on %s", (driver) => {
  let handle: DatabaseHandle;

  beforeAll(async () => {
    handle = await createTestDatabase(driver);
    const [a, b, c] = await handle.db
      .insert(accounts)
      .values([
        { practiceGroupId: 1001, practiceName: "Alpha Clinic", activation: "active" },
        {
          practiceGroupId: 2002,
          practiceName: "Beta Clinic",
          activation: "active",
          dispatchedOn: "2027-02-28",
        },
        { practiceGroupId: 3003, practiceName: "Gamma Clinic", activation: "requested" },
      ])
      .returning();
    if (!a || !b || !c) throw new Error("seed failed");
    await handle.db.insert(patientIndex).values([
      { accountId: a.id, patientId: 1, birthMonth: 2, birthDay: 28 },
      {
        accountId: a.id,
        patientId: 2,
        birthMonth: 2,
        birthDay: 28,
        outcomeDate: "2027-02-28",
        outcome: "greeted",
      },
      { accountId: a.id, patientId: 3, birthMonth: 2, birthDay: 29 },
      { accountId: a.id, patientId: 4, birthMonth: 3, birthDay: 1 },
      {
        accountId: a.id,
        patientId: 5,
        birthMonth: 2,
        birthDay: 28,
        outcomeDate: "2027-02-27",
        outcome: "waiting",
      },
      { accountId: b.id, patientId: 1, birthMonth: 2, birthDay: 28 },
      // Not active: its patients are never greeted, so they reserve nothing.
      { accountId: c.id, patientId: 1, birthMonth: 2, birthDay: 28 },
    ]);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("counts undecided birthdays of active practices (Feb 29 on Feb 28 of a common year) plus one listing per practice not yet dispatched", async () => {
    // Alpha: patients 1, 3 (Feb 29) and 5 (decided yesterday); Beta: patient 1; Alpha's listing. Beta is dispatched.
    expect(await greetingCallsStillDue(handle.db, "2027-02-28")).toBe(5);
  });

  it("leaves Feb 29 birthdays to Feb 29 in a leap year", async () => {
    // 2028-02-28: patients 1, 2 and 5 of Alpha (2's decision was for 2027), Beta's 1, and both listings.
    expect(await greetingCallsStillDue(handle.db, "2028-02-28")).toBe(6);
  });
});

describe("a dashboard look-up when the greetings need the calls left", () => {
  it("asks drchrono nothing and tells the page it is saving calls", async () => {
    const harness = await startHarness({ patients: 20 });
    const budget = new MemoryCallBudget({ limitPerHour: 10, now: harness.clock.now });
    const api = harness.client(undefined, { budget, reserve: 10 });
    harness.emulator.calls.reset();
    const { records, problem } = await fetchPatients(api, [1, 2, 3, 4, 5]);
    expect(problem).toBe("saving_calls");
    expect(records.size).toBe(0);
    expect(harness.emulator.calls.total).toBe(0);
    expect(await budget.remaining()).toBe(10);
  });

  it("looks up while more than the reserve is left, and stops at it", async () => {
    const harness = await startHarness({ patients: 20 });
    const budget = new MemoryCallBudget({ limitPerHour: 10, now: harness.clock.now });
    const api = harness.client(undefined, { budget, reserve: 7 });
    const ids = (await harness.client().patientPage({ pageSize: 5 })).results.flatMap((r) =>
      r.ok ? [r.patient.id] : [],
    );
    harness.emulator.calls.reset();
    const { records, problem } = await fetchPatients(api, ids, 1);
    expect(problem).toBe("saving_calls");
    expect([...records.keys()]).toEqual(ids.slice(0, 3));
    expect(harness.emulator.calls.total).toBe(3);
    expect(await budget.remaining()).toBe(7);
  });

  it("maps a reserved budget to the page's saving_calls message", () => {
    expect(problemOf(new DrchronoError("budget_reserved", "kept for greetings"))).toBe("saving_calls");
  });
});
