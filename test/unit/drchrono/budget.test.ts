import { beforeEach, describe, expect, it } from "vitest";
import { CallBudget, resetSharedBudgets, sharedBudget, tokenFingerprint } from "@/lib/drchrono/budget";
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

describe("CallBudget", () => {
  it("allows the hourly limit, then refuses until the top of the next hour", () => {
    const clock = fakeClock("2026-03-01T10:59:00Z");
    const budget = new CallBudget({ limitPerHour: 3, now: clock.now });
    expect([budget.tryTake(), budget.tryTake(), budget.tryTake()]).toEqual([
      { ok: true },
      { ok: true },
      { ok: true },
    ]);
    expect(budget.tryTake()).toEqual({ ok: false, waitMs: 60_000 });
    expect(budget.remaining()).toBe(0);
    clock.advance(59_999);
    expect(budget.tryTake().ok).toBe(false);
    clock.advance(1);
    expect(budget.remaining()).toBe(3);
    expect(budget.tryTake()).toEqual({ ok: true });
  });

  it("resets at the clock hour, not an hour after the first call", () => {
    const clock = fakeClock("2026-03-01T10:30:00Z");
    const budget = new CallBudget({ limitPerHour: 1, now: clock.now });
    expect(budget.tryTake().ok).toBe(true);
    clock.advance(30 * 60_000);
    expect(budget.tryTake().ok).toBe(true);
  });

  it("defaults to 480 calls: a margin under drchrono's 500", () => {
    const budget = new CallBudget({ now: fakeClock("2026-03-01T10:00:00Z").now });
    expect(budget.remaining()).toBe(480);
  });

  it("waits for the next hour when that is within the allowed wait", async () => {
    const clock = fakeClock("2026-03-01T10:59:30Z");
    const budget = new CallBudget({ limitPerHour: 1, now: clock.now });
    await budget.take({ maxWaitMs: 60_000, sleep: clock.sleep });
    await budget.take({ maxWaitMs: 60_000, sleep: clock.sleep });
    expect(clock.now().toISOString()).toBe("2026-03-01T11:00:00.000Z");
  });

  it("throws budget_exhausted with the wait when the next hour is too far away", async () => {
    const clock = fakeClock("2026-03-01T10:20:00Z");
    const budget = new CallBudget({ limitPerHour: 1, now: clock.now });
    await budget.take({ maxWaitMs: 60_000, sleep: clock.sleep });
    const error = await budget.take({ maxWaitMs: 60_000, sleep: clock.sleep }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DrchronoError);
    expect(error).toMatchObject({ code: "budget_exhausted", waitMs: 40 * 60_000 });
    expect(clock.now().toISOString()).toBe("2026-03-01T10:20:00.000Z");
  });

  it("gives up instead of spinning when the clock never moves", async () => {
    const budget = new CallBudget({ limitPerHour: 0, now: () => new Date("2026-03-01T10:59:59Z") });
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

describe("shared budgets", () => {
  beforeEach(() => resetSharedBudgets());

  it("is one budget per token, shared by everyone using that token", () => {
    const a = sharedBudget("token-a", { limitPerHour: 2 });
    expect(sharedBudget("token-a")).toBe(a);
    expect(sharedBudget("token-b")).not.toBe(a);
  });

  it("names tokens by a fingerprint that does not reveal them", () => {
    const token = "s3cr3t-access-token";
    const fingerprint = tokenFingerprint(token);
    expect(fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint).not.toContain(token);
    expect(tokenFingerprint(token)).toBe(fingerprint);
    expect(tokenFingerprint("other")).not.toBe(fingerprint);
  });
});
