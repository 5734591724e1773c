import { describe, expect, it } from "vitest";
import { parseBirthDate } from "@/lib/greetings";

const today = "2026-06-15";

describe("parseBirthDate: only a real YYYY-MM-DD calendar date counts", () => {
  it.each([
    ["1980-06-15", { year: 1980, month: 6, day: 15 }],
    ["1992-02-29", { year: 1992, month: 2, day: 29 }],
    ["2000-02-29", { year: 2000, month: 2, day: 29 }],
    ["1990-12-31", { year: 1990, month: 12, day: 31 }],
    ["2026-06-15", { year: 2026, month: 6, day: 15 }], // born today
    ["1906-06-15", { year: 1906, month: 6, day: 15 }], // exactly 120 today
    ["1905-06-16", { year: 1905, month: 6, day: 16 }], // 120, turns 121 tomorrow
  ])("%j is a birth date", (raw, expected) => {
    expect(parseBirthDate(raw, today)).toEqual({ ok: true, ...expected });
  });

  it.each([
    [null, "no_birth_date"],
    [undefined, "no_birth_date"],
    ["", "no_birth_date"],
    ["   ", "no_birth_date"],
    ["0000-00-00", "invalid_birth_date"],
    ["12/05/1980", "invalid_birth_date"],
    ["1990-2-3", "invalid_birth_date"],
    ["1990-02-30", "invalid_birth_date"],
    ["1990-04-31", "invalid_birth_date"],
    ["1990-13-01", "invalid_birth_date"],
    ["1990-00-10", "invalid_birth_date"],
    ["1990-01-00", "invalid_birth_date"],
    ["1990-02-29", "invalid_birth_date"],
    ["2023-02-29", "invalid_birth_date"],
    ["1900-02-29", "invalid_birth_date"],
    [" 1990-01-01", "invalid_birth_date"],
    ["1990-01-01 ", "invalid_birth_date"],
    ["1990-01-01T00:00:00Z", "invalid_birth_date"],
    ["19900101", "invalid_birth_date"],
    ["1990/01/01", "invalid_birth_date"],
    ["abcd", "invalid_birth_date"],
    ["１９９０-01-01", "invalid_birth_date"],
    ["2026-06-16", "birth_date_in_future"],
    // Later this year, in a later month (the day number is earlier than today's).
    ["2026-07-01", "birth_date_in_future"],
    ["2026-12-14", "birth_date_in_future"],
    ["2030-01-01", "birth_date_in_future"],
    ["9999-12-31", "birth_date_in_future"],
    ["1905-06-15", "implausible_age"], // 121 today
    ["1905-01-01", "implausible_age"],
    ["1800-01-01", "implausible_age"],
    ["0001-01-01", "implausible_age"],
  ])("%j is skipped as %s", (raw, reason) => {
    const result = parseBirthDate(raw, today);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toBe(reason);
      expect(result.detail.length).toBeGreaterThan(0);
    }
  });

  it.each([
    [null, "no birth date on file"],
    ["1990-02-30", 'birth date "1990-02-30" is not a real date'],
    ["0000-00-00", 'birth date "0000-00-00" is not a real date'],
    ["12/05/1980", 'birth date "12/05/1980" is not in the YYYY-MM-DD form'],
    [" 1990-01-01", 'birth date " 1990-01-01" has spaces around it'],
    ["2030-01-01", 'birth date "2030-01-01" is in the future'],
    ["1900-01-01", 'birth date "1900-01-01" would make the patient 126 years old (over 120)'],
  ])("explains %j to staff as %j", (raw, detail) => {
    const result = parseBirthDate(raw, today);
    expect(result.ok ? null : result.detail).toBe(detail);
  });

  it("caps a long garbage value in the staff detail at 40 characters and an ellipsis", () => {
    const result = parseBirthDate("x".repeat(500), today);
    expect(result.ok ? null : result.detail).toBe(
      `birth date "${"x".repeat(40)}…" is not in the YYYY-MM-DD form`,
    );
    expect(parseBirthDate("y".repeat(40), today)).toMatchObject({
      detail: `birth date "${"y".repeat(40)}" is not in the YYYY-MM-DD form`,
    });
  });

  it("counts a Feb 29 birth as a year older on Feb 28 of a common year", () => {
    // Born 1905-02-29? Not a leap year. 1904 is: on 2025-02-28 the patient turns 121.
    expect(parseBirthDate("1904-02-29", "2025-02-27")).toMatchObject({ ok: true });
    expect(parseBirthDate("1904-02-29", "2025-02-28")).toMatchObject({
      ok: false,
      reason: "implausible_age",
    });
  });

  it("treats a malformed today as a programming error", () => {
    expect(() => parseBirthDate("1980-01-01", "2026-02-30")).toThrow(RangeError);
  });
});

describe("parseBirthDate: what staff read on the Skipped page for odd values", () => {
  it("a birth date that is not text (a number from a careless export) is a recorded skip, not a crash", () => {
    expect(parseBirthDate(19900517 as unknown as string, today)).toEqual({
      ok: false,
      reason: "invalid_birth_date",
      detail: "birth date is not text",
    });
  });

  it.each([
    ["x1990-05-17", 'birth date "x1990-05-17" is not in the YYYY-MM-DD form'],
    ["1990-05-17x", 'birth date "1990-05-17x" is not in the YYYY-MM-DD form'],
    ["1990-02-30", 'birth date "1990-02-30" is not a real date'],
  ])("%j: %s", (raw, detail) => {
    expect(parseBirthDate(raw, today)).toEqual({ ok: false, reason: "invalid_birth_date", detail });
  });
});

describe("parseBirthDate: the age limit counts a birthday as passed only once its month and day have come", () => {
  it("on 20 March, someone born on 10 April 120 years and a few months before is still 120, so still greeted", () => {
    // The day of the month (20 >= 10) has passed but the month has not: the birthday is still to come.
    expect(parseBirthDate("1905-04-10", "2026-03-20")).toEqual({ ok: true, year: 1905, month: 4, day: 10 });
  });

  it("once that birthday has passed, the same patient is 121 and the record is flagged", () => {
    expect(parseBirthDate("1905-04-10", "2026-04-10")).toEqual({
      ok: false,
      reason: "implausible_age",
      detail: 'birth date "1905-04-10" would make the patient 121 years old (over 120)',
    });
  });
});
