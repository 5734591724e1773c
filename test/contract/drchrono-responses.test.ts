/*
 * Contract tests for every drchrono response the app reads: fed the variants a drchrono we did not write may send
 * (extra fields; missing optional fields; every unused field as null, string, number, boolean, object and array;
 * ids as numeric strings; "" where null is expected), each with its exact outcome.
 */
import { describe, expect, it } from "vitest";
import { MemoryCallBudget } from "@/lib/drchrono/budget";
import { createHttp } from "@/lib/drchrono/http";
import { refreshAccessToken } from "@/lib/drchrono/oauth";
import { parseDoctor, parseOffice, parsePage, parsePatient, parseUser } from "@/lib/drchrono/records";
import { DrchronoError } from "@/lib/drchrono/types";

const ODD_SHAPES: [string, unknown][] = [
  ["null", null],
  ["a string", "surprise"],
  ["a number", 7],
  ["a boolean", true],
  ["an object", { nested: { deeper: [1] } }],
  ["an array", [1, "two", { three: 3 }]],
];

/** parseUser throws for a user it cannot use; the others classify. One shape for the tables below. */
function userOutcome(raw: unknown) {
  try {
    return { ok: true, value: parseUser(raw) };
  } catch (error) {
    return {
      ok: false,
      error: error instanceof DrchronoError ? `${error.code}: ${error.message}` : String(error),
    };
  }
}

interface RecordContract {
  name: string;
  read: (raw: unknown) => unknown;
  base: Record<string, unknown>;
  expected: unknown;
  unused: string[];
  /** Optional used fields left out, and what the reader makes of them. */
  missing: { omit: string[]; expected: unknown };
  /** "" where null is expected. */
  empty: { fields: Record<string, "">; expected: unknown };
  /** Id fields sent as numeric strings. */
  idFields: string[];
  /** A used field in a shape we cannot use, and the exact outcome. */
  broken: { patch: Record<string, unknown>; expected: unknown }[];
}

const userBase = { id: 9, username: "drsmith", doctor: 7, practice_group: 3, is_doctor: true };
const userValue = { id: 9, username: "drsmith", doctor: 7, practiceGroup: 3, isDoctor: true };

const doctorBase = {
  id: 7,
  first_name: "Jo",
  last_name: "Smith",
  suffix: "MD",
  timezone: "America/Chicago",
  practice_group_name: "Smith Family Medicine",
  email: "jo@smith.example",
  office_phone: "(312) 555-0100",
};
const doctorValue = {
  id: 7,
  firstName: "Jo",
  lastName: "Smith",
  suffix: "MD",
  timeZone: "America/Chicago",
  practiceGroupName: "Smith Family Medicine",
  email: "jo@smith.example",
  officePhone: "(312) 555-0100",
};

const officeBase = {
  id: 2,
  doctor: 7,
  address: "1 Elm St",
  city: "Springfield",
  state: "IL",
  zip_code: "62701",
  archived: false,
};
const officeValue = {
  id: 2,
  doctor: 7,
  address: "1 Elm St",
  city: "Springfield",
  state: "IL",
  zipCode: "62701",
  archived: false,
};

const patientBase = {
  id: 101,
  doctor: 7,
  first_name: "Ana",
  nick_name: "Annie",
  last_name: "Lopez",
  date_of_birth: "1980-03-02",
  email: "ana@example.org",
  cell_phone: "(312) 555-0199",
  home_phone: "(312) 555-0198",
  patient_status: "A",
  date_of_death: null,
  disable_sms_messages: false,
  preferred_language: "spa",
  responsible_party_name: "",
  responsible_party_email: "",
  responsible_party_phone: "",
  updated_at: "2026-02-01T10:00:00",
};
const patientRecord = {
  id: 101,
  doctorId: 7,
  firstName: "Ana",
  nickName: "Annie",
  lastName: "Lopez",
  dateOfBirth: "1980-03-02",
  email: "ana@example.org",
  cellPhone: "(312) 555-0199",
  homePhone: "(312) 555-0198",
  status: "A",
  dateOfDeath: null,
  disableSms: false,
  preferredLanguage: "spa",
  hasResponsibleParty: false,
};
const patientValue = { ok: true, patient: patientRecord, updatedAt: "2026-02-01T10:00:00" };

