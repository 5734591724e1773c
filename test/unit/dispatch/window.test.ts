import { describe, expect, it } from "vitest";
import { dispatchTier, windowHoursLeft } from "@/lib/dispatch/window";

// 20:00 UTC on 10 March 2026: 16:00 in New York (EDT since 8 March), 13:00 in Los Angeles (PDT).
const EVENING_UTC = new Date("2026-03-10T20:00:00Z");

const account = (timeZone: string, extra: Partial<Parameters<typeof dispatchTier>[0]> = {}) => ({
  timeZone,
  sendHour: null,
  dispatchedOn: null,
  fullSyncCursor: null,
  lastFullSyncAt: new Date("2026-03-09T12:00:00Z"),
  lastSyncAt: new Date("2026-03-09T20:00:00Z"),
  ...extra,
});

describe("which practice's window closes first", () => {
  it("counts the local hours left before 21:00, in each practice's own zone", () => {
    expect(windowHoursLeft(account("America/New_York"), EVENING_UTC)).toBe(5);
    expect(windowHoursLeft(account("America/Los_Angeles"), EVENING_UTC)).toBe(8);
    // The window's last hour (20:00–21:00 local) has one hour left.
    expect(windowHoursLeft(account("America/New_York"), new Date("2026-03-11T00:30:00Z"))).toBe(1);
  });

  it("follows daylight saving time: New York is UTC-5 before 8 March 2026", () => {
    expect(windowHoursLeft(account("America/New_York"), new Date("2026-03-06T20:00:00Z"))).toBe(6);
  });
});

describe("the tier an hourly run serves a practice in", () => {
  it("dispatches inside the window until it is done, then revisits; outside, only a due listing", () => {
    expect(dispatchTier(account("America/New_York"), EVENING_UTC, false)).toBe("dispatch");
    const done = account("America/New_York", { dispatchedOn: "2026-03-10" });
    expect(dispatchTier(done, EVENING_UTC, false)).toBe("revisit");
    expect(dispatchTier(done, EVENING_UTC, true)).toBe("listing");
    const night = new Date("2026-03-10T06:00:00Z"); // 02:00 in New York
    expect(dispatchTier(account("America/New_York"), night, false)).toBeNull();
    expect(dispatchTier(account("America/New_York"), night, true)).toBe("listing");
  });

  it("waits for the practice's chosen hour", () => {
    const late = account("America/New_York", { sendHour: 17 });
    expect(dispatchTier(late, EVENING_UTC, false)).toBeNull();
    expect(dispatchTier(late, new Date("2026-03-10T21:00:00Z"), false)).toBe("dispatch");
  });
});
