/* The call budget shared by every process, in Postgres: atomic under many concurrent takers, paused by a 429. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { readBudget } from "@/db/queries/call-budget";
import { createTestDatabase, testDrivers } from "@/db/testing";
import { PostgresCallBudget } from "@/lib/drchrono/budget";

function clockAt(iso: string) {
  let t = Date.parse(iso);
  return {
    now: () => new Date(t),
    sleep: async (ms: number) => {
      t += ms;
    },
  };
}

describe.each(testDrivers)("PostgresCallBudget on %s", (driver) => {
  let handle: DatabaseHandle;
  let scopes = 0;
  // Each test has its own scope: budgets are rows, not tables.
  const nextScope = () => `test-${driver}-${++scopes}`;

  beforeAll(async () => {
    handle = await createTestDatabase(driver);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("grants exactly the limit to 60 concurrent takers from separate budget objects (separate processes)", async () => {
    const clock = clockAt("2026-03-01T10:20:00Z");
    const scope = nextScope();
    const takers = Array.from(
      { length: 60 },
      () => new PostgresCallBudget(handle.db, { scope, limitPerHour: 25, now: clock.now }),
    );
    const results = await Promise.allSettled(takers.map((b) => b.take({ maxWaitMs: 0, sleep: clock.sleep })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(25);
    const refused = results
      .filter((r) => r.status === "rejected")
      .map((r) => (r as PromiseRejectedResult).reason);
    expect(refused).toHaveLength(35);
    expect(new Set(refused.map((e) => e.code))).toEqual(new Set(["budget_exhausted"]));
    expect(await readBudget(handle.db, scope)).toEqual({
      windowStart: new Date("2026-03-01T10:00:00Z"),
      used: 25,
      pausedUntil: null,
    });
  });

  it("starts a fresh count at the top of the next hour", async () => {
    const clock = clockAt("2026-03-01T10:59:30Z");
    const budget = new PostgresCallBudget(handle.db, { scope: nextScope(), limitPerHour: 2, now: clock.now });
    await budget.take({ maxWaitMs: 0, sleep: clock.sleep });
    await budget.take({ maxWaitMs: 0, sleep: clock.sleep });
    expect(await budget.remaining()).toBe(0);
    await expect(budget.take({ maxWaitMs: 10_000, sleep: clock.sleep })).rejects.toMatchObject({
      code: "budget_exhausted",
      waitMs: 30_000,
    });
    await budget.take({ maxWaitMs: 60_000, sleep: clock.sleep });
    expect(clock.now().toISOString()).toBe("2026-03-01T11:00:00.000Z");
    expect(await budget.remaining()).toBe(1);
  });

  it("a pause recorded by one process stops every other until drchrono's named time", async () => {
    const clock = clockAt("2026-03-01T10:20:00Z");
    const scope = nextScope();
    const seenThe429 = new PostgresCallBudget(handle.db, { scope, limitPerHour: 100, now: clock.now });
    const elsewhere = new PostgresCallBudget(handle.db, { scope, limitPerHour: 100, now: clock.now });
    await seenThe429.pause(new Date("2026-03-01T10:21:00Z"));
    // An earlier pause never shortens a later one.
    await elsewhere.pause(new Date("2026-03-01T10:20:30Z"));
    expect(await elsewhere.remaining()).toBe(0);
    await expect(elsewhere.take({ maxWaitMs: 5_000, sleep: clock.sleep })).rejects.toMatchObject({
      code: "budget_exhausted",
      waitMs: 60_000,
      message: "drchrono asked every process to wait; calls resume in 60 s",
    });
    await elsewhere.take({ maxWaitMs: 60_000, sleep: clock.sleep });
    expect(clock.now().toISOString()).toBe("2026-03-01T10:21:00.000Z");
    expect(await seenThe429.remaining()).toBe(99);
  });

  it("keeps the reserve for dispatch under concurrency: look-ups stop at limit - reserve, dispatch spends the rest", async () => {
    const clock = clockAt("2026-03-01T10:20:00Z");
    const scope = nextScope();
    const budget = () => new PostgresCallBudget(handle.db, { scope, limitPerHour: 30, now: clock.now });
    const lookups = await Promise.allSettled(
      Array.from({ length: 40 }, () => budget().take({ maxWaitMs: 0, sleep: clock.sleep, reserve: 10 })),
    );
    expect(lookups.filter((r) => r.status === "fulfilled")).toHaveLength(20);
    const refused = lookups
      .filter((r) => r.status === "rejected")
      .map((r) => (r as PromiseRejectedResult).reason);
    expect(new Set(refused.map((e) => e.code))).toEqual(new Set(["budget_reserved"]));
    const dispatch = await Promise.allSettled(
      Array.from({ length: 15 }, () => budget().take({ maxWaitMs: 0, sleep: clock.sleep })),
    );
    expect(dispatch.filter((r) => r.status === "fulfilled")).toHaveLength(10);
    expect(await budget().remaining()).toBe(0);
  });
});
