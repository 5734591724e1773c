import { describe, expect, it } from "vitest";
import { budgetWithMargin, MemoryCallBudget, tokenFingerprint } from "@/lib/drchrono/budget";
import { DrchronoError } from "@/lib/drchrono/types";

function fakeClock(iso: string) {
  let t = Date.parse(iso);
  return {
    now: () => new Date(t),
    advance: (ms: number) => {
      t += ms;
    },
    sleep: async (ms: number) => {
      t += ms;
    },
  };
}

describe("MemoryCallBudget", () => {
  it("allows the hourly limit, then refuses until the top of the next hour", async () => {
    const clock = fakeClock("2026-03-01T10:59:00Z");
    const budget = new MemoryCallBudget({ limitPerHour: 3, now: clock.now });
    expect([budget.tryTake(), budget.tryTake(), budget.tryTake()]).toEqual([
      { ok: true },
      { ok: true },
      { ok: true },
    ]);
    expect(budget.tryTake()).toEqual({ ok: false, why: "spent", waitMs: 60_000 });
    expect(await budget.remaining()).toBe(0);
    clock.advance(59_999);
    expect(budget.tryTake().ok).toBe(false);
    clock.advance(1);
    expect(await budget.remaining()).toBe(3);
    expect(budget.tryTake()).toEqual({ ok: true });
  });

  it("resets at the clock hour, not an hour after the first call", () => {
    const clock = fakeClock("2026-03-01T10:30:00Z");
    const budget = new MemoryCallBudget({ limitPerHour: 1, now: clock.now });
    expect(budget.tryTake().ok).toBe(true);
    clock.advance(30 * 60_000);
    expect(budget.tryTake().ok).toBe(true);
  });

  it("defaults to 480 calls: a margin under drchrono's 500", async () => {
    const budget = new MemoryCallBudget({ now: fakeClock("2026-03-01T10:00:00Z").now });
    expect(await budget.remaining()).toBe(480);
  });

  it("keeps a margin of 4%, at least 5 calls, under the configured limit", () => {
    expect([budgetWithMargin(500), budgetWithMargin(100), budgetWithMargin(5_000)]).toEqual([480, 95, 4_800]);
  });

  it("refuses a look-up at once when it would eat into the reserve, but lets dispatch spend it", async () => {
    const clock = fakeClock("2026-03-01T10:20:00Z");
    const budget = new MemoryCallBudget({ limitPerHour: 5, now: clock.now });
    await budget.take({ maxWaitMs: 0, sleep: clock.sleep, reserve: 4 });
    await expect(budget.take({ maxWaitMs: 60_000, sleep: clock.sleep, reserve: 4 })).rejects.toMatchObject({
      code: "budget_reserved",
    });
    expect(clock.now().toISOString()).toBe("2026-03-01T10:20:00.000Z");
    for (let i = 0; i < 4; i++) await budget.take({ maxWaitMs: 0, sleep: clock.sleep });
    expect(await budget.remaining()).toBe(0);
  });

  it("after a pause nobody takes until the named time, then the hour's allowance is there again", async () => {
    const clock = fakeClock("2026-03-01T10:20:00Z");
    const budget = new MemoryCallBudget({ limitPerHour: 5, now: clock.now });
    await budget.pause(new Date("2026-03-01T10:20:45Z"));
    expect(budget.tryTake()).toEqual({ ok: false, why: "paused", waitMs: 45_000 });
    expect(await budget.remaining()).toBe(0);
    await expect(budget.take({ maxWaitMs: 10_000, sleep: clock.sleep })).rejects.toMatchObject({
      code: "budget_exhausted",
      waitMs: 45_000,
      message: "drchrono asked every process to wait; calls resume in 45 s",
    });
    await budget.take({ maxWaitMs: 60_000, sleep: clock.sleep });
    expect(clock.now().toISOString()).toBe("2026-03-01T10:20:45.000Z");
    expect(await budget.remaining()).toBe(4);
  });

  it("waits for the next hour when that is within the allowed wait", async () => {
    const clock = fakeClock("2026-03-01T10:59:30Z");
    const budget = new MemoryCallBudget({ limitPerHour: 1, now: clock.now });
    await budget.take({ maxWaitMs: 60_000, sleep: clock.sleep });
    await budget.take({ maxWaitMs: 60_000, sleep: clock.sleep });
    expect(clock.now().toISOString()).toBe("2026-03-01T11:00:00.000Z");
  });

  it("throws budget_exhausted with the wait when the next hour is too far away", async () => {
    const clock = fakeClock("2026-03-01T10:20:00Z");
    const budget = new MemoryCallBudget({ limitPerHour: 1, now: clock.now });
    await budget.take({ maxWaitMs: 60_000, sleep: clock.sleep });
    const error = await budget.take({ maxWaitMs: 60_000, sleep: clock.sleep }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DrchronoError);
    expect(error).toMatchObject({ code: "budget_exhausted", waitMs: 40 * 60_000 });
    expect(clock.now().toISOString()).toBe("2026-03-01T10:20:00.000Z");
  });

  it("gives up instead of spinning when the clock never moves", async () => {
    const budget = new MemoryCallBudget({ limitPerHour: 0, now: () => new Date("2026-03-01T10:59:59Z") });
    let sleeps = 0;
    const stuck = async () => {
      sleeps += 1;
    };
    await expect(budget.take({ maxWaitMs: 60_000, sleep: stuck })).rejects.toMatchObject({
      code: "budget_exhausted",
    });
    expect(sleeps).toBe(3);
  });
});

describe("tokenFingerprint", () => {
  it("names tokens by a fingerprint that does not reveal them", () => {
    const token = "s3cr3t-access-token";
    const fingerprint = tokenFingerprint(token);
    expect(fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint).not.toContain(token);
    expect(tokenFingerprint(token)).toBe(fingerprint);
    expect(tokenFingerprint("other")).not.toBe(fingerprint);
  });
});
