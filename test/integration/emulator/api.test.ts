import { describe, expect, it } from "vitest";
import { type ApiPatient, createDrchronoEmulator } from "@/sandbox/drchrono";
import {
  DOCTOR_A,
  DOCTOR_B,
  READ_SCOPES,
  SECOND_DOCTOR_A,
  STAFF_A,
  startEmulator,
  testClock,
} from "./support";

const clock = testClock("2026-05-04T15:00:00Z");
const { emulator, get } = await startEmulator({ now: clock.now, patients: 1_000 });
emulator.faults.rateLimitPerHour = null;
const doctorA = emulator.issueTokens(DOCTOR_A, READ_SCOPES).access_token;
const doctorB = emulator.issueTokens(DOCTOR_B, READ_SCOPES).access_token;

interface PageBody {
  previous: string | null;
  next: string | null;
  results: ApiPatient[];
}

/** Follows `next` to the end, as the client does; returns every page. */
async function allPages(first: string, token: string, onPage?: () => void): Promise<PageBody[]> {
  const pages: PageBody[] = [];
  let next: string | null = first;
  while (next) {
    const response = await get(next, token);
    expect(response.status).toBe(200);
    const page = (await response.json()) as PageBody;
    pages.push(page);
    onPage?.();
    next = page.next;
    expect(pages.length).toBeLessThan(1_000);
  }
  return pages;
}

describe("authentication and scopes, as drchrono (DRF) answers", () => {
  it("401 without credentials, with a garbage token, and with an expired token", async () => {
    const none = await get("/api/patients");
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ detail: "Authentication credentials were not provided." });

    const garbage = await get("/api/patients", "not-a-token");
    expect(garbage.status).toBe(401);
    expect(await garbage.json()).toEqual({ detail: "Invalid token." });

    const token = emulator.issueTokens(SECOND_DOCTOR_A, READ_SCOPES).access_token;
    expect((await get("/api/users/current", token)).status).toBe(302);
    clock.advance(48 * 3600_000);
    const expired = await get("/api/users/current", token);
    expect(expired.status).toBe(401);
    expect(await expired.json()).toEqual({ detail: "Invalid token." });
    clock.advance(-48 * 3600_000);
  });

  it("expireAccessTokens makes current access tokens 401 while refresh tokens keep working", async () => {
    // A separate instance: expiring every access token would also expire this file's shared tokens.
    const own = createDrchronoEmulator({ now: clock.now });
    const call = (path: string, init: RequestInit = {}) =>
      own.handle(new Request(`http://emulator${path}`, init));
    const tokens = own.issueTokens(STAFF_A, READ_SCOPES);
    const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
    own.expireAccessTokens();
    expect((await call("/api/users/current", bearer(tokens.access_token))).status).toBe(401);
    const refreshed = await call("/o/token/", {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: tokens.refresh_token,
        client_id: "sandbox-client",
        client_secret: "sandbox-secret",
      }),
    });
    const fresh = await refreshed.json();
    expect((await call("/api/users/current", bearer(fresh.access_token))).status).toBe(302);
    const later = own.issueTokens(DOCTOR_A, READ_SCOPES);
    expect((await call("/api/users/current", bearer(later.access_token))).status).toBe(302);
  });

  it("403 for patients without patients:read, even with patients:summary:read", async () => {
    const summary = emulator.issueTokens(DOCTOR_A, ["user:read", "patients:summary:read"]).access_token;
    for (const path of ["/api/patients", `/api/patients/${emulator.findPatients("typical")[0]?.id}`]) {
      const response = await get(path, summary);
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ detail: "You do not have permission to perform this action." });
    }
    expect((await get("/api/doctors", summary)).status).toBe(200);
  });

  it("403 for users, doctors and offices without user:read", async () => {
    const patientsOnly = emulator.issueTokens(DOCTOR_A, ["patients:read"]).access_token;
    for (const path of ["/api/users/current", "/api/doctors", "/api/offices"]) {
      expect((await get(path, patientsOnly)).status).toBe(403);
    }
  });
});

