/** Fault knobs: what drchrono (or the network in front of it) does on a bad day, settable per test and benchmark. */

export interface FaultKnobs {
  /** Added to every API response, in ms. */
  latencyMs: number;
  /** Calls per access token per hour of the emulator clock (drchrono: 500); null switches the limit off. */
  rateLimitPerHour: number | null;
  /** Also send Retry-After with a 429 (drchrono does not promise it). */
  retryAfterHeader: boolean;
  /** The next N API calls answer 502/503. */
  failNext: number;
  /** The next N API calls never answer until the caller aborts (or `hangMaxMs` passes, then 504). */
  hangNext: number;
  /** How long a hung call waits before giving up with a 504, so a forgotten hang cannot leak forever. */
  hangMaxMs: number;
  /** Send the granted `scope` in token responses (drchrono does not promise it). */
  includeScopeInTokenResponse: boolean;
  /**
   * Between pages of a patient listing, a patient on a later page is edited (updated_at moves) and a new patient
   * is added, as happens in a busy practice.
   */
  mutateDuringPaging: boolean;
  /**
   * "Strange but plausible" answers (see strange.ts): unused fields in odd shapes, ids as numeric strings, "" for
   * null, unknown fields, list pages named `data`, extra token fields. A tolerant reader greets the same patients.
   */
  strangeRecords: boolean;
}

export function defaultFaults(): FaultKnobs {
  return {
    latencyMs: 0,
    rateLimitPerHour: 500,
    retryAfterHeader: false,
    failNext: 0,
    hangNext: 0,
    hangMaxMs: 60_000,
    includeScopeInTokenResponse: true,
    mutateDuringPaging: false,
    strangeRecords: false,
  };
}

const HOUR_MS = 3_600_000;

/** Counts calls per key within the current clock hour, like drchrono's reset at the top of each hour. */
export class HourlyLimiter {
  private readonly counts = new Map<string, { hour: number; count: number }>();

  /** Records a call; returns the seconds to wait when it is over the limit (then it is not counted). */
  take(
    key: string,
    limit: number,
    nowMs: number,
  ): { allowed: true } | { allowed: false; waitSeconds: number } {
    const hour = Math.floor(nowMs / HOUR_MS);
    let entry = this.counts.get(key);
    if (!entry || entry.hour !== hour) {
      entry = { hour, count: 0 };
      this.counts.set(key, entry);
      if (this.counts.size > 10_000) this.forgetBefore(hour);
    }
    if (entry.count >= limit) {
      return { allowed: false, waitSeconds: Math.max(1, Math.ceil(((hour + 1) * HOUR_MS - nowMs) / 1000)) };
    }
    entry.count += 1;
    return { allowed: true };
  }

  private forgetBefore(hour: number): void {
    for (const [key, entry] of this.counts) if (entry.hour < hour) this.counts.delete(key);
  }
}

/** Resolves after `ms`, or early (false) when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
