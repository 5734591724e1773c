import { describe, expect, it } from "vitest";
import {
  type ChannelMode,
  classifyRecord,
  type Decision,
  decide,
  type GreetingSettings,
  type OptOutFlags,
  type PatientRecord,
  SKIP_REASONS,
  type SkipReason,
  type SuppressionFlags,
} from "@/lib/greetings";

const today = "2026-06-15";

function patient(overrides: Partial<PatientRecord> = {}): PatientRecord {
  return {
    id: 1001,
    doctorId: 7,
    firstName: "Ana",
    nickName: null,
    lastName: "Lopez",
    dateOfBirth: "1980-06-15",
    email: "ana@example.com",
    cellPhone: "(201) 555-0123",
    homePhone: null,
    status: "A",
    dateOfDeath: null,
    disableSms: false,
    preferredLanguage: null,
    hasResponsibleParty: false,
    ...overrides,
  };
}

const settings: GreetingSettings = {
  timeZone: "America/New_York",
  channelMode: "email",
  smsConsent: true,
  greetResponsibleParty: false,
};
const noOptOuts: OptOutFlags = { staff: false, emailUnsubscribed: false, smsStopped: false };

function decideFor(
  p: Partial<PatientRecord>,
  s: Partial<GreetingSettings> = {},
  o: Partial<OptOutFlags> = {},
  date = today,
  suppressed: Partial<SuppressionFlags> = {},
): Decision {
  return decide(patient(p), {
    today: date,
    settings: { ...settings, ...s },
    optOuts: { ...noOptOuts, ...o },
    suppressed: { email: false, sms: false, ...suppressed },
  });
}

describe("decide: a healthy record is greeted", () => {
  it("greets by e-mail with the normalised address", () => {
    expect(decideFor({ email: " Ana@Example.com " })).toEqual({
      kind: "greet",
      channels: ["email"],
      email: "Ana@example.com",
      phone: null,
    });
  });
});

describe("decide: every skip reason", () => {
  it.each<
    [
      SkipReason,
      Partial<PatientRecord>,
      Partial<GreetingSettings>,
      Partial<OptOutFlags>,
      Partial<SuppressionFlags>?,
    ]
  >([
    ["no_birth_date", { dateOfBirth: null }, {}, {}],
    ["invalid_birth_date", { dateOfBirth: "1990-02-30" }, {}, {}],
    ["birth_date_in_future", { dateOfBirth: "2027-06-15" }, {}, {}],
    ["implausible_age", { dateOfBirth: "1905-06-15" }, {}, {}],
    ["no_primary_doctor", { doctorId: null }, {}, {}],
    ["inactive", { status: "I" }, {}, {}],
    ["deceased", { status: "D" }, {}, {}],
    ["responsible_party", { hasResponsibleParty: true }, {}, {}],
    ["opted_out", {}, {}, { staff: true }],
    ["unsubscribed", {}, {}, { emailUnsubscribed: true }],
    ["sms_stopped", {}, { channelMode: "sms" }, { smsStopped: true }],
    ["email_bounced", {}, {}, {}, { email: true }],
    ["sms_undeliverable", {}, { channelMode: "sms" }, {}, { sms: true }],
    ["email_paused", {}, { emailPaused: true }, {}],
    ["no_contact", { email: null }, {}, {}],
  ])("%s", (reason, p, s, o, suppressed = {}) => {
    const decision = decideFor(p, s, o, today, suppressed);
    expect(decision).toMatchObject({ kind: "skip", reason });
    expect(decision.kind === "skip" && decision.detail.length > 0).toBe(true);
  });

  it("covers the whole list of reasons", () => {
    // Keeps the table above honest when a reason is added to SKIP_REASONS.
    expect(SKIP_REASONS).toHaveLength(15);
  });
});

