import v8 from "node:v8";
import vm from "node:vm";
import { isValidPhoneNumber } from "libphonenumber-js/max";
import { describe, expect, it } from "vitest";
import { type CaseTag, createDrchronoEmulator, type DescribedPatient } from "@/sandbox/drchrono";
import { DOCTOR_A, READ_SCOPES } from "./support";

// 03:30 UTC: already May 5 in UTC, still May 4 in New York, Chicago and Denver.
const NOW = new Date("2026-05-05T03:30:00Z");
const emulator = createDrchronoEmulator({ now: () => NOW });
const practiceA = [...emulator.describePatients(1001)];

const formats = new Map<string, Intl.DateTimeFormat>();
function dateIn(timeZone: string, instant: Date, plusDays = 0): string {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", { timeZone });
    formats.set(timeZone, format);
  }
  const day = format.format(instant);
  return new Date(Date.parse(`${day}T00:00:00Z`) + plusDays * 86_400_000).toISOString().slice(0, 10);
}

function withTag(tag: string): DescribedPatient[] {
  return practiceA.filter((d) => (d.tags as string[]).includes(tag));
}

const zoneOf = (doctor: number | null) =>
  emulator.doctors().find((d) => d.id === (doctor ?? 301001))?.timezone ?? "America/New_York";

describe("deterministic data", () => {
  it("the same seed gives the same patients; another seed gives others", () => {
    const again = [...createDrchronoEmulator({ now: () => NOW }).describePatients()];
    expect(JSON.stringify(again)).toBe(JSON.stringify([...emulator.describePatients()]));
    const other = [...createDrchronoEmulator({ seed: 7, now: () => NOW }).describePatients(1001)];
    expect(other.map((d) => d.patient.last_name)).not.toEqual(practiceA.map((d) => d.patient.last_name));
  });

  it("has the configured number of patients in practice A and about twenty in practice B", () => {
    expect(practiceA).toHaveLength(300);
    expect([...emulator.describePatients(1002)]).toHaveLength(20);
  });
});

describe("birthdays", () => {
  it("always has several patients whose birthday is today and each of the next 14 days, in their doctor's zone", () => {
    for (let days = 0; days <= 14; days++) {
      const due = practiceA.filter((d) => {
        const dob = d.patient.date_of_birth ?? "";
        return (
          /^\d{4}-\d{2}-\d{2}$/.test(dob) &&
          dob.slice(5) === dateIn(zoneOf(d.patient.doctor), NOW, days).slice(5)
        );
      });
      expect(due.length, `birthdays in ${days} days`).toBeGreaterThanOrEqual(4);
      expect(withTag(`birthday-in-${days}`).map((d) => d.id)).toEqual(due.map((d) => d.id));
    }
    expect(withTag("birthday-in-0").every((d) => d.patient.date_of_birth?.slice(5) === "05-04")).toBe(true);
  });

  it("patientsDueOn finds the month-day matches of a date", () => {
    const due = emulator.patientsDueOn("2026-05-04", 1001);
    expect(due.map((d) => d.id)).toEqual(withTag("birthday-in-0").map((d) => d.id));
  });

  it("puts awkward charts among today's birthdays so dispatch and dashboard meet them", () => {
    const today = withTag("birthday-in-0").flatMap((d) => d.tags);
    for (const tag of [
      "deceased",
      "inactive",
      "no-doctor",
      "no-email",
      "no-phone",
      "no-contact",
      "landline-only",
    ]) {
      expect(today, tag).toContain(tag);
    }
    for (const tag of [
      "malformed-phone",
      "sms-disabled",
      "minor",
      "nick-name",
      "lang-spa",
      "dob-future",
      "age-over-120",
    ]) {
      expect(today, tag).toContain(tag);
    }
  });
});

