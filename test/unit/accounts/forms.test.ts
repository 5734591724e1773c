import { describe, expect, it } from "vitest";
import {
  activationRequestSchema,
  describeTimeZone,
  findTimeZone,
  firstProblem,
  historyQuery,
  hourLabel,
  optOutSchema,
  parseHistoryFilters,
  parseSignOffs,
  patientNameQuery,
  SEND_HOURS,
  safePatientCursor,
  settingsSchema,
  testGreetingSchema,
  timeZoneChoices,
  US_TIME_ZONES,
  wordingSchema,
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
      sendHour: null,
      signOff: "doctor",
    });
  });

  it.each([
    ["", null],
    ["8", 8],
    ["09", 9],
    ["20", 20],
  ])("send hour %j -> %j", (raw, hour) => {
    const parsed = settingsSchema.parse({ channelMode: "email", timeZone: "UTC", sendHour: raw });
    expect(parsed.sendHour).toBe(hour);
  });

  it.each(["7", "21", "8.5", "noon", "-1", "800"])("refuses the send hour %j with a sentence", (raw) => {
    const parsed = settingsSchema.safeParse({ channelMode: "email", timeZone: "UTC", sendHour: raw });
    expect(parsed.success).toBe(false);
    if (!parsed.success)
      expect(firstProblem(parsed.error)).toBe(
        "Choose a send hour from 8:00 am to 8:00 pm, or the first run of the day",
      );
  });

  it("offers the hours 8 am to 8 pm, so a greeting still lands before 9 pm", () => {
    expect(SEND_HOURS.map(hourLabel)).toEqual([
      "8:00 am",
      "9:00 am",
      "10:00 am",
      "11:00 am",
      "12:00 pm",
      "1:00 pm",
      "2:00 pm",
      "3:00 pm",
      "4:00 pm",
      "5:00 pm",
      "6:00 pm",
      "7:00 pm",
      "8:00 pm",
    ]);
  });

  it("takes who signs, and refuses anything else", () => {
    expect(settingsSchema.parse({ channelMode: "email", timeZone: "UTC", signOff: "practice" }).signOff).toBe(
      "practice",
    );
    const parsed = settingsSchema.safeParse({ channelMode: "email", timeZone: "UTC", signOff: "nurse" });
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(firstProblem(parsed.error)).toBe("Choose who signs the greeting");
  });
});

describe("time zone choices", () => {
  it("lists US zones first, with words people search for, and every other zone after", () => {
    const choices = timeZoneChoices();
    expect(choices.slice(0, 3)).toEqual([
      { zone: "America/New_York", label: "Eastern Time (New York, Miami, Atlanta)" },
      { zone: "America/Chicago", label: "Central Time (Chicago, Houston, Dallas)" },
      { zone: "America/Denver", label: "Mountain Time (Denver, Salt Lake City)" },
    ]);
    expect(choices.findIndex((c) => c.zone === "UTC")).toBeGreaterThan(US_TIME_ZONES.length - 1);
    expect(choices.find((c) => c.zone === "UTC")?.label).toBe("Coordinated Universal Time");
    expect(choices.find((c) => c.zone === "Europe/Madrid")?.label).toBe("Europe/Madrid");
    expect(new Set(choices.map((c) => c.zone)).size).toBe(choices.length);
    expect(findTimeZone("America/Indiana/Indianapolis")).toEqual({ zone: "America/Indiana/Indianapolis" });
  });
});

