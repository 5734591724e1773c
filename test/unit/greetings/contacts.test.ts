import { describe, expect, it } from "vitest";
import { checkEmail, checkMobile } from "@/lib/greetings";

describe("checkEmail", () => {
  it.each([
    ["ana@example.com", "ana@example.com"],
    ["  Ana.Lopez+bday@Example.COM ", "Ana.Lopez+bday@example.com"],
    ["o'brien@mail.example.org", "o'brien@mail.example.org"],
    ["x@sub.domain.co.uk", "x@sub.domain.co.uk"],
    // One-letter labels are real domains (x.com, q.com).
    ["ana@x.com", "ana@x.com"],
    ["ana@a.b.co", "ana@a.b.co"],
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
    expect(checkMobile(raw)).toMatchObject({ ok: false, problem: "missing" });
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
    expect(checkMobile(raw)).toMatchObject({ ok: false, problem: "invalid" });
  });

  it.each([
    ["+44 20 7946 0958", "is a landline"],
    ["+33 1 42 68 53 00", "is a landline"],
    ["+1 800 555 0199", "is a toll-free number"],
    ["+1 900 555 0100", "is a premium-rate number"],
  ])("%j cannot receive texts (%s)", (raw, kind) => {
    const result = checkMobile(raw);
    expect(result).toMatchObject({ ok: false, problem: "not_mobile" });
    expect(result.ok ? "" : result.detail).toBe(
      `phone ${JSON.stringify(raw)} ${kind} and cannot receive texts`,
    );
  });
});
