import type { DeliveryStep } from "@/lib/dispatch/deliver";

/*
 * The faults of one campaign run, drawn from its seed: the same seed always draws the same plan, so a failing
 * run replays with CAMPAIGN_SEED=<seed>. Faults are bounded so that they stop: "every eligible patient is greeted
 * once the faults stop" is the property under test, not "greetings survive a provider that never comes back".
 */

/** mulberry32: small, fast and good enough to spread faults; seeded so that every run can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const CRASH_STEPS: readonly DeliveryStep[] = [
  "before_log_row",
  "after_log_row",
  "after_provider_call",
  "before_status_update",
];

export interface TickFaults {
  /** Cron invocations started at the same moment. */
  concurrentCalls: number;
  /** One invocation dies at this step of its nth delivery reaching it (then every later step of it dies too). */
  crash: { step: DeliveryStep; nth: number } | null;
  lostAnswers: { resend: number; twilio: number };
  providerStorm: { provider: "resend" | "twilio"; status: 429 | 500 | 503; requests: number } | null;
  drchrono: { kind: "429"; limitPerHour: number } | { kind: "5xx"; calls: number } | null;
}

export interface RunPlan {
  seed: number;
  /** The day of the run (account time zone UTC). */
  date: string;
  /** Cron ticks with faults on, a few minutes apart; afterwards the faults stop. */
  faultTicks: TickFaults[];
  /** After the day's greetings, one e-mail bounces (a hard bounce is then the provider's final state). */
  bounceOne: boolean;
  /** After the day's greetings, a recipient marks another delivered e-mail as spam. */
  complainOne: boolean;
  webhooks: {
    /** Each posted event is posted again with this probability (same event id). */
    duplicateRate: number;
    /** Posted batches are shuffled (events out of order). */
    shuffle: boolean;
    /** A delivery's events are posted right after the provider call, before our row records the message id. */
    earlyRate: number;
    /** Chance that a tick leaves pending events for later. */
    holdRate: number;
  };
}

const DAY_MS = 86_400_000;
const FIRST_DAY = Date.UTC(2026, 0, 1);

export function dateOfSeed(seed: number): string {
  return new Date(FIRST_DAY + (seed % 365) * DAY_MS).toISOString().slice(0, 10);
}

export function drawPlan(seed: number): RunPlan {
  const random = seededRandom(seed);
  const chance = (p: number) => random() < p;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const ticks = 1 + Math.floor(random() * 3);
  const faultTicks: TickFaults[] = Array.from({ length: ticks }, () => ({
    concurrentCalls: chance(0.5) ? 2 + Math.floor(random() * 3) : 1,
    crash: chance(0.6) ? { step: pick(CRASH_STEPS), nth: 1 + Math.floor(random() * 3) } : null,
    lostAnswers: {
      resend: chance(0.35) ? 1 + Math.floor(random() * 3) : 0,
      twilio: chance(0.35) ? 1 + Math.floor(random() * 3) : 0,
    },
    providerStorm: chance(0.35)
      ? {
          provider: pick(["resend", "twilio"] as const),
          status: pick([429, 500, 503] as const),
          requests: 1 + Math.floor(random() * 6),
        }
      : null,
    drchrono: chance(0.3)
      ? chance(0.5)
        ? { kind: "429", limitPerHour: 1 + Math.floor(random() * 4) }
        : { kind: "5xx", calls: 1 + Math.floor(random() * 8) }
      : null,
  }));
  return {
    seed,
    date: dateOfSeed(seed),
    faultTicks,
    bounceOne: chance(0.3),
    complainOne: chance(0.3),
    webhooks: {
      duplicateRate: chance(0.6) ? 0.3 : 0,
      shuffle: chance(0.6),
      earlyRate: chance(0.5) ? 0.5 : 0,
      holdRate: 0.4,
    },
  };
}