describe("decide: record-level details staff see", () => {
  it.each<[Partial<PatientRecord>, SkipReason, string]>([
    [{ status: "A", dateOfDeath: "2025-01-02" }, "deceased", "a date of death is recorded"],
    [{ status: "D" }, "deceased", "marked deceased in drchrono"],
    [{ status: "I" }, "inactive", "marked inactive in drchrono"],
    [{ status: null }, "inactive", "no patient status in drchrono (only active patients are greeted)"],
    [{ status: "X" }, "inactive", 'patient status "X" is not active'],
    [{ status: " a " }, "no_contact", "no e-mail address on file"],
  ])("%o -> %s: %s", (p, reason, detail) => {
    expect(decideFor({ email: null, ...p })).toEqual({ kind: "skip", reason, detail });
  });
});

describe("decide: precedence when several reasons apply", () => {
  it.each<[string, Partial<PatientRecord>, Partial<OptOutFlags>, SkipReason]>([
    ["bad birth date before deceased", { dateOfBirth: "0000-00-00", status: "D" }, {}, "invalid_birth_date"],
    ["no birth date before no doctor", { dateOfBirth: "", doctorId: null }, {}, "no_birth_date"],
    ["deceased before inactive", { status: "D", dateOfDeath: "2024-01-01" }, {}, "deceased"],
    ["date of death even when status says active", { dateOfDeath: "2024-01-01" }, {}, "deceased"],
    ["inactive before no doctor", { status: "I", doctorId: null }, {}, "inactive"],
    [
      "no doctor before responsible party",
      { doctorId: null, hasResponsibleParty: true },
      {},
      "no_primary_doctor",
    ],
    [
      "responsible party before staff opt-out",
      { hasResponsibleParty: true },
      { staff: true },
      "responsible_party",
    ],
    ["staff opt-out before unsubscribe", {}, { staff: true, emailUnsubscribed: true }, "opted_out"],
    ["staff opt-out before missing contact", { email: null }, { staff: true }, "opted_out"],
  ])("%s", (_, p, o, reason) => {
    expect(decideFor(p, {}, o)).toMatchObject({ kind: "skip", reason });
  });

  it("greets a patient with a responsible party when the practice opted in", () => {
    expect(decideFor({ hasResponsibleParty: true }, { greetResponsibleParty: true })).toMatchObject({
      kind: "greet",
    });
  });
});

describe("decide: the fresh record must still have its birthday today", () => {
  it.each<[string, string, Decision["kind"]]>([
    ["1980-06-15", "2026-06-15", "greet"],
    ["1980-06-16", "2026-06-15", "not_today"],
    ["1980-06-14", "2026-06-15", "not_today"],
    ["2026-06-15", "2026-06-15", "not_today"], // born today: no birthday yet
    ["2025-06-15", "2026-06-15", "greet"], // first birthday
    ["1992-02-29", "2027-02-28", "greet"],
    ["1992-02-29", "2027-03-01", "not_today"],
    ["1992-02-29", "2028-02-28", "not_today"],
    ["1992-02-29", "2028-02-29", "greet"],
    ["1992-02-29", "2100-02-28", "greet"],
    ["1990-02-28", "2028-02-28", "greet"],
    ["1990-02-28", "2028-02-29", "not_today"],
    ["1990-03-01", "2028-03-01", "greet"],
    ["1990-03-01", "2027-02-28", "not_today"],
  ])("born %s, today %s: %s", (dateOfBirth, date, kind) => {
    expect(decideFor({ dateOfBirth }, {}, {}, date).kind).toBe(kind);
  });

  it("reports a broken birth date rather than not_today", () => {
    expect(decideFor({ dateOfBirth: "1980-6-15" })).toMatchObject({
      kind: "skip",
      reason: "invalid_birth_date",
    });
  });

  it("throws on a malformed today, which is a caller bug", () => {
    expect(() => decideFor({}, {}, {}, "2026/06/15")).toThrow(RangeError);
  });
});

// Contact states, each a patch to the record / settings / opt-outs.
const EMAIL = {
  ok: {},
  missing: { p: { email: null } },
  invalid: { p: { email: "ana@@example" } },
  unsubscribed: { o: { emailUnsubscribed: true } },
} as const;
const SMS = {
  ok: {},
  missing: { p: { cellPhone: null } },
  malformed: { p: { cellPhone: "555-0100" } },
  landline: { p: { cellPhone: "+44 20 7946 0958" } },
  disabled: { p: { disableSms: true } },
  stopped: { o: { smsStopped: true } },
  noConsent: { s: { smsConsent: false } },
} as const;

