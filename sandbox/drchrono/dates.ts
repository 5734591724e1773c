/** Calendar helpers for the fixtures. Dates are "YYYY-MM-DD" strings; arithmetic happens in UTC, free of DST. */

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date an instant falls on in a time zone. */
export function isoDateIn(timeZone: string, instant: Date): string {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

export function addDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

/** drchrono's timestamp shape: "2024-03-01T14:05:09" (no offset; the emulator uses UTC). */
export function drchronoTimestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** True for a real calendar date written as YYYY-MM-DD. */
export function isRealIsoDate(text: string | null): text is string {
  if (!text || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const [y, m, d] = text.split("-").map(Number) as [number, number, number];
  if (y < 1) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * Parses drchrono's `since` filter: a date ("2024-03-01", midnight UTC) or a datetime with or without an offset
 * (naive means UTC, like the emulator's timestamps). NaN when unreadable.
 */
export function parseSince(text: string): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return Date.parse(`${text}T00:00:00Z`);
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text))
    return Date.parse(`${text.replace(" ", "T")}Z`);
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text))
    return Date.parse(text.replace(" ", "T"));
  return Number.NaN;
}