describe("users, doctors, offices", () => {
  it("/api/users/current answers 302 to /api/users/{id} under the base path", async () => {
    const response = await get("/api/users/current", doctorA);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/api/users/${DOCTOR_A}`);
    const user = await (await get(`/api/users/${DOCTOR_A}`, doctorA)).json();
    expect(user).toEqual({
      id: DOCTOR_A,
      username: "ehayes",
      doctor: 301001,
      practice_group: 1001,
      is_doctor: true,
      is_staff: false,
      permissions: expect.arrayContaining(["manage-patients"]),
    });
  });

  it("keeps the mount's base path in redirects and paging links", async () => {
    const request = (path: string) =>
      new Request(`https://demo.example.com/sandbox/drchrono${path}`, {
        headers: { authorization: `Bearer ${doctorA}` },
      });
    const redirect = await emulator.handle(request("/api/users/current"), "/sandbox/drchrono");
    expect(redirect.headers.get("location")).toBe(`/sandbox/drchrono/api/users/${DOCTOR_A}`);
    const page = await (
      await emulator.handle(request("/api/patients?page_size=2"), "/sandbox/drchrono")
    ).json();
    expect(page.next).toMatch(
      /^https:\/\/demo\.example\.com\/sandbox\/drchrono\/api\/patients\?page_size=2&cursor=/,
    );
    expect((await emulator.handle(request("/api/patients/"), "/sandbox/drchrono")).status).toBe(200);
  });

  it("a staff user's doctor is their primary physician", async () => {
    const staff = emulator.issueTokens(STAFF_A, READ_SCOPES).access_token;
    const user = await (await get(`/api/users/${STAFF_A}`, staff)).json();
    expect(user).toMatchObject({ doctor: 301001, practice_group: 1001, is_doctor: false, is_staff: true });
  });

  it("doctors and offices are the caller's practice only, paged like patients, with postal addresses", async () => {
    const doctors = await (await get("/api/doctors/", doctorA)).json();
    expect(doctors.results.map((d: { id: number }) => d.id)).toEqual([301001, 301002, 301003]);
    expect(doctors.results.map((d: { timezone: string }) => d.timezone)).toEqual([
      "America/New_York",
      "America/Chicago",
      "America/Denver",
    ]);
    expect(doctors).toMatchObject({ previous: null, next: null });
    const offices = await (await get("/api/offices", doctorA)).json();
    expect(offices.results[0]).toMatchObject({
      doctor: 301001,
      city: "Brooklyn",
      state: "NY",
      zip_code: "11201",
    });

    const theirs = await (await get("/api/doctors", doctorB)).json();
    expect(theirs.results).toHaveLength(1);
    expect(theirs.results[0]).toMatchObject({
      id: 302001,
      practice_group: 1002,
      timezone: "America/Los_Angeles",
    });
    expect((await get("/api/offices/401001", doctorB)).status).toBe(404);
  });
});