type Patch = { p?: Partial<PatientRecord>; s?: Partial<GreetingSettings>; o?: Partial<OptOutFlags> };
type Expected = { channels: ("email" | "sms")[] } | { reason: SkipReason };

describe("decide: channels for each mode and contact combination", () => {
  it.each<[ChannelMode, keyof typeof EMAIL, keyof typeof SMS, Expected]>([
    ["email", "ok", "ok", { channels: ["email"] }],
    ["email", "ok", "missing", { channels: ["email"] }],
    ["email", "missing", "ok", { reason: "no_contact" }],
    ["email", "invalid", "ok", { reason: "no_contact" }],
    ["email", "unsubscribed", "ok", { reason: "unsubscribed" }],

    ["sms", "ok", "ok", { channels: ["sms"] }],
    ["sms", "missing", "ok", { channels: ["sms"] }],
    ["sms", "ok", "missing", { reason: "no_contact" }],
    ["sms", "ok", "malformed", { reason: "no_contact" }],
    ["sms", "ok", "landline", { reason: "no_contact" }],
    ["sms", "ok", "disabled", { reason: "no_contact" }],
    ["sms", "ok", "stopped", { reason: "sms_stopped" }],
    ["sms", "ok", "noConsent", { reason: "no_contact" }],

    ["both", "ok", "ok", { channels: ["email", "sms"] }],
    ["both", "ok", "missing", { channels: ["email"] }],
    ["both", "ok", "landline", { channels: ["email"] }],
    ["both", "ok", "noConsent", { channels: ["email"] }],
    ["both", "missing", "ok", { channels: ["sms"] }],
    ["both", "unsubscribed", "ok", { channels: ["sms"] }],
    ["both", "ok", "stopped", { channels: ["email"] }],
    ["both", "missing", "missing", { reason: "no_contact" }],
    ["both", "invalid", "malformed", { reason: "no_contact" }],
    ["both", "unsubscribed", "stopped", { reason: "unsubscribed" }],
    ["both", "missing", "stopped", { reason: "no_contact" }],
    ["both", "unsubscribed", "noConsent", { reason: "unsubscribed" }],
    ["both", "unsubscribed", "landline", { reason: "no_contact" }],

    ["email_then_sms", "ok", "ok", { channels: ["email"] }],
    ["email_then_sms", "missing", "ok", { channels: ["sms"] }],
    ["email_then_sms", "invalid", "ok", { channels: ["sms"] }],
    ["email_then_sms", "unsubscribed", "ok", { channels: ["sms"] }],
    ["email_then_sms", "missing", "disabled", { reason: "no_contact" }],
    ["email_then_sms", "missing", "noConsent", { reason: "no_contact" }],
    ["email_then_sms", "missing", "stopped", { reason: "no_contact" }],
    ["email_then_sms", "ok", "stopped", { channels: ["email"] }],
    ["email_then_sms", "unsubscribed", "stopped", { reason: "unsubscribed" }],
    ["email_then_sms", "missing", "landline", { reason: "no_contact" }],
  ])("%s mode, e-mail %s, SMS %s -> %o", (channelMode, emailState, smsState, expected) => {
    const e: Patch = EMAIL[emailState];
    const m: Patch = SMS[smsState];
    const decision = decideFor({ ...e.p, ...m.p }, { channelMode, ...e.s, ...m.s }, { ...e.o, ...m.o });
    if ("reason" in expected) {
      expect(decision).toMatchObject({ kind: "skip", reason: expected.reason });
    } else {
      expect(decision).toEqual({
        kind: "greet",
        channels: expected.channels,
        email: expected.channels.includes("email") ? "ana@example.com" : null,
        phone: expected.channels.includes("sms") ? "+12015550123" : null,
      });
    }
  });

  it.each<[ChannelMode, Patch, string]>([
    ["email", { p: { email: null } }, "no e-mail address on file"],
    [
      "sms",
      { p: { cellPhone: "+44 20 7946 0958" } },
      'phone "+44 20 7946 0958" is a landline and cannot receive texts',
    ],
    ["sms", { p: { cellPhone: "555-0100" } }, 'phone "555-0100" is not a valid phone number'],
    ["sms", { p: { disableSms: true } }, "text messages are turned off on the drchrono chart"],
    [
      "sms",
      { s: { smsConsent: false } },
      "texts are the only channel, and the practice has not confirmed in Settings that patients agreed to them",
    ],
    [
      "both",
      { p: { email: "nope", cellPhone: null } },
      'e-mail "nope" is not a valid address; no mobile number on file',
    ],
    [
      "email_then_sms",
      { p: { cellPhone: null }, o: { emailUnsubscribed: true } },
      "unsubscribed from e-mail greetings; no mobile number on file",
    ],
    [
      "both",
      { o: { emailUnsubscribed: true, smsStopped: true } },
      "unsubscribed from e-mail greetings; replied STOP to a text",
    ],
  ])("%s mode explains what is missing: %#", (channelMode, patch, detail) => {
    const decision = decideFor({ ...patch.p }, { channelMode, ...patch.s }, { ...patch.o });
    expect(decision.kind === "skip" ? decision.detail : decision.kind).toBe(detail);
  });

  it("never texts the home phone", () => {
    expect(decideFor({ cellPhone: null, homePhone: "(201) 555-0123" }, { channelMode: "sms" })).toMatchObject(
      {
        kind: "skip",
        reason: "no_contact",
      },
    );
  });

  it("texts a mobile-only foreign number in E.164", () => {
    expect(decideFor({ cellPhone: "+33 6 12 34 56 78" }, { channelMode: "sms" })).toEqual({
      kind: "greet",
      channels: ["sms"],
      email: null,
      phone: "+33612345678",
    });
  });
});