const CONTRACTS: RecordContract[] = [
  {
    name: "user (users/current after its 302, and users/{id})",
    read: userOutcome,
    base: userBase,
    expected: { ok: true, value: userValue },
    unused: ["is_staff", "permissions", "email", "first_name", "last_name", "user_type"],
    missing: {
      omit: ["doctor", "is_doctor", "username"],
      expected: { ok: true, value: { ...userValue, doctor: null, isDoctor: false, username: "" } },
    },
    empty: { fields: { doctor: "" }, expected: { ok: true, value: { ...userValue, doctor: null } } },
    idFields: ["id", "doctor", "practice_group"],
    broken: [
      {
        patch: { practice_group: null },
        expected: { ok: false, error: "bad_response: malformed user record: practice_group: missing" },
      },
      {
        patch: { is_doctor: "yes" },
        expected: { ok: false, error: "bad_response: malformed user record: is_doctor: wrong type" },
      },
    ],
  },
  {
    name: "doctor (doctors list)",
    read: parseDoctor,
    base: doctorBase,
    expected: { ok: true, value: doctorValue },
    unused: [
      "job_title",
      "specialty",
      "practice_group",
      "is_account_suspended",
      "cell_phone",
      "home_phone",
      "website",
      "profile_picture",
      "country",
    ],
    missing: {
      omit: ["suffix", "timezone", "practice_group_name", "email", "office_phone"],
      expected: {
        ok: true,
        value: {
          ...doctorValue,
          suffix: null,
          timeZone: null,
          practiceGroupName: null,
          email: null,
          officePhone: null,
        },
      },
    },
    empty: {
      fields: { suffix: "", timezone: "", email: "", office_phone: "" },
      expected: {
        ok: true,
        value: { ...doctorValue, suffix: null, timeZone: null, email: null, officePhone: null },
      },
    },
    idFields: ["id"],
    broken: [{ patch: { last_name: 3 }, expected: { ok: false, id: 7, problem: "last_name: wrong type" } }],
  },
  {
    name: "office (offices list)",
    read: parseOffice,
    base: officeBase,
    expected: { ok: true, value: officeValue },
    unused: [
      "name",
      "country",
      "phone_number",
      "fax_number",
      "start_time",
      "end_time",
      "exam_rooms",
      "online_scheduling",
    ],
    missing: {
      omit: ["doctor", "address", "city", "state", "zip_code", "archived"],
      expected: {
        ok: true,
        value: {
          id: 2,
          doctor: null,
          address: null,
          city: null,
          state: null,
          zipCode: null,
          archived: false,
        },
      },
    },
    empty: {
      fields: { doctor: "", address: "", city: "", state: "", zip_code: "" },
      expected: {
        ok: true,
        value: {
          id: 2,
          doctor: null,
          address: null,
          city: null,
          state: null,
          zipCode: null,
          archived: false,
        },
      },
    },
    idFields: ["id", "doctor"],
    broken: [{ patch: { archived: "no" }, expected: { ok: false, id: 2, problem: "archived: wrong type" } }],
  },
  {
    name: "patient (patients list and single)",
    read: parsePatient,
    base: patientBase,
    expected: patientValue,
    unused: [
      "chart_id",
      "gender",
      "race",
      "ethnicity",
      "address",
      "city",
      "state",
      "zip_code",
      "responsible_party_relation",
      "patient_photo",
      "copay",
      "primary_care_physician",
      "referring_source",
      "default_pharmacy",
      "created_at",
      "custom_demographics",
      "patient_flags",
    ],
    missing: {
      omit: [
        "nick_name",
        "email",
        "cell_phone",
        "home_phone",
        "date_of_death",
        "disable_sms_messages",
        "preferred_language",
        "responsible_party_name",
        "updated_at",
      ],
      expected: {
        ok: true,
        patient: {
          ...patientRecord,
          nickName: null,
          email: null,
          cellPhone: null,
          homePhone: null,
          dateOfDeath: null,
          disableSms: false,
          preferredLanguage: null,
        },
        updatedAt: null,
      },
    },
    empty: {
      fields: {
        nick_name: "",
        email: "",
        cell_phone: "",
        date_of_death: "",
        preferred_language: "",
        doctor: "",
      },
      expected: {
        ok: true,
        patient: {
          ...patientRecord,
          doctorId: null,
          nickName: null,
          email: null,
          cellPhone: null,
          dateOfDeath: null,
          preferredLanguage: null,
        },
        updatedAt: "2026-02-01T10:00:00",
      },
    },
    idFields: ["id", "doctor"],
    broken: [
      {
        patch: { disable_sms_messages: "yes" },
        expected: { ok: false, id: 101, problem: "disable_sms_messages: wrong type" },
      },
      {
        patch: { date_of_birth: 19800302 },
        expected: { ok: false, id: 101, problem: "date_of_birth: wrong type" },
      },
      { patch: { id: "abc" }, expected: { ok: false, id: null, problem: "id: wrong type" } },
    ],
  },
];

