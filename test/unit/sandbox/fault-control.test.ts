import { describe, expect, it } from "vitest";
import { defaultFaults } from "@/sandbox/drchrono/faults";
import { applyFaultChange, faultChangeSchema } from "@/sandbox/fault-control";

describe("sandbox fault control", () => {
  it("changes only the knobs named", () => {
    const faults = applyFaultChange(defaultFaults(), { failNext: 50, latencyMs: 200 });
    expect(faults).toEqual({ ...defaultFaults(), failNext: 50, latencyMs: 200 });
  });

  it("resets to drchrono's defaults before applying the rest", () => {
    const faults = applyFaultChange(
      { ...defaultFaults(), failNext: 9, hangNext: 3 },
      { reset: true, latencyMs: 5 },
    );
    expect(faults).toEqual({ ...defaultFaults(), latencyMs: 5 });
  });

  it.each([{ failNext: -1 }, { failnext: 1 }, { rateLimitPerHour: 0 }, { latencyMs: "slow" }])(
    "refuses %j",
    (change) => {
      expect(faultChangeSchema.safeParse(change).success).toBe(false);
    },
  );
});