describe("decide and classifyRecord never throw on bad data", () => {
  const garbage: Array<Record<string, unknown>> = [
    { dateOfBirth: 19800615 },
    { dateOfBirth: {}, email: 42, cellPhone: ["x"] },
    { firstName: null, nickName: undefined, lastName: 3 },
    { status: 1, dateOfDeath: false },
    { doctorId: "7" },
    { doctorId: Number.NaN },
    { doctorId: -1 },
    { email: "\u0000@\u0000", cellPhone: "\u202e+1 201 555 0123" },
    { cellPhone: "9".repeat(5000), email: `${"a".repeat(5000)}@example.com` },
    { preferredLanguage: 12, disableSms: "yes", hasResponsibleParty: "no" },
  ];
  const modes: ChannelMode[] = ["email", "sms", "both", "email_then_sms"];

  it.each(garbage)("%o", (fields) => {
    const record = patient(fields as Partial<PatientRecord>);
    for (const channelMode of modes) {
      const decision = decide(record, { today, settings: { ...settings, channelMode }, optOuts: noOptOuts });
      expect(["greet", "skip", "not_today"]).toContain(decision.kind);
    }
    const classified = classifyRecord(record, today);
    expect(classified).toHaveProperty("skip");
  });

  it.each([
    [{ doctorId: "7" }, "no_primary_doctor"],
    [{ doctorId: -1 }, "no_primary_doctor"],
    // drchrono ids start at 1: 0 is a placeholder, not a doctor who can sign.
    [{ doctorId: 0 }, "no_primary_doctor"],
    [{ doctorId: 1.5 }, "no_primary_doctor"],
    [{ dateOfBirth: 19800615 }, "no_birth_date"],
    [{ email: `${"a".repeat(65)}@example.com` }, "no_contact"],
  ])("classifies garbage %o as %s", (fields, reason) => {
    expect(decideFor(fields as Partial<PatientRecord>)).toMatchObject({ kind: "skip", reason });
  });
});

