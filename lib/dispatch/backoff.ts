/*
 * When a failed greeting is tried again. Pure: the clock is an argument. Retries stay within the day (later
 * runs the same day pick them up); after MAX_SEND_ATTEMPTS the failure is final.
 */

export const MAX_SEND_ATTEMPTS = 5;
const FIRST_RETRY_MS = 5 * 60_000;
const LONGEST_RETRY_MS = 2 * 60 * 60_000;

/** The next attempt after `attempts` failures, or null when the failure is final. */
export function nextAttemptAt(attempts: number, retryable: boolean, now: Date): Date | null {
  if (!retryable || attempts >= MAX_SEND_ATTEMPTS) return null;
  const delay = Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), LONGEST_RETRY_MS);
  return new Date(now.getTime() + delay);
}
