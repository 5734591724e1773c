import { TZDate } from "@date-fns/tz";
import type { IsoDate } from "@/lib/greetings/types";

/*
 * Instants derived from an account's local calendar: "noon on this date there" (CLI --date) and "the start of
 * today there" (asking Twilio what already went out today). Which date it is locally is the core's rule
 * (localDateTime); these only turn a local date back into an instant.
 */

function parts(date: IsoDate): [number, number, number] {
  const [y, m, d] = date.split("-").map(Number);
  return [y ?? 1970, (m ?? 1) - 1, d ?? 1];
}

export function localInstant(date: IsoDate, timeZone: string, hour: number): Date {
  const [y, m, d] = parts(date);
  return new Date(new TZDate(y, m, d, hour, 0, 0, timeZone).getTime());
}

export const noonOn = (date: IsoDate, timeZone: string) => localInstant(date, timeZone, 12);
export const startOfLocalDay = (date: IsoDate, timeZone: string) => localInstant(date, timeZone, 0);
