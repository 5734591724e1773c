/*
 * Calendar arithmetic for the core. "Today" is always the account's local date, so every function here takes the
 * instant and the time zone as arguments; nothing reads the clock. Calendar dates (IsoDate) carry no time zone and
 * are computed in UTC, where every day has exactly 24 hours.
 */
import { TZDate } from "@date-fns/tz";
import type { IsoDate } from "./types";

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export interface MonthDay {
  month: number;
  day: number;
}

export interface LocalDateTime extends CalendarDate {
  date: IsoDate;
  hour: number;
  minute: number;
}

/** Greetings go out from 08:00 (inclusive) to 21:00 (exclusive), account-local time. */
export const SENDING_HOURS = { startHour: 8, endHour: 21 } as const;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Reads a strict `YYYY-MM-DD` real calendar date (years 0001-9999). Anything else — other separators, missing
 * zeros, surrounding spaces, Feb 30, Feb 29 of a common year, year 0000 — is null.
 */
export function parseCalendarDate(value: unknown): CalendarDate | null {
  if (typeof value !== "string") return null;
  const match = ISO_DATE.exec(value);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

export function isIsoDate(value: unknown): value is IsoDate {
  return parseCalendarDate(value) !== null;
}

export function formatIsoDate({ year, month, day }: CalendarDate): IsoDate {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** Reads an IsoDate the caller vouches for; a malformed one is a programming error, not patient data. */
export function requireIsoDate(date: IsoDate): CalendarDate {
  const parsed = parseCalendarDate(date);
  if (!parsed) throw new RangeError(`Expected a YYYY-MM-DD calendar date, got ${JSON.stringify(date)}`);
  return parsed;
}

export function addDays(date: IsoDate, n: number): IsoDate {
  const { year, month, day } = requireIsoDate(date);
  if (!Number.isInteger(n)) throw new RangeError(`addDays expects a whole number of days, got ${n}`);
  // setUTCFullYear (unlike Date.UTC) does not remap years 0-99 to 1900-1999.
  const result = new Date(0);
  result.setUTCFullYear(year, month - 1, day + n);
  return formatIsoDate({
    year: result.getUTCFullYear(),
    month: result.getUTCMonth() + 1,
    day: result.getUTCDate(),
  });
}

/**
 * True for IANA zone names the runtime knows ("America/New_York", "UTC"). Bare UTC offsets ("+05:00") are refused:
 * they ignore daylight saving time, so a practice would greet an hour off for half the year.
 */
export function isValidTimeZone(timeZone: unknown): timeZone is string {
  if (typeof timeZone !== "string" || timeZone.trim() === "" || /^[+-]/.test(timeZone)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The account-local wall clock at `now`. Callers validate the zone with isValidTimeZone when it is saved; an invalid
 * zone that still reaches here falls back to UTC rather than stopping a practice's run.
 */
export function localDateTime(now: Date, timeZone: string): LocalDateTime {
  if (Number.isNaN(now.getTime())) throw new RangeError("localDateTime needs a valid Date");
  const local = new TZDate(now.getTime(), isValidTimeZone(timeZone) ? timeZone : "UTC");
  const year = local.getFullYear();
  const month = local.getMonth() + 1;
  const day = local.getDate();
  return {
    date: formatIsoDate({ year, month, day }),
    year,
    month,
    day,
    hour: local.getHours(),
    minute: local.getMinutes(),
  };
}

/** 08:00 <= local time < 21:00: nobody's phone buzzes with a greeting at night. */
export function isWithinSendingHours(now: Date, timeZone: string): boolean {
  const { hour } = localDateTime(now, timeZone);
  return hour >= SENDING_HOURS.startHour && hour < SENDING_HOURS.endHour;
}

/** The day a birthday is celebrated in `year`: Feb 29 births are greeted on Feb 28 in common years. */
export function greetingDay(birthMonth: number, birthDay: number, year: number): MonthDay {
  if (birthMonth === 2 && birthDay === 29 && !isLeapYear(year)) return { month: 2, day: 28 };
  return { month: birthMonth, day: birthDay };
}

/** The (birth month, birth day) pairs greeted on `date`; used to look up birthday candidates in the patient index. */
export function birthdaysOn(date: IsoDate): MonthDay[] {
  const { year, month, day } = requireIsoDate(date);
  const pairs: MonthDay[] = [{ month, day }];
  if (month === 2 && day === 28 && !isLeapYear(year)) pairs.push({ month: 2, day: 29 });
  return pairs;
}

/** Whether someone born on birthMonth/birthDay is greeted on `date`. */
export function isGreetedOn(birth: MonthDay, date: IsoDate): boolean {
  const { year, month, day } = requireIsoDate(date);
  const greeted = greetingDay(birth.month, birth.day, year);
  return greeted.month === month && greeted.day === day;
}