describe.each(CONTRACTS)("$name", (contract) => {
  it("reads the plain record exactly", () => {
    expect(contract.read(contract.base)).toEqual(contract.expected);
  });

  it("ignores unknown extra fields of every shape", () => {
    const extra = Object.fromEntries(
      ODD_SHAPES.map(([label, value]) => [`extra_${label.replace(/\W/g, "_")}`, value]),
    );
    expect(contract.read({ ...contract.base, ...extra })).toEqual(contract.expected);
  });

  it.each(
    contract.unused.flatMap((field) => ODD_SHAPES.map(([label, value]) => [field, label, value] as const)),
  )("ignores the unused field %s as %s", (field, _label, value) => {
    expect(contract.read({ ...contract.base, [field]: value })).toEqual(contract.expected);
  });

  it("fills in missing optional fields", () => {
    const raw = { ...contract.base };
    for (const field of contract.missing.omit) delete raw[field];
    expect(contract.read(raw)).toEqual(contract.missing.expected);
  });

  it("reads ids sent as numeric strings", () => {
    const raw = { ...contract.base };
    for (const field of contract.idFields) raw[field] = String(raw[field]);
    expect(contract.read(raw)).toEqual(contract.expected);
  });

  it('reads "" where null is expected as null', () => {
    expect(contract.read({ ...contract.base, ...contract.empty.fields })).toEqual(contract.empty.expected);
  });

  it.each(contract.broken.map((b) => [Object.keys(b.patch).join(","), b] as const))(
    "turns a used field in an unexpected shape (%s) into a clear outcome, never a crash",
    (_label, broken) => {
      expect(contract.read({ ...contract.base, ...broken.patch })).toEqual(broken.expected);
    },
  );
});

describe("list pages", () => {
  const next = "https://app.drchrono.com/api/patients?cursor=abc";

  const pageCases: [string, unknown, unknown][] = [
    [
      "`results` (drchrono's prose)",
      { results: [1], next, previous: null },
      { items: [1], next, previous: null },
    ],
    ["`data` (the generated schema)", { data: [1], next: null }, { items: [1], next: null, previous: null }],
    ["both: `results` wins", { results: [1], data: [2] }, { items: [1], next: null, previous: null }],
    [
      "`data` as an object beside `results`",
      { results: [1], data: { a: 1 } },
      { items: [1], next: null, previous: null },
    ],
    ['"" for no next page', { results: [], next: "" }, { items: [], next: null, previous: null }],
    ["a count as a string", { results: [], count: "12" }, { items: [], next: null, previous: null }],
    // A string is a link (drchrono's URL for the previous page); any other shape means "no link".
    ...ODD_SHAPES.map(([label, value]): [string, unknown, unknown] => [
      `previous as ${label}`,
      { results: [], previous: value },
      { items: [], next: null, previous: typeof value === "string" ? value : null },
    ]),
  ];

  it.each(pageCases)("reads a page with %s", (_label, raw, expected) => {
    expect(parsePage(raw, "/api/patients")).toEqual(expected);
  });

  it.each([
    ["no array at all", { next: null }],
    ["a numeric next (where would the listing go?)", { results: [], next: 2 }],
    ["a bare array", [1, 2]],
  ])("refuses a page with %s as a bad response", (_label, raw) => {
    expect(() => parsePage(raw, "/api/patients")).toThrowError(
      expect.objectContaining({ code: "bad_response", path: "/api/patients" }),
    );
  });
});

/** drchrono's side of one HTTP exchange, answered from a table (the code under test is our client). */
function answering(status: number, body: string, headers: Record<string, string> = {}): typeof fetch {
  return async () => new Response(status === 204 ? null : body, { status, headers });
}