describe("every awkward case, several of each", () => {
  const atLeast = (tag: CaseTag, n: number, check: (d: DescribedPatient) => boolean) => {
    const found = withTag(tag);
    expect(found.length, tag).toBeGreaterThanOrEqual(n);
    for (const d of found) expect(check(d), `${tag} ${d.id}`).toBe(true);
  };
  const year = NOW.getUTCFullYear();

  it("dates of birth", () => {
    atLeast("feb29", 3, (d) => /^\d{4}-02-29$/.test(d.patient.date_of_birth ?? ""));
    atLeast("dob-null", 3, (d) => d.patient.date_of_birth === null);
    atLeast("dob-impossible", 3, (d) =>
      ["1990-02-30", "1985-04-31", "2001-13-01"].includes(d.patient.date_of_birth ?? ""),
    );
    expect(withTag("dob-impossible").map((d) => d.patient.date_of_birth)).toContain("1990-02-30");
    atLeast("dob-empty", 2, (d) => d.patient.date_of_birth === "");
    atLeast("dob-zero", 2, (d) => d.patient.date_of_birth === "0000-00-00");
    atLeast("dob-us-format", 2, (d) => /^\d{2}\/\d{2}\/\d{4}$/.test(d.patient.date_of_birth ?? ""));
    expect(withTag("dob-us-format").map((d) => d.patient.date_of_birth)).toContain("12/05/1980");
    atLeast("dob-future", 2, (d) => (d.patient.date_of_birth ?? "") > "2026-05-05");
    atLeast("age-over-120", 3, (d) => Number(d.patient.date_of_birth?.slice(0, 4)) < year - 120);
  });

  it("chart states and contacts", () => {
    atLeast("no-doctor", 3, (d) => d.patient.doctor === null);
    atLeast("inactive", 3, (d) => d.patient.patient_status === "I");
    atLeast(
      "deceased",
      3,
      (d) => d.patient.patient_status === "D" && /^\d{4}-\d{2}-\d{2}$/.test(d.patient.date_of_death ?? ""),
    );
    atLeast("no-email", 3, (d) => d.patient.email === "" && d.patient.cell_phone !== "");
    atLeast("no-phone", 3, (d) => d.patient.email !== "" && !d.patient.cell_phone && !d.patient.home_phone);
    atLeast("no-contact", 3, (d) => !d.patient.email && !d.patient.cell_phone && !d.patient.home_phone);
    atLeast(
      "landline-only",
      3,
      (d) => !d.patient.email && !d.patient.cell_phone && d.patient.home_phone !== "",
    );
    atLeast("malformed-phone", 3, (d) => !isValidPhoneNumber(d.patient.cell_phone, "US"));
    expect(withTag("malformed-phone").map((d) => d.patient.cell_phone)).toContain("12");
    atLeast("sms-disabled", 3, (d) => d.patient.disable_sms_messages && d.patient.cell_phone !== "");
    atLeast(
      "minor",
      3,
      (d) =>
        Number(d.patient.date_of_birth?.slice(0, 4)) > year - 18 &&
        d.patient.responsible_party_name !== "" &&
        d.patient.responsible_party_relation !== "" &&
        /@example\.(com|org|net)$/.test(d.patient.responsible_party_email) &&
        isValidPhoneNumber(d.patient.responsible_party_phone, "US"),
    );
    atLeast(
      "nick-name",
      3,
      (d) => d.patient.nick_name !== "" && d.patient.nick_name !== d.patient.first_name,
    );
  });

  it("preferred languages", () => {
    atLeast("lang-spa", 3, (d) => d.patient.preferred_language === "spa");
    for (const code of ["zho", "fra", "blank", "other", "declined"] as const) {
      atLeast(`lang-${code}`, 2, (d) => d.patient.preferred_language === code);
    }
    expect(practiceA.filter((d) => d.patient.preferred_language === "eng").length).toBeGreaterThan(100);
  });

  it("contacts look real: example-domain e-mails and US numbers libphonenumber accepts", () => {
    for (const { patient, tags } of practiceA) {
      if (patient.email) expect(patient.email).toMatch(/^[a-z0-9.]+@example\.(com|org|net)$/);
      if (tags.includes("malformed-phone")) continue;
      for (const phone of [patient.cell_phone, patient.home_phone, patient.office_phone]) {
        if (phone) expect(isValidPhoneNumber(phone, "US"), phone).toBe(true);
      }
    }
  });

  it("records carry every field the product reads plus extras it must tolerate", () => {
    const fields = Object.keys(practiceA[0]?.patient ?? {});
    for (const field of [
      "id",
      "chart_id",
      "doctor",
      "first_name",
      "nick_name",
      "middle_name",
      "last_name",
      "date_of_birth",
      "gender",
      "email",
      "cell_phone",
      "home_phone",
      "office_phone",
      "patient_status",
      "disable_sms_messages",
      "preferred_language",
      "responsible_party_name",
      "responsible_party_relation",
      "responsible_party_email",
      "responsible_party_phone",
      "date_of_death",
      "created_at",
      "updated_at",
      "custom_demographics",
    ]) {
      expect(fields).toContain(field);
    }
  });
});

describe("100,000 patients", () => {
  v8.setFlagsFromString("--expose-gc");
  const gc = vm.runInNewContext("gc") as () => void;

  it("start instantly, generate quickly, and page through with flat memory", async () => {
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    let started = performance.now();
    const big = createDrchronoEmulator({ patients: 100_000, now: () => NOW });
    big.faults.rateLimitPerHour = null;
    expect(performance.now() - started).toBeLessThan(100);

    started = performance.now();
    let count = 0;
    for (const _ of big.describePatients(1001)) count++;
    expect(count).toBe(100_000);
    expect(performance.now() - started).toBeLessThan(3_000);

    started = performance.now();
    const token = big.issueTokens(DOCTOR_A, READ_SCOPES).access_token;
    let next: string | null = "http://emulator/api/patients?page_size=250";
    let seen = 0;
    let lastId = 0;
    let ascending = true;
    while (next) {
      const response = await big.handle(new Request(next, { headers: { authorization: `Bearer ${token}` } }));
      const page = (await response.json()) as { next: string | null; results: { id: number }[] };
      for (const p of page.results) {
        ascending &&= p.id > lastId;
        lastId = p.id;
      }
      seen += page.results.length;
      next = page.next;
    }
    expect(seen).toBe(100_000);
    expect(ascending).toBe(true);
    const pagingMs = performance.now() - started;
    expect(pagingMs).toBeLessThan(15_000);

    gc();
    const retainedMb = (process.memoryUsage().heapUsed - heapBefore) / 1_048_576;
    expect(retainedMb).toBeLessThan(20);
    expect(big.calls.total).toBe(400);
  }, 60_000);
});
