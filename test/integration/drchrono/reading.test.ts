/* Reading a practice through the client, against the drchrono emulator over loopback. */
import { describe, expect, it } from "vitest";
import type { ParsedPatient } from "@/lib/drchrono/types";
import { startHarness } from "./harness";

function idsOf(results: ParsedPatient[]): number[] {
  return results.map((r) => (r.ok ? r.patient.id : (r.id ?? -1)));
}

describe("drchrono client: reading", () => {
  it("follows /api/users/current's 302 to the user, keeping the token", async () => {
    const h = await startHarness();
    const doctor = h.emulator.users[0];
    if (!doctor) throw new Error("no sandbox user");
    const user = await h.client(["user:read"], { userId: doctor.id }).currentUser();
    expect(user).toMatchObject({
      id: doctor.id,
      username: doctor.username,
      doctor: doctor.doctor,
      practiceGroup: doctor.practiceGroup,
      isDoctor: doctor.role === "doctor",
    });
    expect(h.emulator.calls.byRoute["GET /api/users/current"]).toBe(1);
    expect(h.emulator.calls.byRoute["GET /api/users/{id}"]).toBe(1);
  });

  it("reads the practice's doctors and offices, and only its own", async () => {
    const h = await startHarness();
    const api = h.client(["user:read"]);
    const group = h.emulator.practiceGroups.a;
    const doctors = await api.doctors();
    const offices = await api.offices();
    expect(doctors.map((d) => d.id).sort()).toEqual(
      h.emulator
        .doctors(group)
        .map((d) => d.id)
        .sort(),
    );
    expect(offices.map((o) => o.id).sort()).toEqual(
      h.emulator
        .offices(group)
        .map((o) => o.id)
        .sort(),
    );
    expect(api.droppedRecords).toBe(0);
  });

  it("streams every patient of the practice to the end, once each", async () => {
    const h = await startHarness({ patients: 300 });
    const results: ParsedPatient[] = [];
    for await (const p of h.client().patients({ pageSize: 40 })) results.push(p);
    const expected = [...h.emulator.describePatients(h.emulator.practiceGroups.a)].map((d) => d.patient.id);
    expect(idsOf(results)).toEqual(expected);
    // Awkward charts (odd birth dates, no contact...) are data for the core, not parse failures.
    expect(results.every((r) => r.ok)).toBe(true);
  });

  it("loses and duplicates no patient while the practice changes mid-listing", async () => {
    const h = await startHarness({ patients: 300 });
    h.emulator.faults.mutateDuringPaging = true;
    const group = h.emulator.practiceGroups.a;
    const before = [...h.emulator.describePatients(group)].map((d) => d.patient.id);

    const seen: number[] = [];
    for await (const p of h.client().patients({ pageSize: 50 })) seen.push(p.ok ? p.patient.id : -1);

    const after = [...h.emulator.describePatients(group)].map((d) => d.patient.id);
    expect(after.length).toBeGreaterThan(before.length); // patients really were added while we paged
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(before));
    // Patients added during the listing land after the cursor, so they are read too.
    expect(seen.sort((a, b) => a - b)).toEqual(after);
  });

  it("keeps memory flat: fetches each page only when the previous one is consumed", async () => {
    const h = await startHarness({ patients: 20_000 });
    const api = h.client();
    let count = 0;
    let maxPagesAhead = 0;
    for await (const _ of api.patients()) {
      count += 1;
      // Pages of 250: item k is on page ceil(k / 250), and no later page has been fetched yet.
      maxPagesAhead = Math.max(maxPagesAhead, api.calls - Math.ceil(count / 250));
    }
    expect(count).toBe([...h.emulator.describePatients(h.emulator.practiceGroups.a)].length);
    expect(count).toBeGreaterThanOrEqual(20_000);
    expect(maxPagesAhead).toBe(0);
    expect(api.calls).toBe(Math.ceil(count / 250));
  });

  it("pages on demand for the dashboard, following the opaque cursor", async () => {
    const h = await startHarness();
    const api = h.client();
    const first = await api.patientPage({ pageSize: 10 });
    expect(first.results).toHaveLength(10);
    expect(first.previous).toBeNull();
    expect(first.next).not.toBeNull();
    const second = await api.patientPage({ pageSize: 10 }, first.next ?? undefined);
    expect(second.previous).not.toBeNull();
    const firstIds = idsOf(first.results);
    const secondIds = idsOf(second.results);
    expect(Math.min(...secondIds)).toBeGreaterThan(Math.max(...firstIds));
  });

  it("reads one patient, and answers null for one that is gone or belongs to another practice", async () => {
    const h = await startHarness();
    const api = h.client();
    const someone = h.emulator.describePatients(h.emulator.practiceGroups.a).next().value;
    const stranger = h.emulator.describePatients(h.emulator.practiceGroups.b).next().value;
    if (!someone || !stranger) throw new Error("emulator has no patients");
    const found = await api.patient(someone.patient.id);
    expect(found?.ok && found.patient.id).toBe(someone.patient.id);
    expect(await api.patient(999_999_999)).toBeNull();
    expect(await api.patient(stranger.patient.id)).toBeNull();
    h.emulator.deletePatient(someone.patient.id);
    expect(await api.patient(someone.patient.id)).toBeNull();
  });
});
