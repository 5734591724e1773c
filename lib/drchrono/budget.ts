/*
 * API calls are our scarcest resource: drchrono allows 500 per hour per API application (reset at the top of each
 * clock hour) and answers 429 beyond that. Every call takes from a budget first, so we stop short of the limit
 * instead of hammering into 429s, and a 429 seen by anyone pauses everyone until the time drchrono names.
 *
 * In production the budget lives in Postgres (db/queries/call-budget.ts), shared by every process: cron runs,
 * continuations, concurrent invocations and dashboard pages. MemoryCallBudget has the same rules for one process
 * (tests, the simulated bench world, and clients created without a budget).
 */
import { createHash } from "node:crypto";
import type { Database } from "@/db/client";
import { pauseBudget, readBudget, takeBudgetCall } from "@/db/queries/call-budget";
import { DrchronoError } from "./types";

/** drchrono's documented default hourly limit. */
export const DRCHRONO_HOURLY_LIMIT = 500;
/** The scope every practice shares unless configured otherwise. */
export const APP_BUDGET_SCOPE = "app";

const HOUR_MS = 3_600_000;

/**
 * What we allow ourselves out of drchrono's limit: 4% (at least 5 calls) is kept back for calls counted by
 * drchrono that we cannot see coming (a retried request whose first answer was lost, the OAuth token exchange).
 * 500 -> 480.
 */
export function budgetWithMargin(hourlyLimit: number): number {
  return Math.max(1, hourlyLimit - Math.max(5, Math.ceil(hourlyLimit * 0.04)));
}

export const DEFAULT_HOURLY_BUDGET = budgetWithMargin(DRCHRONO_HOURLY_LIMIT);

export interface TakeOptions {
  /** Longest we are willing to wait (for the next hour, or the end of a pause); beyond it `take` throws. */
  maxWaitMs: number;
  sleep: (ms: number) => Promise<void>;
  /**
   * Calls that must remain after this one. Dispatch takes with 0; a dashboard look-up passes the calls the day's
   * greetings still need, and is refused at once ("budget_reserved") rather than eat into them.
   */
  reserve?: number;
}

/** The call budget every drchrono client takes from before each HTTP request. */
export interface CallBudget {
  readonly limitPerHour: number;
  /** Reserves one call, waiting when the wait is short enough; else throws "budget_exhausted"/"budget_reserved". */
  take(options: TakeOptions): Promise<void>;
  /** drchrono answered 429 and named when to come back: nobody calls before `until`. */
  pause(until: Date): Promise<void>;
  /** Calls left in the current hour (0 while paused). */
  remaining(): Promise<number>;
}

/** One attempt at taking: granted, or refused with why and how long until it could succeed. */
type Attempt = { ok: true } | { ok: false; why: "spent" | "paused" | "reserved"; waitMs: number };

/** The waiting and error rules shared by both stores. */
async function takeWith(
  attempt: () => Promise<Attempt>,
  limitPerHour: number,
  options: TakeOptions,
): Promise<void> {
  // A few rounds only: concurrent takers may spend the new hour first, and a stuck test clock must not spin.
  for (let round = 0; round < 3; round++) {
    const result = await attempt();
    if (result.ok) return;
    if (result.why === "reserved") {
      throw new DrchronoError(
        "budget_reserved",
        "the calls left this hour are kept for today's greetings",
        undefined,
        { waitMs: result.waitMs },
      );
    }
    if (result.waitMs > options.maxWaitMs) {
      const seconds = Math.ceil(result.waitMs / 1000);
      throw new DrchronoError(
        "budget_exhausted",
        result.why === "paused"
          ? `drchrono asked every process to wait; calls resume in ${seconds} s`
          : `hourly call budget of ${limitPerHour} spent; next allowance in ${seconds} s`,
        undefined,
        { waitMs: result.waitMs },
      );
    }
    await options.sleep(result.waitMs);
  }
  throw new DrchronoError("budget_exhausted", `hourly call budget of ${limitPerHour} spent`);
}

function hourStartOf(t: number): number {
  return Math.floor(t / HOUR_MS) * HOUR_MS;
}

export interface CallBudgetOptions {
  limitPerHour?: number;
  now?: () => Date;
}

/** The budget in this process's memory: tests, the simulated world, and clients created without a budget. */
export class MemoryCallBudget implements CallBudget {
  readonly limitPerHour: number;
  private readonly now: () => Date;
  private hourStart = Number.NEGATIVE_INFINITY;
  private used = 0;
  private pausedUntil = Number.NEGATIVE_INFINITY;

  constructor(options: CallBudgetOptions = {}) {
    this.limitPerHour = options.limitPerHour ?? DEFAULT_HOURLY_BUDGET;
    this.now = options.now ?? (() => new Date());
  }

  async remaining(): Promise<number> {
    const t = this.roll();
    if (this.pausedUntil > t) return 0;
    return Math.max(0, this.limitPerHour - this.used);
  }

