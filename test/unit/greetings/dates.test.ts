import { describe, expect, it } from "vitest";
import {
  addDays,
  birthdaysOn,
  greetingDay,
  isGreetedOn,
  isIsoDate,
  isLeapYear,
  isValidTimeZone,
  isWithinSendingHours,
  localDateTime,
  parseCalendarDate,
} from "@/lib/greetings";

describe("leap years", () => {
  it.each([
    [2024, true],
    [2028, true],
    [2000, true],
    [2100, false],
    [1900, false],
    [2026, false],
    [2027, false],
  ])("%i leap: %s", (year, leap) => {
    expect(isLeapYear(year)).toBe(leap);
  });
});

describe("greetingDay: Feb 29 births are greeted on Feb 28 in common years", () => {
  it.each([
    [2, 29, 2027, { month: 2, day: 28 }],
    [2, 29, 2028, { month: 2, day: 29 }],
    [2, 29, 2024, { month: 2, day: 29 }],
    [2, 29, 2100, { month: 2, day: 28 }],
    [2, 29, 2000, { month: 2, day: 29 }],
    [2, 28, 2027, { month: 2, day: 28 }],
    [2, 28, 2028, { month: 2, day: 28 }],
    [3, 1, 2027, { month: 3, day: 1 }],
    [3, 1, 2028, { month: 3, day: 1 }],
    [12, 31, 2026, { month: 12, day: 31 }],
  ])("born %i/%i is greeted in %i on %o", (month, day, year, expected) => {
    expect(greetingDay(month, day, year)).toEqual(expected);
  });
});

describe("birthdaysOn: which birth days are greeted on a date", () => {
  it.each([
    [
      "2027-02-28",
      [
        { month: 2, day: 28 },
        { month: 2, day: 29 },
      ],
    ],
    [
      "2100-02-28",
      [
        { month: 2, day: 28 },
        { month: 2, day: 29 },
      ],
    ],
    ["2028-02-28", [{ month: 2, day: 28 }]],
    ["2000-02-28", [{ month: 2, day: 28 }]],
    ["2028-02-29", [{ month: 2, day: 29 }]],
    ["2027-03-01", [{ month: 3, day: 1 }]],
    ["2028-03-01", [{ month: 3, day: 1 }]],
    ["2026-12-31", [{ month: 12, day: 31 }]],
    ["2026-01-01", [{ month: 1, day: 1 }]],
  ])("%s greets %o", (date, expected) => {
    expect(birthdaysOn(date)).toEqual(expected);
  });

  it.each([2027, 2028, 2100])(
    "greets every possible birth day exactly once in %i, matching isGreetedOn",
    (year) => {
      const greetedTimes = new Map<string, number>();
      for (let date = `${year}-01-01`; date.startsWith(String(year)); date = addDays(date, 1)) {
        for (const birth of birthdaysOn(date)) {
          expect(isGreetedOn(birth, date)).toBe(true);
          const key = `${birth.month}/${birth.day}`;
          greetedTimes.set(key, (greetedTimes.get(key) ?? 0) + 1);
        }
      }
      // Every day of a leap year is someone's birthday: 366 month/day pairs, each greeted once.
      expect(greetedTimes.size).toBe(366);
      expect([...greetedTimes.values()].every((n) => n === 1)).toBe(true);
    },
  );

  it("refuses a date that is not YYYY-MM-DD", () => {
    expect(() => birthdaysOn("2027-02-30")).toThrow(
      new RangeError('Expected a YYYY-MM-DD calendar date, got "2027-02-30"'),
    );
  });
});

describe("isGreetedOn", () => {
  it.each([
    [{ month: 2, day: 29 }, "2027-02-28", true],
    [{ month: 2, day: 29 }, "2027-03-01", false],
    [{ month: 2, day: 29 }, "2028-02-28", false],
    [{ month: 2, day: 29 }, "2028-02-29", true],
    [{ month: 2, day: 28 }, "2028-02-29", false],
    [{ month: 3, day: 1 }, "2027-02-28", false],
    [{ month: 6, day: 15 }, "2026-06-15", true],
    [{ month: 6, day: 15 }, "2026-06-16", false],
    // Same day number, another month: the month must match too.
    [{ month: 6, day: 15 }, "2026-07-15", false],
    [{ month: 6, day: 15 }, "2026-05-15", false],
    [{ month: 12, day: 1 }, "2026-01-01", false],
  ])("born %o greeted on %s: %s", (birth, date, expected) => {
    expect(isGreetedOn(birth, date)).toBe(expected);
  });
});

