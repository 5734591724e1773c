import { describe, expect, it } from "vitest";
import { MAX_SEND_ATTEMPTS, nextAttemptAt } from "@/lib/dispatch/backoff";
import { noonOn, startOfLocalDay } from "@/lib/dispatch/local-time";

const now = new Date("2026-03-10T15:00:00Z");
const minutes = (d: Date | null) => (d ? (d.getTime() - now.getTime()) / 60_000 : null);

describe("nextAttemptAt", () => {
  it("backs off exponentially from five minutes, doubling each time", () => {
    expect([1, 2, 3, 4].map((n) => minutes(nextAttemptAt(n, true, now)))).toEqual([5, 10, 20, 40]);
  });

  it("makes non-retryable failures and the last attempt final", () => {
    expect(nextAttemptAt(1, false, now)).toBeNull();
    expect(nextAttemptAt(MAX_SEND_ATTEMPTS, true, now)).toBeNull();
  });
});

describe("local instants", () => {
  it("finds noon and midnight of a local date across time zones and DST", () => {
    expect(noonOn("2026-03-10", "America/New_York").toISOString()).toBe("2026-03-10T16:00:00.000Z");
    expect(noonOn("2026-01-10", "America/New_York").toISOString()).toBe("2026-01-10T17:00:00.000Z");
    expect(startOfLocalDay("2026-03-10", "Asia/Tokyo").toISOString()).toBe("2026-03-09T15:00:00.000Z");
  });
});
