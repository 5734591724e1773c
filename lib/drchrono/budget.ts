/*
 * API calls are our scarcest resource: drchrono allows 500 per hour (reset at the top of each clock hour) and
 * answers 429 beyond that. We count our own calls and stop short of the limit instead of hammering into 429s.
 */
import { createHash } from "node:crypto";
import { DrchronoError } from "./types";

/** drchrono's documented default hourly limit. */
export const DRCHRONO_HOURLY_LIMIT = 500;
/** What we allow ourselves: a margin for calls made elsewhere with the same token (sign-in probes, retries). */
export const DEFAULT_HOURLY_BUDGET = 480;

const HOUR_MS = 3_600_000;

export interface CallBudgetOptions {
  limitPerHour?: number;
  now?: () => Date;
}

export interface TakeOptions {
  /** Longest we are willing to wait for the next hour; beyond it `take` throws "budget_exhausted". */
  maxWaitMs: number;
  sleep: (ms: number) => Promise<void>;
}

export class CallBudget {
  readonly limitPerHour: number;
  private readonly now: () => Date;
  private hourStart = Number.NEGATIVE_INFINITY;
  private used = 0;

  constructor(options: CallBudgetOptions = {}) {
    this.limitPerHour = options.limitPerHour ?? DEFAULT_HOURLY_BUDGET;
    this.now = options.now ?? (() => new Date());
  }

  /** Calls left in the current clock hour. */
  remaining(): number {
    this.roll();
    return Math.max(0, this.limitPerHour - this.used);
  }

  /** Reserves one call now, or says how long until the next clock hour opens a fresh allowance. */
  tryTake(): { ok: true } | { ok: false; waitMs: number } {
    const t = this.roll();
    if (this.used < this.limitPerHour) {
      this.used += 1;
      return { ok: true };
    }
    return { ok: false, waitMs: this.hourStart + HOUR_MS - t };
  }

  /** Reserves one call, waiting for the next hour when that is close enough, else throws "budget_exhausted". */
  async take(options: TakeOptions): Promise<void> {
    // A few rounds only: concurrent takers may spend the new hour first, and a stuck test clock must not spin.
    for (let round = 0; round < 3; round++) {
      const result = this.tryTake();
      if (result.ok) return;
      if (result.waitMs > options.maxWaitMs) {
        throw new DrchronoError(
          "budget_exhausted",
          `hourly call budget of ${this.limitPerHour} spent; next allowance in ${Math.ceil(result.waitMs / 1000)} s`,
          undefined,
          { waitMs: result.waitMs },
        );
      }
      await options.sleep(result.waitMs);
    }
    throw new DrchronoError("budget_exhausted", `hourly call budget of ${this.limitPerHour} spent`);
  }

  /** Starts a fresh count when the clock has moved into a new hour; returns the current time in ms. */
  private roll(): number {
    const t = this.now().getTime();
    const hour = Math.floor(t / HOUR_MS) * HOUR_MS;
    if (hour !== this.hourStart) {
      this.hourStart = hour;
      this.used = 0;
    }
    return t;
  }

  /** True when nothing was spent in the current hour (the entry can be forgotten without losing a count). */
  isIdle(): boolean {
    this.roll();
    return this.used === 0;
  }
}

/** A short, stable, non-reversible name for a token: safe to log and to key maps with. */
export function tokenFingerprint(token: string): string {
  return createHash("sha256").update(token).digest("hex").slice(0, 16);
}

const shared = new Map<string, CallBudget>();
const PRUNE_ABOVE = 1_000;

/**
 * The process-wide budget for one token, so every client using the same token counts against the same hour.
 * The first caller's options decide the limit and the clock for that token.
 */
export function sharedBudget(token: string, options: CallBudgetOptions = {}): CallBudget {
  const key = tokenFingerprint(token);
  let budget = shared.get(key);
  if (!budget) {
    // Tokens rotate every 48 hours; forget budgets with nothing spent this hour so the map cannot grow forever.
    if (shared.size >= PRUNE_ABOVE) {
      for (const [k, b] of shared) if (b.isIdle()) shared.delete(k);
    }
    budget = new CallBudget(options);
    shared.set(key, budget);
  }
  return budget;
}

/** Tests only: forget every shared budget. */
export function resetSharedBudgets(): void {
  shared.clear();
}
