/* The emulator's "strange but plausible" mode: different spelling, same meaning, for a tolerant reader. */
import { describe, expect, it } from "vitest";
import { readSignInProfile } from "@/lib/auth/sign-in";
import { refreshAccessToken } from "@/lib/drchrono/oauth";
import type { ParsedPatient } from "@/lib/drchrono/types";
import { startHarness } from "../drchrono/harness";

async function everything(h: Awaited<ReturnType<typeof startHarness>>) {
  const api = h.client();
  const patients: ParsedPatient[] = [];
  for await (const p of api.patients({ pageSize: 40 })) patients.push(p);
  const first = patients.find((p) => p.ok);
  return {
    profile: await readSignInProfile(api),
    doctors: await api.doctors(),
    offices: await api.offices(),
    patients,
    single: first?.ok ? await api.patient(first.patient.id) : null,
    dropped: api.droppedRecords,
  };
}

describe("strange but plausible drchrono answers", () => {
  it("serve unused fields in odd shapes, string ids, '' for null and `data` pages", async () => {
    const h = await startHarness({ patients: 30 });
    h.emulator.faults.strangeRecords = true;
    const { accessToken } = h.client();
    const base = h.url;
    const get = async (path: string) =>
      (await fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${accessToken}` } })).json();
    const doctor = h.emulator.users.find((u) => u.role === "doctor");
    const user = await get(`/api/users/${doctor?.id}`);
    expect(user.permissions).toEqual({ "manage-patients": true, "manage-billing": false });
    expect(user.id).toBe(String(doctor?.id));
    const page = await get("/api/patients?page_size=2");
    expect(page.results).toBeUndefined();
    expect(page.data).toHaveLength(2);
    expect(page.count).toBe("2");
    expect(typeof page.data[0].id).toBe("string");
  });

  it("read exactly as the plain answers: same profile, doctors, offices and patients, nothing dropped", async () => {
    const plain = await everything(await startHarness({ patients: 60 }));
    const strangeHarness = await startHarness({ patients: 60 });
    strangeHarness.emulator.faults.strangeRecords = true;
    const strange = await everything(strangeHarness);
    expect(plain.patients).toHaveLength(60);
    expect(strange).toEqual(plain);
    expect(strange.dropped).toBe(0);
  });

  it("give token answers extra fields that the refresh ignores", async () => {
    const h = await startHarness();
    h.emulator.faults.strangeRecords = true;
    const doctor = h.emulator.users[0];
    const issued = h.emulator.issueTokens(doctor?.id ?? 0, ["user:read", "patients:read"]);
    const refreshed = await refreshAccessToken({
      baseUrl: h.url,
      clientId: "sandbox-client",
      clientSecret: "sandbox-secret",
      refreshToken: issued.refresh_token,
    });
    expect(refreshed).toMatchObject({ expiresIn: 172_800, scope: ["user:read", "patients:read"] });
    expect(refreshed.refreshToken).not.toBe(issued.refresh_token);
  });
});
