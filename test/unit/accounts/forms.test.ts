import { describe, expect, it } from "vitest";
import {
  activationRequestSchema,
  historyQuery,
  optOutSchema,
  parseHistoryFilters,
  patientNameQuery,
  safePatientCursor,
  settingsSchema,
  testGreetingSchema,
} from "@/lib/accounts/forms";

describe("history filters", () => {
  it("reads valid filters and the page", () => {
    expect(
      parseHistoryFilters({
        from: "2026-01-01",
        to: "2026-01-31",
        channel: "sms",
        status: "failed",
        page: "3",
      }),
    ).toEqual({
      filters: { from: "2026-01-01", to: "2026-01-31", channel: "sms", status: "failed" },
      page: 3,
      problems: [],
    });
  });

  it("treats empty fields as no filter", () => {
    expect(parseHistoryFilters({ from: "", channel: "", status: "" })).toEqual({
      filters: {},
      page: 1,
      problems: [],
    });
  });

  it("drops invalid values and says why, instead of failing", () => {
    const parsed = parseHistoryFilters({
      from: "2026-02-30",
      channel: "fax",
      status: "sent'; drop",
      page: "-1",
    });
    expect(parsed.filters).toEqual({});
    expect(parsed.page).toBe(1);
    expect(parsed.problems).toHaveLength(3);
  });

  it("swaps a reversed date range", () => {
    const parsed = parseHistoryFilters({ from: "2026-03-01", to: "2026-02-01" });
    expect(parsed.filters).toEqual({ from: "2026-02-01", to: "2026-03-01" });
    expect(parsed.problems).toHaveLength(1);
  });

  it("takes the first of repeated parameters", () => {
    expect(parseHistoryFilters({ channel: ["email", "sms"] }).filters).toEqual({ channel: "email" });
  });

  it("writes filters back as a query string", () => {
    expect(historyQuery({ from: "2026-01-01", status: "sent" }, 2)).toBe(
      "?from=2026-01-01&status=sent&page=2",
    );
    expect(historyQuery({})).toBe("");
  });
});

describe("settings form", () => {
  it("accepts a known channel mode and time zone", () => {
    const parsed = settingsSchema.parse({
      channelMode: "email_then_sms",
      timeZone: "America/Chicago",
      smsConsent: "on",
    });
    expect(parsed).toEqual({
      channelMode: "email_then_sms",
      timeZone: "America/Chicago",
      greetResponsibleParty: false,
      smsConsent: true,
    });
  });

  it.each([
    [{ channelMode: "fax", timeZone: "UTC" }],
    [{ channelMode: "email", timeZone: "Mars/Olympus_Mons" }],
    [{ channelMode: "email", timeZone: "UTC", greetResponsibleParty: "yes please" }],
  ])("refuses %o", (form) => {
    expect(settingsSchema.safeParse(form).success).toBe(false);
  });
});

describe("activation request form", () => {
  const valid = {
    acknowledged: "on",
    contactName: "Pat Lee",
    contactEmail: "pat@clinic.example",
    contactPhone: "",
  };

  it("requires the acknowledgement", () => {
    expect(activationRequestSchema.safeParse({ ...valid, acknowledged: undefined }).success).toBe(false);
  });

  it("normalises the phone number and allows none", () => {
    expect(activationRequestSchema.parse(valid).contactPhone).toBeNull();
    expect(activationRequestSchema.parse({ ...valid, contactPhone: "(415) 555-0132" }).contactPhone).toBe(
      "+14155550132",
    );
    expect(activationRequestSchema.safeParse({ ...valid, contactPhone: "12" }).success).toBe(false);
  });

  it("refuses an invalid e-mail address", () => {
    expect(activationRequestSchema.safeParse({ ...valid, contactEmail: "pat@" }).success).toBe(false);
  });
});

describe("opt-out form", () => {
  it("accepts an optional reason", () => {
    expect(optOutSchema.parse({ patientId: "42", optedOut: "true", reason: "" })).toEqual({
      patientId: 42,
      optedOut: true,
      reason: null,
    });
  });

  it.each([
    [{ patientId: "-1", optedOut: "true" }],
    [{ patientId: "abc", optedOut: "true" }],
    [{ patientId: "1", optedOut: "maybe" }],
    [{ patientId: "1", optedOut: "true", reason: "x".repeat(501) }],
  ])("refuses %o", (form) => {
    expect(optOutSchema.safeParse(form).success).toBe(false);
  });
});

describe("test greeting form", () => {
  it("accepts an e-mail address or a phone number for the chosen channel", () => {
    expect(testGreetingSchema.parse({ channel: "email", to: " me@clinic.example " })).toEqual({
      channel: "email",
      to: "me@clinic.example",
    });
    expect(testGreetingSchema.parse({ channel: "sms", to: "415-555-0132" })).toEqual({
      channel: "sms",
      to: "+14155550132",
    });
    expect(testGreetingSchema.safeParse({ channel: "sms", to: "me@clinic.example" }).success).toBe(false);
    expect(testGreetingSchema.safeParse({ channel: "fax", to: "1" }).success).toBe(false);
  });
});

describe("patient name search", () => {
  it.each([
    ["Smith", { lastName: "Smith" }],
    ["  Ann   Smith ", { firstName: "Ann", lastName: "Smith" }],
    ["Smith, Ann", { lastName: "Smith", firstName: "Ann" }],
    ["Mary Ann de la Cruz", { firstName: "Mary", lastName: "Ann de la Cruz" }],
    ["", {}],
  ])("%j searches %o", (text, query) => {
    expect(patientNameQuery(text)).toEqual(query);
  });
});

describe("patient paging cursor", () => {
  const base = "https://app.drchrono.com";

  it("accepts drchrono's own next-page URL", () => {
    const cursor = `${base}/api/patients?cursor=abc&page_size=25`;
    expect(safePatientCursor(cursor, base)).toBe(cursor);
  });

  it.each([
    "https://evil.example/api/patients?cursor=abc",
    `${base}/api/users/current`,
    "/api/patients?cursor=abc",
    "not a url",
  ])("refuses %s, which would send the token elsewhere", (cursor) => {
    expect(safePatientCursor(cursor, base)).toBeUndefined();
  });

  it("honours a base URL with a path (the sandbox emulator)", () => {
    const sandbox = "http://localhost:3000/sandbox/drchrono";
    expect(safePatientCursor(`${sandbox}/api/patients?cursor=2`, sandbox)).toBeDefined();
    expect(safePatientCursor("http://localhost:3000/api/patients?cursor=2", sandbox)).toBeUndefined();
  });
});
