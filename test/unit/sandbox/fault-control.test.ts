import { describe, expect, it } from "vitest";
import { createDrchronoEmulator } from "@/sandbox/drchrono";
import { defaultFaults } from "@/sandbox/drchrono/faults";
import {
  applyFaultChange,
  changePatientEmail,
  faultChangeSchema,
  patientEmailChangeSchema,
} from "@/sandbox/fault-control";

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

describe("sandbox chart edits", () => {
  const now = new Date("2026-03-01T17:00:00Z");

  it("corrects an address on every chart that has it, moving updated_at as an edit in drchrono does", () => {
    const emulator = createDrchronoEmulator({ seed: 42, patients: 50, now: () => now });
    const [first] = [...emulator.describePatients()].filter(({ patient }) => patient.email);
    const from = first?.patient.email as string;
    const sharing = [...emulator.describePatients()]
      .filter(({ patient }) => patient.email === from)
      .map((p) => p.id);
    expect(changePatientEmail(emulator, { from: from.toUpperCase(), to: "new@example.org" })).toEqual(
      sharing,
    );
    const changed = [...emulator.describePatients()].find(({ id }) => id === first?.id)?.patient;
    expect([changed?.email, changed?.updated_at]).toEqual(["new@example.org", "2026-03-01T17:00:00"]);
    expect(changePatientEmail(emulator, { from, to: "other@example.org" })).toEqual([]);
  });

  it.each([
    { changePatientEmail: { from: "a@example.org" } },
    { changePatientEmail: { from: "a@example.org", to: "not an address" } },
    { changePatientEmail: { from: "a@example.org", to: "b@example.org", name: "Ann" } },
  ])("refuses %j", (change) => {
    expect(patientEmailChangeSchema.safeParse(change).success).toBe(false);
  });
});
