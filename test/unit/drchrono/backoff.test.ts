import { describe, expect, it } from "vitest";
import {
  backoffDelayMs,
  parseRetryAfter,
  parseThrottleDetail,
  statedWaitWithJitter,
  throttleWaitMs,
} from "@/lib/drchrono/backoff";

const policy = { baseDelayMs: 500, maxBackoffMs: 30_000 };

describe("backoffDelayMs (exponential, full jitter)", () => {
  it("doubles the ceiling with each attempt", () => {
    const almostOne = () => 0.999_999;
    expect([0, 1, 2, 3, 4].map((a) => backoffDelayMs(a, almostOne, policy))).toEqual([
      499, 999, 1999, 3999, 7999,
    ]);
  });

  it("draws anywhere from zero up to the ceiling", () => {
    expect(backoffDelayMs(3, () => 0, policy)).toBe(0);
    expect(backoffDelayMs(3, () => 0.5, policy)).toBe(2000);
    for (let i = 0; i < 1000; i++) {
      const d = backoffDelayMs(2, Math.random, policy);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(2000);
    }
  });

  it("never exceeds the cap however many attempts were made", () => {
    expect(backoffDelayMs(40, () => 0.999_999, policy)).toBeLessThan(30_000);
    expect(backoffDelayMs(40, () => 0.999_999, policy)).toBeGreaterThan(29_000);
  });
});

describe("throttle waits", () => {
  const now = Date.parse("2026-03-01T10:00:00Z");

  it("reads Retry-After as seconds or as an HTTP date", () => {
    expect(parseRetryAfter("7", now)).toBe(7000);
    expect(parseRetryAfter(" 1.5 ", now)).toBe(1500);
    expect(parseRetryAfter("Sun, 01 Mar 2026 10:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Sun, 01 Mar 2026 09:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter("soon", now)).toBeNull();
  });

  it("reads drchrono's 'Expected available in X seconds' detail", () => {
    expect(
      parseThrottleDetail('{"detail": "Request was throttled. Expected available in 12 seconds."}'),
    ).toBe(12_000);
    expect(parseThrottleDetail('{"detail":"Request was throttled. Expected available in 1 second."}')).toBe(
      1000,
    );
    expect(
      parseThrottleDetail('{"detail":"Request was throttled. Expected available in 0.4 seconds."}'),
    ).toBe(400);
    expect(parseThrottleDetail('{"detail":"Request was throttled."}')).toBeNull();
    expect(parseThrottleDetail("")).toBeNull();
  });

  it("prefers the Retry-After header over the detail text", () => {
    const body = '{"detail": "Request was throttled. Expected available in 2400 seconds."}';
    expect(throttleWaitMs("3", body, now)).toBe(3000);
    expect(throttleWaitMs(null, body, now)).toBe(2_400_000);
    expect(throttleWaitMs(null, "{}", now)).toBeNull();
  });

  it("adds at most 10% (and at most a second) of jitter to a stated wait", () => {
    expect(statedWaitWithJitter(5000, () => 0)).toBe(5000);
    expect(statedWaitWithJitter(5000, () => 0.999)).toBe(5499);
    expect(statedWaitWithJitter(60_000, () => 0.999)).toBe(60_999);
  });
});
