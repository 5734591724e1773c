import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { type Account, sendLog } from "@/db/schema";
import type { DeliveryCheckpoint } from "@/lib/dispatch/deliver";
import { runDispatch } from "@/lib/dispatch/run";
import type { PendingWebhook } from "@/sandbox/providers/webhooks";
import { type DispatchWorld, setAccount } from "@/sandbox/world";
import { expectedGreetings, settingsOf } from "../integration/dispatch/support";
import type { RunPlan, TickFaults } from "./plan";
import { seededRandom } from "./plan";

/*
 * One campaign run: a daily dispatch over the emulated practice with the plan's faults on for a few cron ticks,
 * then cron ticks without faults until the day's work is done (within sending hours), then every held delivery
 * event, which the app's webhook handlers receive in-process (sandbox/world.ts). It returns what happened, to be
 * checked against the exactly-once property and against the providers' own record of each message.
 */

const MINUTE = 60_000;
const FAULT_TICK_MS = 7 * MINUTE;
const RECOVERY_TICK_MS = 20 * MINUTE;
const MAX_RECOVERY_TICKS = 24;
/** The day's sending window closes at 21:00 local (UTC here): recovery must finish before it. */
const START_HOUR = 9;

export type FaultKind =
  | "concurrent cron calls"
  | `crash ${string}`
  | "lost provider answers"
  | "provider 429"
  | "provider 5xx"
  | "drchrono 429"
  | "drchrono 5xx"
  | "webhook duplicates"
  | "webhooks out of order"
  | "webhooks early";

export interface RunOutcome {
  seed: number;
  date: string;
  expected: number;
  /** Greetings a patient received more than once (or without being due). */
  duplicates: number;
  /** Due greetings never received. */
  misses: number;
  /** Rows not marked sent at the end. */
  unsent: number;
  /** Greetings sent today, each compared with what the provider finally did with it. */
  statusChecked: number;
  /** "email re_…: ours delivered, provider bounced" for each greeting whose status differs from the provider's. */
  statusMismatches: string[];
  faults: Partial<Record<FaultKind, number>>;
  finishedAt: string;
}

/** A process dying mid-delivery: thrown from the delivery seam, it ends the invocation's account run. */
class SimulatedCrash extends Error {
  override name = "SimulatedCrash";
}

/** Counts drchrono's 429 and 5xx answers, as the client sees them. */
function countingFetch(counts: { r429: number; r5xx: number }): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (response.status === 429) counts.r429 += 1;
    else if (response.status >= 500) counts.r5xx += 1;
    return response;
  };
}