describe("finding a time zone from what was typed", () => {
  it.each([
    ["America/Chicago", "America/Chicago"],
    ["america/los_angeles", "America/Los_Angeles"],
    ["America/Los Angeles", "America/Los_Angeles"],
    ["Houston", "America/Chicago"],
    ["  salt   lake city ", "America/Denver"],
    ["Pacific Time", "America/Los_Angeles"],
    ["Arizona", "America/Phoenix"],
    ["Madrid", "Europe/Madrid"],
    ["utc", "UTC"],
  ])("%j is %s", (typed, zone) => {
    expect(findTimeZone(typed)).toEqual({ zone });
    expect(settingsSchema.parse({ channelMode: "email", timeZone: typed }).timeZone).toBe(zone);
  });

  it("refuses words that fit several zones, naming two of them, and words that fit none", () => {
    expect(findTimeZone("Eastern")).toEqual({
      problem:
        "“Eastern” fits 4 time zones, such as America/New_York, Eastern Time (New York, Miami, Atlanta); " +
        "America/Detroit, Eastern Time (Detroit, Michigan): please choose one from the list",
    });
    expect(findTimeZone("Atlantis")).toEqual({
      problem: "No time zone matches “Atlantis”: please type a city or choose one from the list",
    });
    expect(findTimeZone("  ")).toEqual({ problem: "Choose a time zone from the list" });
    const parsed = settingsSchema.safeParse({ channelMode: "email", timeZone: "Eastern" });
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(firstProblem(parsed.error)).toMatch(/^“Eastern” fits 4 time zones/);
  });

  it("names a zone with words of its own by both, any other by its name", () => {
    expect(
      describeTimeZone({ zone: "America/Chicago", label: "Central Time (Chicago, Houston, Dallas)" }),
    ).toBe("America/Chicago, Central Time (Chicago, Houston, Dallas)");
    expect(describeTimeZone({ zone: "America/Port_of_Spain", label: "America/Port of Spain" })).toBe(
      "America/Port_of_Spain",
    );
  });
});

describe("wording form", () => {
  it("tidies the text", () => {
    expect(wordingSchema.parse({ language: "es", body: "Hola {first_name}\r\n\r\n\r\n{doctor}  " })).toEqual({
      language: "es",
      body: "Hola {first_name}\n\n{doctor}",
    });
  });

  it.each([
    [
      { language: "en", body: "Hi {last_name}" },
      "{last_name} is not a placeholder we fill in. Use {first_name}, {doctor} or {practice}.",
    ],
    [{ language: "en", body: "   " }, "The greeting cannot be empty."],
    [{ language: "en" }, "The greeting cannot be empty."],
    [{ language: "fr", body: "Bonjour" }, "Choose English or Spanish"],
    [
      { language: "en", body: "Hi {first_name" },
      "A lone “{” cannot be used: braces only go around {first_name}, {doctor} or {practice}.",
    ],
  ])("refuses %o: %s", (form, problem) => {
    const parsed = wordingSchema.safeParse(form);
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(firstProblem(parsed.error)).toBe(problem);
  });
});

describe("sign-off form", () => {
  it("reads both sign-offs per doctor; blank is our default", () => {
    expect(
      parseSignOffs({ "signOff-7": " Dr. Raman ", "signOffEs-7": "Dra. Raman", "signOff-8": "", other: "x" }),
    ).toEqual({
      ok: true,
      signOffs: [
        { doctorId: 7, signOff: "Dr. Raman", signOffEs: "Dra. Raman" },
        { doctorId: 8, signOff: null, signOffEs: null },
      ],
    });
  });

  it("refuses a sign-off over 60 characters, and a form without doctors", () => {
    expect(parseSignOffs({ "signOffEs-7": "x".repeat(61) })).toEqual({
      ok: false,
      problem: "A sign-off can be at most 60 characters.",
    });
    expect(parseSignOffs({ "signOff-x": "Dr. X" })).toEqual({
      ok: false,
      problem: "There are no doctors to set a sign-off for.",
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
      patientName: null,
    });
  });

  it("keeps the patient's name for the confirmation, tidied", () => {
    expect(
      optOutSchema.parse({ patientId: "42", optedOut: "false", patientName: " Ana\u202E  Lopez\n" })
        .patientName,
    ).toBe("Ana Lopez");
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
      language: "en",
    });
    expect(testGreetingSchema.parse({ channel: "sms", to: "415-555-0132", language: "es" })).toEqual({
      channel: "sms",
      to: "+14155550132",
      language: "es",
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
