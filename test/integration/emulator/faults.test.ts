import { beforeEach, describe, expect, it } from "vitest";
import { DOCTOR_A, READ_SCOPES, STAFF_A, startEmulator, testClock } from "./support";

const clock = testClock("2026-05-04T15:20:00Z");
const { emulator, url, get } = await startEmulator({ now: clock.now });

beforeEach(() => {
  Object.assign(emulator.faults, {
    latencyMs: 0,
    rateLimitPerHour: 500,
    retryAfterHeader: false,
    failNext: 0,
    hangNext: 0,
    hangMaxMs: 60_000,
  });
  emulator.calls.reset();
});

describe("rate limit", () => {
  it("after 500 calls in an hour answers 429 with drchrono's text, and resets at the top of the hour", async () => {
    const token = emulator.issueTokens(DOCTOR_A, READ_SCOPES).access_token;
    for (let i = 0; i < 500; i++) expect((await get("/api/doctors", token)).status).toBe(200);
    const throttled = await get("/api/doctors", token);
    expect(throttled.status).toBe(429);
    // 15:20 -> the limit lifts at 16:00, 2400 seconds later.
    expect(await throttled.json()).toEqual({
      detail: "Request was throttled. Expected available in 2400 seconds.",
    });
    expect(throttled.headers.get("retry-after")).toBeNull();

    const other = emulator.issueTokens(STAFF_A, READ_SCOPES).access_token;
    expect((await get("/api/doctors", other)).status).toBe(200);

    clock.set("2026-05-04T16:00:00Z");
    expect((await get("/api/doctors", token)).status).toBe(200);
  });

  it("sends Retry-After when asked, and can be switched off", async () => {
    emulator.faults.rateLimitPerHour = 2;
    emulator.faults.retryAfterHeader = true;
    clock.set("2026-05-04T17:59:30Z");
    const token = emulator.issueTokens(DOCTOR_A, READ_SCOPES).access_token;
    await get("/api/doctors", token);
    await get("/api/doctors", token);
    const throttled = await get("/api/doctors", token);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("30");

    emulator.faults.rateLimitPerHour = null;
    expect((await get("/api/doctors", token)).status).toBe(200);
  });
});

describe("5xx bursts, hangs and latency", () => {
  it("failNext: the next N calls answer 502/503 with a non-JSON body, then service resumes", async () => {
    const token = emulator.issueTokens(DOCTOR_A, READ_SCOPES).access_token;
    emulator.faults.failNext = 3;
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      const response = await get("/api/patients?page_size=1", token);
      statuses.push(response.status);
      expect(response.headers.get("content-type")).toContain("text/html");
    }
    expect(statuses.every((s) => s === 502 || s === 503)).toBe(true);
    expect(new Set(statuses).size).toBe(2);
    expect((await get("/api/patients?page_size=1", token)).status).toBe(200);
    expect(emulator.calls.byRoute["GET /api/patients"]).toBe(4);
  });

  it("hangNext: a call never answers until the client aborts, and the abort frees it", async () => {
    const token = emulator.issueTokens(DOCTOR_A, READ_SCOPES).access_token;
    emulator.faults.hangNext = 1;
    const started = Date.now();
    await expect(get("/api/doctors", token, { signal: AbortSignal.timeout(200) })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(emulator.faults.hangNext).toBe(0);
    expect((await get("/api/doctors", token)).status).toBe(200);
  });

  it("a hung call resolves as soon as its request's signal aborts", async () => {
    emulator.faults.hangNext = 1;
    const controller = new AbortController();
    const started = performance.now();
    const pending = emulator.handle(
      new Request("http://emulator/api/doctors", {
        headers: { authorization: `Bearer ${emulator.issueTokens(DOCTOR_A, READ_SCOPES).access_token}` },
        signal: controller.signal,
      }),
    );
    setTimeout(() => controller.abort(), 50);
    const response = await pending;
    expect(response.status).toBe(499);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("a forgotten hang gives up by itself with a 504", async () => {
    emulator.faults.hangNext = 1;
    emulator.faults.hangMaxMs = 100;
    const response = await get("/api/doctors", emulator.issueTokens(DOCTOR_A, READ_SCOPES).access_token);
    expect(response.status).toBe(504);
  });

  it("latency delays every API answer", async () => {
    const token = emulator.issueTokens(DOCTOR_A, READ_SCOPES).access_token;
    emulator.faults.latencyMs = 150;
    const started = performance.now();
    expect((await get("/api/doctors", token)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });
});

describe("call counter", () => {
  it("counts API and token calls by route, but not the consent page", async () => {
    const token = emulator.issueTokens(DOCTOR_A, READ_SCOPES).access_token;
    await get("/api/users/current", token);
    await get(`/api/users/${DOCTOR_A}`, token);
    await get("/api/patients/70000001", token);
    await get("/api/patients/70000002/", token);
    await get("/o/authorize/?client_id=sandbox-client&redirect_uri=http://localhost/cb&response_type=code");
    await get("/api/doctors", token);
    await fetch(`${url}/o/token/`, { method: "POST", body: "" });
    expect(emulator.calls.byRoute).toEqual({
      "GET /api/users/current": 1,
      "GET /api/users/{id}": 1,
      "GET /api/patients/{id}": 2,
      "GET /api/doctors": 1,
      "POST /o/token/": 1,
    });
    expect(emulator.calls.total).toBe(6);
    emulator.calls.reset();
    expect(emulator.calls.total).toBe(0);
  });
});