describe("classifyRecord: what the record alone says, for the patient index", () => {
  it.each<[string, Partial<PatientRecord>, { month: number; day: number } | null, SkipReason | null]>([
    ["healthy", {}, { month: 6, day: 15 }, null],
    ["Feb 29 birth", { dateOfBirth: "1992-02-29" }, { month: 2, day: 29 }, null],
    ["no birth date", { dateOfBirth: null }, null, "no_birth_date"],
    ["not a real date", { dateOfBirth: "1990-02-30" }, null, "invalid_birth_date"],
    ["wrong form", { dateOfBirth: "12/05/1980" }, null, "invalid_birth_date"],
    [
      "future birth date keeps its day",
      { dateOfBirth: "2027-03-04" },
      { month: 3, day: 4 },
      "birth_date_in_future",
    ],
    ["implausible age keeps its day", { dateOfBirth: "1890-09-09" }, { month: 9, day: 9 }, "implausible_age"],
    ["deceased", { status: "D" }, { month: 6, day: 15 }, "deceased"],
    ["inactive", { status: "I" }, { month: 6, day: 15 }, "inactive"],
    ["no primary doctor", { doctorId: null }, { month: 6, day: 15 }, "no_primary_doctor"],
    ["birth date problem first", { dateOfBirth: "", status: "D" }, null, "no_birth_date"],
    // Settings-, day- and opt-out-dependent reasons are decided on the day, not stored.
    ["responsible party is not decided here", { hasResponsibleParty: true }, { month: 6, day: 15 }, null],
    ["missing contact is not decided here", { email: null, cellPhone: null }, { month: 6, day: 15 }, null],
    ["another day's birthday is still indexed", { dateOfBirth: "1970-12-01" }, { month: 12, day: 1 }, null],
  ])("%s", (_, p, birth, reason) => {
    const classified = classifyRecord(patient(p), today);
    expect(classified.birth).toEqual(birth);
    expect(classified.skip?.reason ?? null).toBe(reason);
  });
});

describe("decide: suppressed contacts and paused e-mail", () => {
  it("skips a bounced address with its reason, and says why", () => {
    expect(decideFor({}, {}, {}, today, { email: true })).toEqual({
      kind: "skip",
      reason: "email_bounced",
      detail: "an earlier greeting to the e-mail address on the chart bounced",
    });
  });

  it("texts instead when the address bounced and the practice greets e-mail then text", () => {
    expect(decideFor({}, { channelMode: "email_then_sms" }, {}, today, { email: true })).toEqual({
      kind: "greet",
      channels: ["sms"],
      email: null,
      phone: "+12015550123",
    });
  });

  it("skips a number that cannot receive texts with its reason", () => {
    expect(decideFor({}, { channelMode: "sms" }, {}, today, { sms: true })).toEqual({
      kind: "skip",
      reason: "sms_undeliverable",
      detail: "an earlier text to the mobile number on the chart could not be delivered",
    });
  });

  it("names the patient's own unsubscribe before a bounce", () => {
    expect(decideFor({}, {}, { emailUnsubscribed: true }, today, { email: true })).toMatchObject({
      kind: "skip",
      reason: "unsubscribed",
    });
  });

  it("names the bounce when e-mail bounced and the chart has no mobile number", () => {
    expect(decideFor({ cellPhone: null }, { channelMode: "both" }, {}, today, { email: true })).toEqual({
      kind: "skip",
      reason: "email_bounced",
      detail: "an earlier greeting to the e-mail address on the chart bounced; no mobile number on file",
    });
  });

  it("skips e-mail-only practices while support has paused their e-mail", () => {
    expect(decideFor({}, { emailPaused: true })).toEqual({
      kind: "skip",
      reason: "email_paused",
      detail: "support paused the practice's e-mail greetings (too many bounces or spam complaints)",
    });
  });

  it("still texts while e-mail is paused, when the practice sends both", () => {
    expect(decideFor({}, { channelMode: "both", emailPaused: true })).toEqual({
      kind: "greet",
      channels: ["sms"],
      email: null,
      phone: "+12015550123",
    });
  });
});
