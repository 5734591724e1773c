/*
 * How long to wait before retrying a drchrono call. Pure functions: the random source and the clock are inputs.
 */

export interface BackoffPolicy {
  /** First backoff ceiling; doubles with each attempt. */
  baseDelayMs: number;
  /** Highest backoff ceiling for 5xx and timeouts. */
  maxBackoffMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseDelayMs: 500, maxBackoffMs: 30_000 };

/** Exponential backoff with full jitter: uniform in [0, min(max, base * 2^attempt)). `attempt` counts from 0. */
export function backoffDelayMs(attempt: number, random: () => number, policy = DEFAULT_BACKOFF): number {
  const ceiling = Math.min(policy.maxBackoffMs, policy.baseDelayMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

/** `Retry-After` as delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(header: string | null, nowMs: number): number | null {
  if (!header) return null;
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}

/** drchrono's 429 body: {"detail": "Request was throttled. Expected available in 12 seconds."} */
export function parseThrottleDetail(body: string): number | null {
  const match = /available in (\d+(?:\.\d+)?) seconds?/i.exec(body);
  return match?.[1] ? Math.ceil(Number(match[1]) * 1000) : null;
}

/**
 * The wait drchrono asks for after a 429: the Retry-After header wins, then the number in `detail`;
 * null when neither says (the caller then backs off exponentially).
 */
export function throttleWaitMs(retryAfter: string | null, body: string, nowMs: number): number | null {
  return parseRetryAfter(retryAfter, nowMs) ?? parseThrottleDetail(body);
}

/**
 * A stated wait plus a little jitter (up to 10%, at most 1 s), so clients that were throttled together do not all
 * come back in the same millisecond.
 */
export function statedWaitWithJitter(waitMs: number, random: () => number): number {
  return waitMs + Math.floor(random() * Math.min(1_000, waitMs * 0.1));
}
