import type { Account } from "@/db/schema";
import { localDateTime, SENDING_HOURS } from "@/lib/greetings";
import type { IsoDate } from "@/lib/greetings/types";

/*
 * When an hourly cron run takes up an account. The cron runs every hour in UTC; each account is dispatched by
 * the first run inside its own sending window (08:00–21:00 local, or from the practice's chosen hour), so every
 * time zone works with one schedule and the day's drchrono calls spread over the hours as the zones wake up.
 */

/** Why an hourly run takes up an account, in the order runs serve them. */
export type DispatchTier =
  /** Inside its window and not yet dispatched today: greetings are due. */
  | "dispatch"
  /** A full listing to start or resume (a new practice, or the weekly pass), at any hour. */
  | "listing"
  /** Dispatched today already: a since-listing (one call) catches changed charts and due retries. */
  | "revisit";

export const TIER_ORDER: readonly DispatchTier[] = ["dispatch", "listing", "revisit"];

/** The local hour greetings may start: the practice's choice (8..20) or the window's start. */
export function windowStartHour(account: Pick<Account, "sendHour">): number {
  const chosen = account.sendHour;
  if (chosen === null || !Number.isInteger(chosen)) return SENDING_HOURS.startHour;
  return Math.min(Math.max(chosen, SENDING_HOURS.startHour), SENDING_HOURS.endHour - 1);
}

/** True from the account's start hour until 21:00 local. */
export function isInsideWindow(account: Pick<Account, "sendHour" | "timeZone">, now: Date): boolean {
  const { hour } = localDateTime(now, account.timeZone);
  return hour >= windowStartHour(account) && hour < SENDING_HOURS.endHour;
}

/**
 * Local hours left before the account's window closes at 21:00 (1 in its last hour). Dispatches are served in
 * this order, so that when an hour's calls run short the practices whose day ends first are not the ones left out.
 */
export function windowHoursLeft(account: Pick<Account, "timeZone">, now: Date): number {
  return SENDING_HOURS.endHour - localDateTime(now, account.timeZone).hour;
}

/** The tier an hourly run serves the account in, or null when it has nothing to do this hour. */
export function dispatchTier(
  account: Pick<
    Account,
    "sendHour" | "timeZone" | "dispatchedOn" | "fullSyncCursor" | "lastFullSyncAt" | "lastSyncAt"
  >,
  now: Date,
  fullListingDue: boolean,
): DispatchTier | null {
  const today: IsoDate = localDateTime(now, account.timeZone).date;
  const inside = isInsideWindow(account, now);
  if (inside && account.dispatchedOn !== today) return "dispatch";
  if (account.fullSyncCursor !== null || fullListingDue) return "listing";
  return inside ? "revisit" : null;
}
