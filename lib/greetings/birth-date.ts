/*
 * A birth date as drchrono sent it, judged strictly: only a real calendar date in `YYYY-MM-DD` counts. Guessing at
 * "12/05/1980" (December or May?) would greet someone on the wrong day, so odd values are skipped and shown to staff.
 */
import { greetingDay, parseCalendarDate, requireIsoDate } from "./dates";
import type { IsoDate } from "./types";

/** Nobody is older than this; an older birth date is a typo (1899 for 1989) or a placeholder. */
export const MAX_PLAUSIBLE_AGE = 120;

export type BirthDateProblem =
  | "no_birth_date"
  | "invalid_birth_date"
  | "birth_date_in_future"
  | "implausible_age";

export type BirthDateResult =
  | { ok: true; year: number; month: number; day: number }
  | { ok: false; reason: BirthDateProblem; detail: string };

/**
 * `today` is the account-local date (it must be a valid IsoDate; a malformed one is a programming error and throws).
 * The `detail` sentences quote the raw value: they are for the practice's staff on the Skipped page, never for logs.
 */
export function parseBirthDate(raw: string | null | undefined, today: IsoDate): BirthDateResult {
  const now = requireIsoDate(today);
  if (raw === null || raw === undefined || (typeof raw === "string" && raw.trim() === "")) {
    return { ok: false, reason: "no_birth_date", detail: "no birth date on file" };
  }
  if (typeof raw !== "string") {
    return { ok: false, reason: "invalid_birth_date", detail: "birth date is not text" };
  }
  const quoted = quoteForStaff(raw);
  const date = parseCalendarDate(raw);
  if (!date) return { ok: false, reason: "invalid_birth_date", detail: describeInvalid(raw, quoted) };

  if (formatKey(date) > formatKey(now)) {
    return { ok: false, reason: "birth_date_in_future", detail: `birth date ${quoted} is in the future` };
  }
  const age = completedYears(date, now);
  if (age > MAX_PLAUSIBLE_AGE) {
    return {
      ok: false,
      reason: "implausible_age",
      detail: `birth date ${quoted} would make the patient ${age} years old (over ${MAX_PLAUSIBLE_AGE})`,
    };
  }
  return { ok: true, ...date };
}

function describeInvalid(raw: string, quoted: string): string {
  if (raw.trim() !== raw) return `birth date ${quoted} has spaces around it`;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw)) return `birth date ${quoted} is not in the YYYY-MM-DD form`;
  return `birth date ${quoted} is not a real date`;
}

/** Age in whole years on `today`, counting a Feb 29 birthday as passed on Feb 28 of a common year. */
function completedYears(birth: { year: number; month: number; day: number }, today: typeof birth): number {
  const anniversary = greetingDay(birth.month, birth.day, today.year);
  const hadBirthday =
    today.month > anniversary.month || (today.month === anniversary.month && today.day >= anniversary.day);
  return today.year - birth.year - (hadBirthday ? 0 : 1);
}

function formatKey({ year, month, day }: { year: number; month: number; day: number }): number {
  return year * 10_000 + month * 100 + day;
}

/** Quotes a raw value so staff can see exactly what is stored (spaces, odd characters), capped for the page. */
function quoteForStaff(raw: string): string {
  const capped = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
  return JSON.stringify(capped);
}