  /** Reserves one call now, or says why not and for how long. Synchronous, so it is atomic in one process. */
  tryTake(reserve = 0): Attempt {
    const t = this.roll();
    if (this.pausedUntil > t) return { ok: false, why: "paused", waitMs: this.pausedUntil - t };
    if (this.used + 1 + reserve <= this.limitPerHour) {
      this.used += 1;
      return { ok: true };
    }
    const waitMs = this.hourStart + HOUR_MS - t;
    return { ok: false, why: reserve > 0 && this.used < this.limitPerHour ? "reserved" : "spent", waitMs };
  }

  take(options: TakeOptions): Promise<void> {
    return takeWith(async () => this.tryTake(options.reserve ?? 0), this.limitPerHour, options);
  }

  async pause(until: Date): Promise<void> {
    this.pausedUntil = Math.max(this.pausedUntil, until.getTime());
  }

  /** Starts a fresh count when the clock has moved into a new hour; returns the current time in ms. */
  private roll(): number {
    const t = this.now().getTime();
    const hour = hourStartOf(t);
    if (hour !== this.hourStart) {
      this.hourStart = hour;
      this.used = 0;
    }
    return t;
  }
}

export interface PostgresBudgetOptions extends CallBudgetOptions {
  /** Who shares the limit ("app" = every practice together). */
  scope?: string;
}

/** The budget shared by every process through Postgres (one row per scope, atomic single-statement updates). */
export class PostgresCallBudget implements CallBudget {
  readonly limitPerHour: number;
  readonly scope: string;
  private readonly now: () => Date;

  constructor(
    private readonly db: Database,
    options: PostgresBudgetOptions = {},
  ) {
    this.limitPerHour = options.limitPerHour ?? DEFAULT_HOURLY_BUDGET;
    this.scope = options.scope ?? APP_BUDGET_SCOPE;
    this.now = options.now ?? (() => new Date());
  }

  async tryTake(reserve = 0): Promise<Attempt> {
    const t = this.now().getTime();
    const windowStart = new Date(hourStartOf(t));
    const taken = await takeBudgetCall(this.db, this.scope, {
      windowStart,
      now: new Date(t),
      limit: this.limitPerHour,
      reserve,
    });
    if (taken) return { ok: true };
    const row = await readBudget(this.db, this.scope);
    const pausedUntil = row?.pausedUntil?.getTime() ?? Number.NEGATIVE_INFINITY;
    if (pausedUntil > t) return { ok: false, why: "paused", waitMs: pausedUntil - t };
    const used = row && row.windowStart.getTime() >= windowStart.getTime() ? row.used : 0;
    const waitMs = windowStart.getTime() + HOUR_MS - t;
    return { ok: false, why: reserve > 0 && used < this.limitPerHour ? "reserved" : "spent", waitMs };
  }

  take(options: TakeOptions): Promise<void> {
    return takeWith(() => this.tryTake(options.reserve ?? 0), this.limitPerHour, options);
  }

  async pause(until: Date): Promise<void> {
    await pauseBudget(this.db, this.scope, new Date(hourStartOf(this.now().getTime())), until);
  }

  async remaining(): Promise<number> {
    const t = this.now().getTime();
    const row = await readBudget(this.db, this.scope);
    if (!row) return this.limitPerHour;
    if ((row.pausedUntil?.getTime() ?? 0) > t) return 0;
    const used = row.windowStart.getTime() >= hourStartOf(t) ? row.used : 0;
    return Math.max(0, this.limitPerHour - used);
  }
}

/** The application's shared budget, as configured (DRCHRONO_HOURLY_LIMIT less the margin, DRCHRONO_BUDGET_SCOPE). */
export function appCallBudget(
  db: Database,
  config: { drchrono: { hourlyLimit: number; budgetScope: string } },
  now?: () => Date,
): CallBudget {
  return new PostgresCallBudget(db, {
    limitPerHour: budgetWithMargin(config.drchrono.hourlyLimit),
    scope: config.drchrono.budgetScope,
    now,
  });
}

/** A short, stable, non-reversible name for a token: safe to log and to key maps with. */
export function tokenFingerprint(token: string): string {
  return createHash("sha256").update(token).digest("hex").slice(0, 16);
}

const processBudgets = new Map<string, MemoryCallBudget>();

/**
 * The fallback for a client created without a budget: one in-memory budget per scope in this process. Production
 * code passes appCallBudget instead; this keeps one-off scripts and tests from spending without any count.
 */
export function processBudget(scope = APP_BUDGET_SCOPE, options: CallBudgetOptions = {}): MemoryCallBudget {
  let budget = processBudgets.get(scope);
  if (!budget) {
    budget = new MemoryCallBudget(options);
    processBudgets.set(scope, budget);
  }
  return budget;
}

/** Tests only: forget every process budget. */
export function resetProcessBudgets(): void {
  processBudgets.clear();
}