describe("addDays", () => {
  it.each([
    ["2028-02-28", 1, "2028-02-29"],
    ["2027-02-28", 1, "2027-03-01"],
    ["2024-03-01", -1, "2024-02-29"],
    ["2026-03-01", -1, "2026-02-28"],
    ["2026-12-31", 1, "2027-01-01"],
    ["2027-01-01", -1, "2026-12-31"],
    ["2026-06-15", 0, "2026-06-15"],
    ["2026-06-15", 365, "2027-06-15"],
    ["2028-01-01", 366, "2029-01-01"],
    ["0010-01-01", -1, "0009-12-31"],
  ])("%s %+i days = %s", (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
  });

  it.each(["2026-02-30", "26-01-01", ""])("refuses %j", (date) => {
    expect(() => addDays(date, 1)).toThrow(
      new RangeError(`Expected a YYYY-MM-DD calendar date, got ${JSON.stringify(date)}`),
    );
  });

  it("refuses a part of a day, saying which", () => {
    expect(() => addDays("2026-06-15", 1.5)).toThrow(
      new RangeError("addDays expects a whole number of days, got 1.5"),
    );
  });
});

describe("parseCalendarDate", () => {
  it("reads only text: a list or an object that prints as a date is not a birth date", () => {
    // A drchrono field arriving as ["1990-05-17"] would otherwise pass, since String(["1990-05-17"]) is the date.
    expect(parseCalendarDate(["1990-05-17"])).toBeNull();
    expect(parseCalendarDate({ toString: () => "1990-05-17" })).toBeNull();
    expect(parseCalendarDate("1990-05-17")).toEqual({ year: 1990, month: 5, day: 17 });
  });
});

describe("isIsoDate", () => {
  it.each([
    ["2026-06-15", true],
    ["2028-02-29", true],
    ["2027-02-29", false],
    ["2026-13-01", false],
    ["2026-6-15", false],
    ["0000-01-01", false],
    [" 2026-06-15", false],
    ["2026-06-15T00:00:00Z", false],
    [20260615, false],
    [null, false],
  ])("%j: %s", (value, expected) => {
    expect(isIsoDate(value)).toBe(expected);
  });
});

describe("isValidTimeZone", () => {
  it.each([
    ["America/New_York", true],
    ["Pacific/Kiritimati", true],
    ["America/Adak", true],
    ["UTC", true],
    ["America/Port-au-Prince", true],
    ["Mars/Olympus_Mons", false],
    ["", false],
    ["+05:00", false],
    ["-0800", false],
    [null, false],
    [42, false],
  ])("%j: %s", (zone, expected) => {
    expect(isValidTimeZone(zone)).toBe(expected);
  });

  it("refuses UTC offsets itself, even where the runtime's Intl accepts them (newer ICU does)", () => {
    // Node 20 rejects offsets on its own, so a plain assertion could not tell whether our guard works:
    // make Intl accept every zone, and only the guard is left to refuse offsets.
    const real = Intl.DateTimeFormat;
    class AcceptAnyZone extends real {
      constructor() {
        super("en-US", { timeZone: "UTC" });
      }
    }
    Intl.DateTimeFormat = AcceptAnyZone as unknown as typeof Intl.DateTimeFormat;
    try {
      expect(isValidTimeZone("Mars/Olympus_Mons")).toBe(true);
      expect(isValidTimeZone("+05:00")).toBe(false);
      expect(isValidTimeZone("-0800")).toBe(false);
      // Blank and non-string zones are refused by our guard too, not only by the runtime.
      for (const blankOrNotText of ["", "   ", null, undefined, 42, ["America/New_York"]]) {
        expect(isValidTimeZone(blankOrNotText), JSON.stringify(blankOrNotText)).toBe(false);
      }
    } finally {
      Intl.DateTimeFormat = real;
    }
  });
});

