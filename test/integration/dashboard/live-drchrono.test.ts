import { describe, expect, it } from "vitest";
import { fetchPatients, problemOf } from "@/components/practice/drchrono";
import { DrchronoError } from "@/lib/drchrono/types";
import { NeedsReauthorizationError } from "@/lib/vault/tokens";
import { startHarness } from "../drchrono/harness";

// How the dashboard's lists get fresh records from drchrono (the emulator) and how they degrade when it is down.

describe("fresh records for the rows a page shows", () => {
  it("fetches each patient once, and marks a patient drchrono no longer has", async () => {
    const harness = await startHarness({ patients: 20 });
    const api = harness.client();
    const first = await api.patientPage({ pageSize: 3 });
    const ids = first.results.flatMap((r) => (r.ok ? [r.patient.id] : []));
    const callsBefore = api.calls;
    const { records, problem } = await fetchPatients(api, [...ids, ids[0] ?? 0, 987_654_321]);
    expect(problem).toBeNull();
    expect(api.calls - callsBefore).toBe(ids.length + 1);
    for (const id of ids) expect(records.get(id)).toMatchObject({ ok: true, patient: { id } });
    expect(records.get(987_654_321)).toBeNull();
  });

  it("stops asking after drchrono fails, and reports it as unavailable", async () => {
    const harness = await startHarness({ patients: 20 });
    const api = harness.client(undefined, { maxRetries: 0 });
    harness.emulator.faults.failNext = 1_000;
    const callsBefore = api.calls;
    const { records, problem } = await fetchPatients(
      api,
      Array.from({ length: 20 }, (_, i) => i + 1),
      2,
    );
    expect(problem).toBe("unavailable");
    expect(records.size).toBe(0);
    // Two workers each stop at their first failure: a down drchrono costs two calls, not twenty.
    expect(api.calls - callsBefore).toBeLessThanOrEqual(2);
  });

  it("names the problem the page shows", () => {
    expect(problemOf(new NeedsReauthorizationError("a", "revoked"))).toBe("needs_reauth");
    expect(problemOf(new DrchronoError("unauthorized", "401"))).toBe("needs_reauth");
    expect(problemOf(new DrchronoError("forbidden", "403"))).toBe("forbidden");
    expect(problemOf(new DrchronoError("rate_limited", "429"))).toBe("unavailable");
    expect(problemOf(new Error("socket hang up"))).toBe("unavailable");
  });
});
