import { describe, expect, it } from "vitest";
import { parseDoctor, parseOffice, parsePage, parsePatient, parseUser } from "@/lib/drchrono/records";
import { DrchronoError } from "@/lib/drchrono/types";

const fullPatient = {
  id: 101,
  doctor: 7,
  first_name: "Ana",
  nick_name: "Annie",
  last_name: "García",
  date_of_birth: "1990-02-28",
  email: "ana@example.com",
  cell_phone: " +1 555 0100 ",
  home_phone: "",
  patient_status: "A",
  date_of_death: null,
  disable_sms_messages: true,
  preferred_language: "spa",
  responsible_party_name: "",
  responsible_party_email: "",
  responsible_party_phone: "",
  updated_at: "2026-01-02T03:04:05",
};

describe("parsePatient", () => {
  it("maps a complete drchrono record onto the core's PatientRecord", () => {
    expect(parsePatient(fullPatient)).toEqual({
      ok: true,
      updatedAt: "2026-01-02T03:04:05",
      patient: {
        id: 101,
        doctorId: 7,
        firstName: "Ana",
        nickName: "Annie",
        lastName: "García",
        dateOfBirth: "1990-02-28",
        email: "ana@example.com",
        cellPhone: "+1 555 0100",
        homePhone: null,
        status: "A",
        dateOfDeath: null,
        disableSms: true,
        preferredLanguage: "spa",
        hasResponsibleParty: false,
      },
    });
  });

  it("ignores fields it does not know", () => {
    const result = parsePatient({
      ...fullPatient,
      chart_id: "X1",
      custom_demographics: [{ a: 1 }],
      verbose: {},
    });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.patient).not.toHaveProperty("chart_id");
  });

  it("keeps any date of birth exactly as sent, for the core to classify", () => {
    for (const dob of ["", "0000-00-00", "12/05/1980", "1990-02-30", "2999-01-01", "1800-01-01", null]) {
      const result = parsePatient({ ...fullPatient, date_of_birth: dob });
      expect(result.ok && result.patient.dateOfBirth).toBe(dob);
    }
    const missing = parsePatient({ id: 5 });
    expect(missing.ok && missing.patient.dateOfBirth).toBeNull();
  });

  it("turns drchrono's empty strings into null and defaults what is absent", () => {
    const result = parsePatient({
      id: 5,
      email: "",
      cell_phone: "   ",
      nick_name: "",
      preferred_language: "",
    });
    expect(result).toMatchObject({
      ok: true,
      updatedAt: null,
      patient: {
        id: 5,
        doctorId: null,
        firstName: "",
        lastName: "",
        email: null,
        cellPhone: null,
        homePhone: null,
        nickName: null,
        status: null,
        disableSms: false,
        preferredLanguage: null,
        hasResponsibleParty: false,
      },
    });
  });

  it.each([
    ["responsible_party_name", "Maria Lopez"],
    ["responsible_party_email", "guardian@example.com"],
    ["responsible_party_phone", "555-0101"],
  ])("records a responsible party when %s is filled in", (field, value) => {
    const result = parsePatient({ ...fullPatient, [field]: value });
    expect(result.ok && result.patient.hasResponsibleParty).toBe(true);
  });

  it("does not count a blank or oddly typed responsible party as one", () => {
    const result = parsePatient({ ...fullPatient, responsible_party_name: "  ", responsible_party_phone: 0 });
    expect(result.ok && result.patient.hasResponsibleParty).toBe(false);
  });

  it("accepts an id sent as a string of digits", () => {
    const result = parsePatient({ ...fullPatient, id: "101", doctor: "7" });
    expect(result.ok && [result.patient.id, result.patient.doctorId]).toEqual([101, 7]);
  });

  it.each([
    ["a string", "patient"],
    ["null", null],
    ["an array", [fullPatient]],
    ["a number", 42],
  ])("classifies %s as not a record", (_label, raw) => {
    expect(parsePatient(raw)).toEqual({ ok: false, id: null, problem: "record is not an object" });
  });

  it.each([
    ["no id", { ...fullPatient, id: undefined }, null, "id: missing"],
    ["a null id", { ...fullPatient, id: null }, null, "id: missing"],
    ["a non-numeric id", { ...fullPatient, id: "abc" }, null, "id: wrong type"],
    ["a fractional id", { ...fullPatient, id: 1.5 }, null, "id: wrong type"],
    // Digits only, the whole string: no trailing or leading garbage, and no zero (ids start at 1).
    ["an id with trailing letters", { ...fullPatient, id: "7abc" }, null, "id: wrong type"],
    ["an id with leading letters", { ...fullPatient, id: "abc7" }, null, "id: wrong type"],
    // Number() would read both as 7: only the anchored pattern refuses them.
    ["an id with a trailing new line", { ...fullPatient, id: "7\n" }, null, "id: wrong type"],
    ["an id with a leading space", { ...fullPatient, id: " 7" }, null, "id: wrong type"],
    ["a zero id", { ...fullPatient, id: 0 }, null, "id: invalid"],
    ["a zero id as text", { ...fullPatient, id: "0" }, null, "id: invalid"],
    ["a zero doctor as text", { ...fullPatient, doctor: "0" }, 101, "doctor: invalid"],
    ["a doctor that is an object", { ...fullPatient, doctor: { id: 7 } }, 101, "doctor: wrong type"],
    [
      "a numeric date of birth",
      { ...fullPatient, date_of_birth: 19900228 },
      101,
      "date_of_birth: wrong type",
    ],
    ["a numeric first name", { ...fullPatient, first_name: 12 }, 101, "first_name: wrong type"],
    ["an e-mail list", { ...fullPatient, email: ["a@b.c"] }, 101, "email: wrong type"],
    [
      "a textual SMS flag",
      { ...fullPatient, disable_sms_messages: "yes" },
      101,
      "disable_sms_messages: wrong type",
    ],
  ])("classifies a record with %s, keeping the id when readable", (_label, raw, id, problem) => {
    expect(parsePatient(raw)).toEqual({ ok: false, id, problem });
  });

  it("names every faulty field but never echoes a value", () => {
    const result = parsePatient({ ...fullPatient, first_name: 12, email: { address: "secret@example.com" } });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem).toBe("first_name: wrong type; email: wrong type");
      expect(result.problem).not.toContain("secret");
    }
  });
});