export async function campaignRun(
  world: DispatchWorld,
  account: Account,
  plan: RunPlan,
): Promise<RunOutcome> {
  const random = seededRandom(plan.seed ^ 0x5bd1e995);
  const faults: Partial<Record<FaultKind, number>> = {};
  const count = (kind: FaultKind, n = 1) => {
    if (n > 0) faults[kind] = (faults[kind] ?? 0) + n;
  };
  const start = new Date(`${plan.date}T${String(START_HOUR).padStart(2, "0")}:00:00Z`);
  world.setNow(start);
  const group = world.emulator.practiceGroups.a;
  const expected = expectedGreetings(world, group, plan.date, settingsOf(account));
  const providers = world.providers;

  // Sender health is not under test here: support has reviewed any e-mail pause that yesterday's bounce or
  // complaint caused, so every patient due today is eligible.
  await setAccount(world.db, account.id, { emailPausedAt: null, emailPausedReason: null });

  const drchronoAnswers = { r429: 0, r5xx: 0 };
  const client = {
    // drchrono's waits are simulated: no wall time is spent, the run gives up quickly and a later tick retries.
    sleep: async () => {},
    maxRetries: 2,
    maxWaitMs: 5 * MINUTE,
    fetch: countingFetch(drchronoAnswers),
  };

  /** Posts held events, some twice, in shuffled order when the plan says so. */
  async function deliverEvents(events: PendingWebhook[]) {
    const batch = [...events];
    if (plan.webhooks.shuffle && batch.length > 1) {
      const before = batch.map((w) => w.id).join();
      for (let i = batch.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [batch[i], batch[j]] = [batch[j] as PendingWebhook, batch[i] as PendingWebhook];
      }
      if (batch.map((w) => w.id).join() !== before) count("webhooks out of order");
    }
    for (const webhook of batch) {
      await providers.webhooks.post(webhook);
      if (random() < plan.webhooks.duplicateRate) {
        await providers.webhooks.post(webhook);
        count("webhook duplicates");
      }
    }
  }

  /** Events held back for later: they arrive after newer ones, or only at the end of the day. */
  const later: PendingWebhook[] = [];
  async function deliverSomeEvents() {
    const now: PendingWebhook[] = [];
    for (const webhook of providers.webhooks.take()) {
      (random() < plan.webhooks.holdRate ? later : now).push(webhook);
    }
    await deliverEvents(now);
  }

  function checkpointFor(tick: TickFaults): DeliveryCheckpoint {
    let reached = 0;
    let dead = false;
    return async (step, key) => {
      if (dead) throw new SimulatedCrash(`invocation already crashed (${step})`);
      if (step === "after_provider_call" && random() < plan.webhooks.earlyRate) {
        // The provider's events overtake our own write of the message id.
        const early = providers.webhooks.take();
        if (early.length > 0) count("webhooks early", early.length);
        await deliverEvents(early);
      }
      if (tick.crash?.step === step && ++reached === tick.crash.nth) {
        dead = true;
        count(`crash ${step}`);
        throw new SimulatedCrash(`crashed ${step} of ${key.channel} for patient ${key.patientId}`);
      }
    };
  }

  async function invoke(checkpoint?: DeliveryCheckpoint) {
    const report = await runDispatch(world.deps({ deliveryCheckpoint: checkpoint }, client), {
      now: world.now(),
      trigger: "cron",
      runnerId: randomUUID(),
    });
    return report.accounts.find((a) => a.accountId === account.id) ?? null;
  }

  for (const [index, tick] of plan.faultTicks.entries()) {
    if (index > 0) world.advance(FAULT_TICK_MS);
    const served = {
      resend: { ...providers.resend.served },
      twilio: { ...providers.twilio.served },
    };
    providers.resend.loseNext(tick.lostAnswers.resend);
    providers.twilio.loseNext(tick.lostAnswers.twilio);
    if (tick.providerStorm) {
      providers[tick.providerStorm.provider].failNext(tick.providerStorm.requests, tick.providerStorm.status);
    }
    if (tick.drchrono?.kind === "429") world.emulator.faults.rateLimitPerHour = tick.drchrono.limitPerHour;
    if (tick.drchrono?.kind === "5xx") world.emulator.faults.failNext = tick.drchrono.calls;
    const answers = { ...drchronoAnswers };

    count("concurrent cron calls", tick.concurrentCalls - 1);
    // Only one invocation of the tick carries the crash; the others run on.
    await Promise.all(
      Array.from({ length: tick.concurrentCalls }, (_, i) =>
        invoke(i === 0 ? checkpointFor(tick) : undefined),
      ),
    );

    const stormKind = tick.providerStorm?.status === 429 ? "provider 429" : "provider 5xx";
    for (const name of ["resend", "twilio"] as const) {
      const lost = providers[name].served.lost - served[name].lost;
      const failed = providers[name].served.failed - served[name].failed;
      count("lost provider answers", lost);
      count(stormKind, failed);
    }
    count("drchrono 429", drchronoAnswers.r429 - answers.r429);
    count("drchrono 5xx", drchronoAnswers.r5xx - answers.r5xx);
    // The faults of this tick stop.
    providers.resend.recover();
    providers.twilio.recover();
    world.emulator.faults.rateLimitPerHour = null;
    world.emulator.faults.failNext = 0;
    await deliverSomeEvents();
  }

  // Faults are over: cron keeps ticking until nothing is left to do today.
  for (let tick = 0; tick < MAX_RECOVERY_TICKS; tick++) {
    world.advance(RECOVERY_TICK_MS);
    const report = await invoke();
    await deliverSomeEvents();
    if (report?.status === "done" && (await dayIsDone(world, account.id, plan.date))) break;
  }

  // After the day's greetings: one recipient's server bounces, another recipient complains.
  const delivered = providers.outbox
    .list({ channel: "email" })
    .filter((e) => e.createdAt >= start && providers.resend.stateOf(e.id) === "delivered");
  if (plan.bounceOne && delivered[0]) providers.resend.bounce(delivered[0].id);
  if (plan.complainOne && delivered[1]) providers.resend.complain(delivered[1].id);
  // Every event the providers still hold arrives in the end (duplicated and shuffled like the rest).
  await deliverEvents([...later, ...providers.webhooks.take()]);

  return {
    seed: plan.seed,
    date: plan.date,
    expected: [...expected.values()].reduce((n, d) => n + d.channels.length, 0),
    ...(await tally(world, account.id, plan.date, start, expected)),
    faults,
    finishedAt: world.now().toISOString(),
  };
}

async function dayIsDone(world: DispatchWorld, accountId: string, date: string): Promise<boolean> {
  const rows = await world.db
    .select({ status: sendLog.status, nextAttemptAt: sendLog.nextAttemptAt })
    .from(sendLog)
    .where(and(eq(sendLog.accountId, accountId), eq(sendLog.localDate, date)));
  return rows.every((r) => r.status === "sent" || (r.status === "failed" && r.nextAttemptAt === null));
}

/** Greetings received per recipient today, from the providers' outboxes, against the greetings due. */
async function tally(
  world: DispatchWorld,
  accountId: string,
  date: string,
  start: Date,
  expected: ReturnType<typeof expectedGreetings>,
) {
  const due = new Map<string, number>();
  const add = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  for (const decision of expected.values()) {
    if (decision.channels.includes("email") && decision.email) add(due, `email ${decision.email}`);
    if (decision.channels.includes("sms") && decision.phone) add(due, `sms ${decision.phone}`);
  }
  const received = new Map<string, number>();
  const end = new Date(`${date}T23:59:59.999Z`);
  for (const entry of world.providers.outbox.list()) {
    if (entry.createdAt >= start && entry.createdAt <= end) add(received, `${entry.channel} ${entry.to}`);
  }
  let duplicates = 0;
  let misses = 0;
  for (const key of new Set([...due.keys(), ...received.keys()])) {
    const got = received.get(key) ?? 0;
    const want = due.get(key) ?? 0;
    duplicates += Math.max(0, got - want);
    misses += Math.max(0, want - got);
  }

  const rows = await world.db
    .select()
    .from(sendLog)
    .where(and(eq(sendLog.accountId, accountId), eq(sendLog.localDate, date)));
  const sent = rows.filter((r) => r.status === "sent");
  return {
    duplicates,
    misses,
    unsent: rows.length - sent.length,
    statusChecked: sent.length,
    statusMismatches: sent.flatMap((row) => {
      const id = row.providerId ?? "";
      const final =
        row.channel === "email" ? world.providers.resend.stateOf(id) : world.providers.twilio.stateOf(id);
      // Resend's "email.sent" adds nothing to "accepted", so the app stores no status for it.
      const ours = row.deliveryStatus ?? "sent";
      return ours === final
        ? []
        : [`${row.channel} ${id || "(no provider id)"}: ours ${ours}, provider ${final}`];
    }),
  };
}