describe("patients", () => {
  it("pages through every patient of the practice with page_size 250, each exactly once", async () => {
    const pages = await allPages("/api/patients?page_size=250", doctorA);
    const ids = pages.flatMap((p) => p.results.map((r) => r.id));
    expect(pages).toHaveLength(Math.ceil(1_000 / 250));
    expect(new Set(ids).size).toBe(ids.length);
    const expected = [...emulator.describePatients(1001)].map((d) => d.id);
    expect(ids).toEqual(expected);
    expect(pages[0]?.previous).toBeNull();
    expect(pages[1]?.previous).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/patients\?page_size=250&cursor=/);
    expect(pages.at(-1)?.next).toBeNull();
  });

  it("never goes above 250 per page, and previous links walk back", async () => {
    const first = await (await get("/api/patients?page_size=1000", doctorA)).json();
    expect(first.results).toHaveLength(250);
    const second = await (await get(first.next, doctorA)).json();
    const back = await (await get(second.previous, doctorA)).json();
    expect(back.results.map((p: ApiPatient) => p.id)).toEqual(first.results.map((p: ApiPatient) => p.id));
  });

  it("with patients changing mid-listing, still returns each patient exactly once", async () => {
    emulator.faults.mutateDuringPaging = true;
    try {
      const before = [...emulator.describePatients(1001)].length;
      const pages = await allPages("/api/patients?page_size=100", doctorA);
      const ids = pages.flatMap((p) => p.results.map((r) => r.id));
      expect(new Set(ids).size).toBe(ids.length);
      const after = [...emulator.describePatients(1001)].map((d) => d.id);
      // Every patient that existed before and after is there once; the newcomers appear at the end.
      expect(after.length).toBeGreaterThan(before);
      expect(ids).toEqual(after);
      const edited = pages.flatMap((p) => p.results).filter((p) => p.updated_at === "2026-05-04T15:00:00");
      expect(edited.length).toBeGreaterThan(0);
    } finally {
      emulator.faults.mutateDuringPaging = false;
    }
  });

  it("filters by doctor, date_of_birth, since, and name prefixes (case-insensitive)", async () => {
    const all = [...emulator.describePatients(1001)].map((d) => d.patient);
    const byDoctor = await allPages("/api/patients?doctor=301002", doctorA);
    const doctorIds = byDoctor.flatMap((p) => p.results.map((r) => r.id));
    expect(doctorIds).toEqual(all.filter((p) => p.doctor === 301002).map((p) => p.id));

    const sample = emulator.findPatients("typical")[0]?.patient as ApiPatient;
    const dob = (await (
      await get(`/api/patients?date_of_birth=${sample.date_of_birth}`, doctorA)
    ).json()) as PageBody;
    expect(dob.results.map((p) => p.id)).toContain(sample.id);
    expect(dob.results.every((p) => p.date_of_birth === sample.date_of_birth)).toBe(true);

    const byName = (await (
      await get(
        `/api/patients?last_name=${encodeURIComponent(sample.last_name.slice(0, 3).toUpperCase())}&first_name=${encodeURIComponent(sample.first_name.slice(0, 2).toLowerCase())}`,
        doctorA,
      )
    ).json()) as PageBody;
    expect(byName.results.map((p) => p.id)).toContain(sample.id);
    expect(
      byName.results.every(
        (p) =>
          p.last_name.toLowerCase().startsWith(sample.last_name.slice(0, 3).toLowerCase()) &&
          p.first_name.toLowerCase().startsWith(sample.first_name.slice(0, 2).toLowerCase()),
      ),
    ).toBe(true);

    const changed = emulator.updatePatient(sample.id, { email: "changed@example.com" });
    for (const since of ["2026-05-04", "2026-05-04T14:59:00", "2026-05-04T10:59:00-04:00"]) {
      const page = (await (
        await get(`/api/patients?since=${encodeURIComponent(since)}`, doctorA)
      ).json()) as PageBody;
      expect(page.results.map((p) => p.id)).toContain(changed.id);
      expect(page.results.every((p) => p.updated_at >= "2026-05-04T00:00:00")).toBe(true);
    }
    const later = (await (await get("/api/patients?since=2026-05-04T15:00:01", doctorA)).json()) as PageBody;
    expect(later.results.map((p) => p.id)).not.toContain(changed.id);

    expect((await get("/api/patients?since=yesterday", doctorA)).status).toBe(400);
    expect((await get("/api/patients?cursor=%%%", doctorA)).status).toBe(404);
  });

  it("one patient by id; 404 when absent, deleted or in another practice (tenant isolation)", async () => {
    const mine = emulator.findPatients("typical", 1001)[0]?.id as number;
    const response = await get(`/api/patients/${mine}`, doctorA);
    expect(response.status).toBe(200);
    expect((await response.json()).id).toBe(mine);

    const blocked = await get(`/api/patients/${mine}`, doctorB);
    expect(blocked.status).toBe(404);
    expect(await blocked.json()).toEqual({ detail: "Not found." });
    expect((await get("/api/patients/12345", doctorA)).status).toBe(404);

    const doomed = emulator.addPatient(1001, { first_name: "Temporary" });
    expect((await get(`/api/patients/${doomed}`, doctorA)).status).toBe(200);
    emulator.deletePatient(doomed);
    expect((await get(`/api/patients/${doomed}`, doctorA)).status).toBe(404);
  });

  it("practice B's listing holds only practice B's patients, and never A's", async () => {
    const pages = await allPages("/api/patients", doctorB);
    const ids = pages.flatMap((p) => p.results.map((r) => r.id));
    const bIds = [...emulator.describePatients(1002)].map((d) => d.id);
    expect(ids).toEqual(bIds);
    expect(ids.length).toBeGreaterThanOrEqual(20);
    const aIds = new Set([...emulator.describePatients(1001)].map((d) => d.id));
    expect(ids.some((id) => aIds.has(id))).toBe(false);
    expect(pages.flatMap((p) => p.results).every((p) => p.doctor === 302001)).toBe(true);
  });
});