describe("token responses (refresh)", () => {
  const credentials = {
    baseUrl: "https://drchrono.test",
    clientId: "c",
    clientSecret: "s",
    refreshToken: "old-r",
  };
  const token = { access_token: "new-a", refresh_token: "new-r", expires_in: 172800 };

  it.each([
    ["with scope", { ...token, scope: "user:read patients:read" }, ["user:read", "patients:read"]],
    ["without scope", token, null],
    ["with scope null", { ...token, scope: null }, null],
  ])("reads a token response %s", async (_label, body, scope) => {
    const result = await refreshAccessToken({ ...credentials, fetch: answering(200, JSON.stringify(body)) });
    expect(result).toEqual({ accessToken: "new-a", refreshToken: "new-r", expiresIn: 172800, scope });
  });

  it.each(ODD_SHAPES)("ignores token_type and unknown fields as %s", async (_label, value) => {
    const body = { ...token, token_type: value, user: value, refresh_expires_in: value };
    const result = await refreshAccessToken({ ...credentials, fetch: answering(200, JSON.stringify(body)) });
    expect(result).toEqual({ accessToken: "new-a", refreshToken: "new-r", expiresIn: 172800, scope: null });
  });

  it("keeps the old refresh token when none is sent, and reads expires_in as a numeric string", async () => {
    const body = { access_token: "new-a", expires_in: "172800" };
    const result = await refreshAccessToken({ ...credentials, fetch: answering(200, JSON.stringify(body)) });
    expect(result).toEqual({ accessToken: "new-a", refreshToken: "old-r", expiresIn: 172800, scope: null });
  });

  it("refuses a token response without an access token as a bad response", async () => {
    await expect(
      refreshAccessToken({ ...credentials, fetch: answering(200, JSON.stringify({ expires_in: 10 })) }),
    ).rejects.toMatchObject({ code: "bad_response", status: 200 });
  });
});

describe("error bodies", () => {
  const http = (fetch: typeof globalThis.fetch) =>
    createHttp({
      baseUrl: "https://drchrono.test",
      accessToken: "t",
      fetch,
      maxRetries: 0,
      maxWaitMs: 1_000,
      budget: new MemoryCallBudget({ limitPerHour: 100 }),
      sleep: async () => {},
    });
  const json = { "content-type": "application/json" };
  const html = { "content-type": "text/html" };

  it.each([
    ["401 Invalid token", 401, '{"detail":"Invalid token."}', json, { code: "unauthorized", status: 401 }],
    ["401 with an HTML body", 401, "<html>Unauthorized</html>", html, { code: "unauthorized", status: 401 }],
    [
      "403 with a detail object",
      403,
      '{"detail":{"message":"no"},"extra":[1]}',
      json,
      { code: "forbidden", status: 403 },
    ],
    ["404 Not found", 404, '{"detail":"Not found."}', json, { code: "not_found", status: 404 }],
    [
      '429 "Expected available in 12 seconds"',
      429,
      '{"detail":"Request was throttled. Expected available in 12 seconds."}',
      json,
      { code: "rate_limited", status: 429, waitMs: 12_000 },
    ],
    ["429 with no stated wait", 429, "{}", json, { code: "rate_limited", status: 429, waitMs: undefined }],
    [
      "502 with an HTML body",
      502,
      "<html><h1>502 Bad Gateway</h1></html>",
      html,
      { code: "unavailable", status: 502 },
    ],
    [
      "503 with an HTML body",
      503,
      "<html>Service Unavailable</html>",
      html,
      { code: "unavailable", status: 503 },
    ],
    ["200 with an HTML body", 200, "<html>maintenance</html>", html, { code: "bad_response", status: 200 }],
  ])("%s becomes a classified error", async (_label, status, body, headers, expected) => {
    const error = await http(answering(status, body, headers))
      .getJson("/api/patients?first_name=Ana")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DrchronoError);
    expect(error).toMatchObject({ ...expected, path: "/api/patients" });
    // Never the query (it may carry a name) or the body in the message.
    expect((error as Error).message).not.toMatch(/Ana|Gateway|throttled/);
  });

  it("a 429 with a Retry-After header pauses the shared budget for that long", async () => {
    let t = Date.parse("2026-03-01T10:00:00Z");
    const now = () => new Date(t);
    const budget = new MemoryCallBudget({ limitPerHour: 100, now });
    const client = createHttp({
      baseUrl: "https://drchrono.test",
      accessToken: "t",
      fetch: answering(429, '{"detail":"Request was throttled."}', { ...json, "retry-after": "30" }),
      maxRetries: 0,
      maxWaitMs: 1_000,
      budget,
      now,
      sleep: async (ms) => {
        t += ms;
      },
    });
    await expect(client.getJson("/api/doctors")).rejects.toMatchObject({
      code: "rate_limited",
      waitMs: 30_000,
    });
    expect(budget.tryTake()).toEqual({ ok: false, why: "paused", waitMs: 30_000 });
  });
});