describe("localDateTime: the account's wall clock around midnight", () => {
  it.each([
    ["2026-03-01T04:30:00Z", "America/New_York", "2026-02-28", 23, 30],
    ["2026-03-01T05:00:00Z", "America/New_York", "2026-03-01", 0, 0],
    ["2026-02-28T09:59:00Z", "Pacific/Kiritimati", "2026-02-28", 23, 59],
    ["2026-02-28T10:00:00Z", "Pacific/Kiritimati", "2026-03-01", 0, 0],
    ["2026-01-01T09:59:00Z", "America/Adak", "2025-12-31", 23, 59],
    ["2026-01-01T10:00:00Z", "America/Adak", "2026-01-01", 0, 0],
    ["2026-07-01T08:59:00Z", "America/Adak", "2026-06-30", 23, 59],
    ["2026-07-01T09:00:00Z", "America/Adak", "2026-07-01", 0, 0],
    ["2026-12-31T18:29:00Z", "Asia/Kolkata", "2026-12-31", 23, 59],
    ["2026-12-31T18:30:00Z", "Asia/Kolkata", "2027-01-01", 0, 0],
    // US spring forward 2026-03-08 02:00 -> 03:00
    ["2026-03-08T06:59:00Z", "America/New_York", "2026-03-08", 1, 59],
    ["2026-03-08T07:00:00Z", "America/New_York", "2026-03-08", 3, 0],
    ["2026-03-09T03:59:00Z", "America/New_York", "2026-03-08", 23, 59],
    ["2026-03-09T04:00:00Z", "America/New_York", "2026-03-09", 0, 0],
    // US fall back 2026-11-01 02:00 -> 01:00: 01:30 happens twice
    ["2026-11-01T05:30:00Z", "America/New_York", "2026-11-01", 1, 30],
    ["2026-11-01T06:30:00Z", "America/New_York", "2026-11-01", 1, 30],
    ["2026-11-02T04:59:00Z", "America/New_York", "2026-11-01", 23, 59],
    ["2026-11-02T05:00:00Z", "America/New_York", "2026-11-02", 0, 0],
    ["2026-03-29T01:00:00Z", "Europe/London", "2026-03-29", 2, 0],
    ["2028-02-29T23:59:00Z", "UTC", "2028-02-29", 23, 59],
    // An invalid zone falls back to UTC instead of stopping the run.
    ["2026-03-01T04:30:00Z", "Mars/Olympus_Mons", "2026-03-01", 4, 30],
  ])("%s in %s is %s %i:%i", (instant, zone, date, hour, minute) => {
    const local = localDateTime(new Date(instant), zone);
    expect(local).toEqual({
      date,
      year: Number(date.slice(0, 4)),
      month: Number(date.slice(5, 7)),
      day: Number(date.slice(8, 10)),
      hour,
      minute,
    });
  });

  it("refuses an invalid Date", () => {
    expect(() => localDateTime(new Date(Number.NaN), "UTC")).toThrow(
      new RangeError("localDateTime needs a valid Date"),
    );
  });
});

describe("isWithinSendingHours: 08:00 <= local time < 21:00", () => {
  it.each([
    ["2026-07-15T11:59:00Z", "America/New_York", false], // 07:59 EDT
    ["2026-07-15T12:00:00Z", "America/New_York", true], // 08:00
    ["2026-07-16T00:59:00Z", "America/New_York", true], // 20:59
    ["2026-07-16T01:00:00Z", "America/New_York", false], // 21:00
    ["2026-01-15T12:59:00Z", "America/New_York", false], // 07:59 EST
    ["2026-01-15T13:00:00Z", "America/New_York", true], // 08:00 EST
    ["2026-01-15T15:59:00Z", "America/Los_Angeles", false], // 07:59 PST
    ["2026-01-15T16:00:00Z", "America/Los_Angeles", true],
    ["2026-01-16T04:59:00Z", "America/Los_Angeles", true], // 20:59 PST
    ["2026-01-16T05:00:00Z", "America/Los_Angeles", false],
    ["2026-02-27T17:59:00Z", "Pacific/Kiritimati", false], // 07:59 on Feb 28
    ["2026-02-27T18:00:00Z", "Pacific/Kiritimati", true],
    ["2026-02-28T06:59:00Z", "Pacific/Kiritimati", true], // 20:59
    ["2026-02-28T07:00:00Z", "Pacific/Kiritimati", false],
    ["2026-01-15T02:29:00Z", "Asia/Kolkata", false], // 07:59 IST
    ["2026-01-15T02:30:00Z", "Asia/Kolkata", true],
    ["2026-01-15T07:59:00Z", "UTC", false],
    ["2026-01-15T08:00:00Z", "UTC", true],
    ["2026-01-15T20:59:00Z", "UTC", true],
    ["2026-01-15T21:00:00Z", "UTC", false],
    // Spring-forward day: 08:00 EDT is 12:00Z, not 13:00Z.
    ["2026-03-08T11:59:00Z", "America/New_York", false],
    ["2026-03-08T12:00:00Z", "America/New_York", true],
  ])("%s in %s: %s", (instant, zone, expected) => {
    expect(isWithinSendingHours(new Date(instant), zone)).toBe(expected);
  });

  // vercel.json runs the dispatch daily at 18:00 UTC; that must be a sending hour in every US state's zone.
  it.each(["2026-01-15", "2026-07-15", "2026-03-08", "2026-11-01"])(
    "18:00 UTC on %s is a sending hour in every US state",
    (day) => {
      const zones = [
        "America/New_York",
        "America/Detroit",
        "America/Chicago",
        "America/Denver",
        "America/Phoenix",
        "America/Boise",
        "America/Los_Angeles",
        "America/Anchorage",
        "America/Adak",
        "Pacific/Honolulu",
        "America/Puerto_Rico",
      ];
      for (const zone of zones)
        expect([zone, isWithinSendingHours(new Date(`${day}T18:00:00Z`), zone)]).toEqual([zone, true]);
    },
  );
});
