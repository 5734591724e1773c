/* How the client survives drchrono's bad days: throttling, 5xx bursts, hangs, dead tokens, its own hourly budget. */
import { describe, expect, it } from "vitest";
import { MemoryCallBudget, processBudget, resetProcessBudgets } from "@/lib/drchrono/budget";
import { createDrchronoClient } from "@/lib/drchrono/client";
import { DrchronoError } from "@/lib/drchrono/types";
import { startHarness } from "./harness";

describe("drchrono client: resilience", () => {
  it("waits out a 429 for the seconds drchrono's detail text names, then succeeds", async () => {
    const h = await startHarness({ at: "2026-03-02T15:59:57Z" });
    h.emulator.faults.rateLimitPerHour = 2;
    const api = h.client(["user:read"]);
    await api.doctors();
    await api.offices();
    const doctors = await api.doctors(); // third call this hour: 429 "available in 3 seconds", then success
    expect(doctors.length).toBeGreaterThan(0);
    expect(api.calls).toBe(4);
    expect(h.sleeps).toHaveLength(1);
    expect(h.sleeps[0]).toBeGreaterThanOrEqual(3000);
    expect(h.sleeps[0]).toBeLessThan(3300);
  });

  it("prefers the Retry-After header when drchrono sends one", async () => {
    const h = await startHarness({ at: "2026-03-02T15:59:50Z" });
    h.emulator.faults.rateLimitPerHour = 1;
    h.emulator.faults.retryAfterHeader = true;
    const api = h.client(["user:read"]);
    await api.offices();
    await api.offices();
    expect(h.sleeps).toHaveLength(1);
    expect(h.sleeps[0]).toBeGreaterThanOrEqual(10_000);
    expect(h.sleeps[0]).toBeLessThan(11_000);
  });

  it("throws rate_limited with the wait instead of sleeping for most of an hour", async () => {
    const h = await startHarness({ at: "2026-03-02T15:20:00Z" });
    h.emulator.faults.rateLimitPerHour = 1;
    const api = h.client(["user:read"], { maxWaitMs: 60_000 });
    await api.offices();
    const error = await api.offices().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DrchronoError);
    expect(error).toMatchObject({ code: "rate_limited", status: 429, waitMs: 40 * 60_000 });
    expect(h.sleeps).toEqual([]);
  });

  it("rides out a burst of 5xx with growing, jittered backoff", async () => {
    const h = await startHarness();
    const api = h.client(["user:read"]);
    h.emulator.faults.failNext = 3;
    const doctors = await api.doctors();
    expect(doctors.length).toBeGreaterThan(0);
    expect(api.calls).toBe(4);
    // random() = 0.5: half of 500, 1000, 2000 ms.
    expect(h.sleeps).toEqual([250, 500, 1000]);
  });

  it("gives up with unavailable when the 5xx burst outlasts the retries", async () => {
    const h = await startHarness();
    const api = h.client(["user:read"], { maxRetries: 2 });
    h.emulator.faults.failNext = 10;
    await expect(api.offices()).rejects.toMatchObject({
      code: "unavailable",
      status: 503,
      path: "/api/offices",
    });
    expect(api.calls).toBe(3);
  });

  it("times out a hung call and retries it", async () => {
    const h = await startHarness();
    const api = h.client(["user:read"], { timeoutMs: 200 });
    h.emulator.faults.hangNext = 1;
    const started = Date.now();
    const user = await api.currentUser();
    expect(user.id).toBe(h.emulator.users[0]?.id);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(api.calls).toBe(3); // the hung attempt, then the 302 and the user
  });

  it("answers unauthorized at once, without retrying, for a revoked token", async () => {
    const h = await startHarness();
    const api = h.client(["user:read", "patients:read"]);
    const doctorId = h.emulator.users[0]?.id ?? 0;
    h.emulator.revokeTokensOf(doctorId);
    h.emulator.calls.reset();
    await expect(api.patientPage({})).rejects.toMatchObject({ code: "unauthorized", status: 401 });
    expect(h.emulator.calls.total).toBe(1);
    expect(h.sleeps).toEqual([]);
  });

  it("answers forbidden, without retrying, when patients:read was not granted", async () => {
    const h = await startHarness();
    const api = h.client(["user:read"]);
    const listing = async () => {
      for await (const _ of api.patients()) {
        // nothing: the first page is refused
      }
    };
    await expect(listing()).rejects.toMatchObject({ code: "forbidden", status: 403, path: "/api/patients" });
    expect(api.calls).toBe(1);
  });

  it("keeps under drchrono's limit by waiting for the next hour instead of collecting 429s", async () => {
    const h = await startHarness({ at: "2026-03-02T15:59:30Z" });
    h.emulator.faults.rateLimitPerHour = 10;
    const api = h.client(["user:read"], {
      budget: new MemoryCallBudget({ limitPerHour: 8, now: h.clock.now }),
    });
    for (let i = 0; i < 12; i++) await api.offices();
    expect(api.calls).toBe(12); // not one 429, so not one retry
    expect(h.sleeps).toEqual([30_000]);
    expect(h.clock.now().toISOString()).toBe("2026-03-02T16:00:00.000Z");
  });

  it("without the budget the same workload runs into drchrono's 429s", async () => {
    const h = await startHarness({ at: "2026-03-02T15:59:30Z" });
    h.emulator.faults.rateLimitPerHour = 10;
    const api = h.client(["user:read"]);
    for (let i = 0; i < 12; i++) await api.offices();
    expect(api.calls).toBe(13);
  });

  it("stops with budget_exhausted, and no call, when the next hour is too far off", async () => {
    const h = await startHarness({ at: "2026-03-02T15:10:00Z" });
    const budget = new MemoryCallBudget({ limitPerHour: 3, now: h.clock.now });
    const api = h.client(["user:read"], { budget });
    for (let i = 0; i < 3; i++) await api.offices();
    h.emulator.calls.reset();
    await expect(api.offices()).rejects.toMatchObject({ code: "budget_exhausted", waitMs: 50 * 60_000 });
    expect(h.emulator.calls.total).toBe(0);
  });

  it("shares one budget between every client of the application, whatever their token", async () => {
    const h = await startHarness({ at: "2026-03-02T15:10:00Z" });
    resetProcessBudgets();
    processBudget(undefined, { limitPerHour: 2, now: h.clock.now });
    const clientFor = (userIndex: number) => {
      const { access_token } = h.emulator.issueTokens(h.emulator.users[userIndex]?.id ?? 0, ["user:read"]);
      return createDrchronoClient({ baseUrl: h.url, accessToken: access_token, now: h.clock.now });
    };
    await clientFor(0).offices();
    await clientFor(1).offices();
    h.emulator.calls.reset();
    await expect(clientFor(2).offices()).rejects.toMatchObject({
      code: "budget_exhausted",
      waitMs: 50 * 60_000,
    });
    expect(h.emulator.calls.total).toBe(0);
    resetProcessBudgets();
  });

  it("pauses every client sharing the budget until the time drchrono names in a 429", async () => {
    const h = await startHarness({ at: "2026-03-02T15:10:00Z" });
    h.emulator.faults.rateLimitPerHour = 1;
    const budget = new MemoryCallBudget({ limitPerHour: 100, now: h.clock.now });
    const first = h.client(["user:read"], { budget, maxWaitMs: 1_000 });
    await first.offices();
    // The emulator's limit is spent: drchrono says "Expected available in 3000 seconds" (to 16:00).
    await expect(first.offices()).rejects.toMatchObject({ code: "rate_limited", waitMs: 3_000_000 });
    const other = h.client(["user:read"], { budget, maxWaitMs: 1_000 });
    h.emulator.calls.reset();
    await expect(other.offices()).rejects.toMatchObject({ code: "budget_exhausted", waitMs: 3_000_000 });
    expect(h.emulator.calls.total).toBe(0);
    h.clock.advance(3_000_000);
    await expect(other.offices()).resolves.toHaveLength(
      h.emulator.offices(h.emulator.practiceGroups.a).length,
    );
  });
});