describe("parsePage", () => {
  it("reads the array from `results` (drchrono's prose) or `data` (its generated schema)", () => {
    expect(
      parsePage({ results: [1, 2], next: "https://x/api/patients?cursor=a", previous: null }, "/p"),
    ).toEqual({
      items: [1, 2],
      next: "https://x/api/patients?cursor=a",
      previous: null,
    });
    expect(parsePage({ data: [3], extra: true }, "/p")).toEqual({ items: [3], next: null, previous: null });
  });

  it.each([
    ["no array", { next: null }],
    ["an object for results", { results: { a: 1 } }],
    ["a bare array", [1, 2]],
    ["a numeric next", { results: [], next: 2 }],
    ["null", null],
  ])("rejects a page with %s as a bad response", (_label, raw) => {
    expect(() => parsePage(raw, "/api/patients")).toThrowError(
      expect.objectContaining({
        code: "bad_response",
        path: "/api/patients",
        message: "GET /api/patients: not a list page",
      }),
    );
  });
});

describe("parseUser", () => {
  it("reads the signed-in user with role and practice", () => {
    expect(
      parseUser({
        id: 9,
        username: "drsmith",
        doctor: 7,
        practice_group: 3,
        is_doctor: true,
        is_staff: false,
        permissions: ["manage-patients"],
        unknown: 1,
      }),
    ).toEqual({
      id: 9,
      username: "drsmith",
      doctor: 7,
      practiceGroup: 3,
      isDoctor: true,
    });
  });

  it("ignores the fields sign-in does not use, whatever their shape (permissions as an object of booleans)", () => {
    expect(
      parseUser({
        id: "9",
        username: "drsmith",
        doctor: "",
        practice_group: 3,
        is_doctor: false,
        is_staff: "yes",
        permissions: { "manage-patients": true, "manage-billing": false },
      }),
    ).toEqual({ id: 9, username: "drsmith", doctor: null, practiceGroup: 3, isDoctor: false });
  });

  it("throws a bad response when the practice group is missing (tenancy depends on it)", () => {
    const error = (() => {
      try {
        parseUser({ id: 9, username: "x" });
      } catch (thrown) {
        return thrown;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(DrchronoError);
    expect(error).toMatchObject({
      code: "bad_response",
      path: "/api/users/{id}",
      message: "malformed user record: practice_group: missing",
    });
  });
});

describe("parseDoctor and parseOffice", () => {
  it("reads a doctor and defaults the optional fields", () => {
    expect(
      parseDoctor({ id: 7, first_name: "Jo", last_name: "Smith", timezone: "America/New_York" }),
    ).toEqual({
      ok: true,
      value: {
        id: 7,
        firstName: "Jo",
        lastName: "Smith",
        suffix: null,
        timeZone: "America/New_York",
        practiceGroupName: null,
        email: null,
        officePhone: null,
      },
    });
  });

  it("classifies a malformed doctor instead of throwing", () => {
    expect(parseDoctor({ id: 7, last_name: 3 })).toEqual({
      ok: false,
      id: 7,
      problem: "last_name: wrong type",
    });
    expect(parseDoctor("doctor")).toEqual({ ok: false, id: null, problem: "record is not an object" });
  });

  it("reads an office's postal address", () => {
    const result = parseOffice({
      id: 2,
      doctor: 7,
      name: "Main",
      address: "1 Elm St",
      city: "Springfield",
      state: "IL",
      zip_code: "62701",
      country: "US",
      phone_number: "",
      archived: false,
    });
    expect(result).toEqual({
      ok: true,
      value: {
        id: 2,
        doctor: 7,
        address: "1 Elm St",
        city: "Springfield",
        state: "IL",
        zipCode: "62701",
        archived: false,
      },
    });
  });

  it("classifies an office with a wrong archived flag", () => {
    expect(parseOffice({ id: 2, archived: "no" })).toEqual({
      ok: false,
      id: 2,
      problem: "archived: wrong type",
    });
  });
});
