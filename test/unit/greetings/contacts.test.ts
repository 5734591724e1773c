import { describe, expect, it } from "vitest";
import { checkEmail, checkMobile } from "@/lib/greetings";

/** An address of exactly `length` characters: a 64-letter local part and a domain of long labels. */
function longAddress(length: number): string {
  const local = "a".repeat(64);
  const labels = `${"b".repeat(63)}.${"c".repeat(63)}.`;
  return `${local}@${labels}${"d".repeat(length - local.length - 1 - labels.length - 4)}.com`;
}

describe("checkEmail", () => {
  it.each([
    ["ana@example.com", "ana@example.com"],
    ["  Ana.Lopez+bday@Example.COM ", "Ana.Lopez+bday@example.com"],
    ["o'brien@mail.example.org", "o'brien@mail.example.org"],
    ["x@sub.domain.co.uk", "x@sub.domain.co.uk"],
    // One-letter labels are real domains (x.com, q.com).
    ["ana@x.com", "ana@x.com"],
    ["ana@a.b.co", "ana@a.b.co"],
    // The longest local part (64) and the longest address (254) the standard allows.
    [`${"a".repeat(64)}@example.com`, `${"a".repeat(64)}@example.com`],
    [longAddress(254), longAddress(254)],
  ])("%j is usable as %j", (raw, normalised) => {
    expect(checkEmail(raw)).toEqual({ ok: true, value: normalised });
  });

  it.each([null, undefined, "", "   "])("%j is missing", (raw) => {
    expect(checkEmail(raw)).toMatchObject({
      ok: false,
      problem: "missing",
      detail: "no e-mail address on file",
    });
  });

  it.each([
    "ana",
    "ana@",
    "@example.com",
    "ana@example",
    "ana@@example.com",
    "ana lopez@example.com",
    "ana@example.com, bob@example.com",
    "ana@exa_mple.com",
    "ana..b@example.com",
    ".ana@example.com",
    "ana@-example.com",
    "ana@example.c",
    "ana@example.com.",
    "none",
    "n/a",
    "ana.example.com",
    "ana.lopez.example.com",
  ])("%j is not a valid address", (raw) => {
    expect(checkEmail(raw)).toEqual({
      ok: false,
      problem: "invalid",
      detail: `e-mail ${JSON.stringify(raw)} is not a valid address`,
    });
  });
});

describe("checkMobile: only valid, text-capable numbers, as E.164", () => {
  it.each([
    ["(201) 555-0123", "+12015550123"],
    ["201.555.0123", "+12015550123"],
    ["2015550123", "+12015550123"],
    ["+1 646 555 0123", "+16465550123"],
    ["1-646-555-0123", "+16465550123"],
    ["+33 6 12 34 56 78", "+33612345678"],
  ])("%j -> %s", (raw, e164) => {
    expect(checkMobile(raw)).toEqual({ ok: true, value: e164 });
  });

  it.each([null, undefined, "", "  "])("%j is missing", (raw) => {
    expect(checkMobile(raw)).toEqual({ ok: false, problem: "missing", detail: "no mobile number on file" });
  });

  it.each([
    "555-0100",
    "abc",
    "1234",
    "+1 (201) 555-012",
    "000-000-0000",
    "(201) 555-0123 ext 5 or 7",
    "+999 1234",
  ])("%j is not a valid number", (raw) => {
    expect(checkMobile(raw)).toEqual({
      ok: false,
      problem: "invalid",
      detail: `phone ${JSON.stringify(raw)} is not a valid phone number`,
    });
  });

  it.each([
    ["+44 20 7946 0958", "is a landline"],
    ["+33 1 42 68 53 00", "is a landline"],
    ["+1 800 555 0199", "is a toll-free number"],
    ["+1 900 555 0100", "is a premium-rate number"],
    ["+61 1300 123 456", "is a shared-cost number"],
    ["+44 56 1234 5678", "is an internet (VoIP) number"],
    ["+1 500 555 0100", "is a personal forwarding number"],
    ["+44 76 0012 3456", "is a pager"],
    ["+44 55 1234 5678", "is a company switchboard number"],
    ["+47 812 34567", "is a voicemail number"],
  ])("%j cannot receive texts (%s)", (raw, kind) => {
    const result = checkMobile(raw);
    expect(result).toEqual({
      ok: false,
      problem: "not_mobile",
      detail: `phone ${JSON.stringify(raw)} ${kind} and cannot receive texts`,
    });
  });
});

describe("checkEmail: too long for the standard", () => {
  it.each([
    [`${"a".repeat(65)}@example.com`, "a local part of 65 characters"],
    [longAddress(255), "an address of 255 characters"],
  ])("%#: %s is not a valid address", (raw) => {
    expect(checkEmail(raw)).toEqual({
      ok: false,
      problem: "invalid",
      detail: `e-mail "${"a".repeat(60)}…" is not a valid address`,
    });
  });
});

describe("the value quoted to staff", () => {
  it("is trimmed, and cut after 60 characters", () => {
    expect(checkEmail(`  ${"x".repeat(60)}  `)).toEqual({
      ok: false,
      problem: "invalid",
      detail: `e-mail "${"x".repeat(60)}" is not a valid address`,
    });
    expect(checkEmail("x".repeat(61))).toEqual({
      ok: false,
      problem: "invalid",
      detail: `e-mail "${"x".repeat(60)}…" is not a valid address`,
    });
    expect(checkMobile(` call ${"9".repeat(70)} `)).toEqual({
      ok: false,
      problem: "invalid",
      detail: `phone "call ${"9".repeat(55)}…" is not a valid phone number`,
    });
  });
});
