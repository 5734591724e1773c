import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Account } from "@/db/schema";
import { runDispatch } from "@/lib/dispatch/run";
import { createDispatchWorld, type DispatchWorld } from "@/sandbox/world";
import { drawPlan } from "./plan";
import { campaignRun, type FaultKind, type RunOutcome } from "./run";

/*
 * Exactly once, proven by a randomized fault campaign: each run is one day's dispatch for an emulated practice
 * (e-mail and text, small, on in-memory PGlite, loopback fakes, simulated clock) with faults drawn from its seed.
 * Every run must end with zero duplicate greetings, zero missed greetings, every greeting marked sent, and each
 * greeting's delivery status equal to the provider's final state (the fake's record of what it did with the
 * message), after the fakes' signed events reached the app's webhook handlers twice, late, early or shuffled.
 *
 *   npx vitest run test/campaign                      200 runs, seeds 1..200
 *   CAMPAIGN_SEED=123 npx vitest run test/campaign    replays one seed (its day, its faults) in a fresh world
 *   CAMPAIGN_RUNS=1000 npx vitest run test/campaign   a longer campaign
 */

const replay = process.env.CAMPAIGN_SEED ? Number(process.env.CAMPAIGN_SEED) : null;
const runs = Number(process.env.CAMPAIGN_RUNS ?? 200);
const seeds = replay !== null ? [replay] : Array.from({ length: runs }, (_, i) => i + 1);
/** Enough patients for a handful of birthdays a day in practice A. */
const PATIENTS = 600;

describe("exactly-once fault campaign", () => {
  let world: DispatchWorld;
  let account: Account;
  const outcomes: RunOutcome[] = [];

  beforeAll(async () => {
    const first = drawPlan(seeds[0] as number);
    world = await createDispatchWorld({
      now: new Date(`${first.date}T06:00:00Z`),
      patients: PATIENTS,
      seed: 7,
    });
    account = await world.addPractice({
      practiceGroup: world.emulator.practiceGroups.a,
      channelMode: "both",
      smsConsent: true,
      timeZone: "UTC",
    });
    // The first full listing of the practice happens once, before the campaign (outside sending hours).
    await runDispatch(world.deps(), { now: world.now(), trigger: "cron" });
  }, 300_000);

  afterAll(async () => {
    printFigures(outcomes);
    await world?.close();
  });

  it.each(seeds)(
    "seed %i: no duplicate, no miss, every greeting sent, its status the provider's",
    async (seed) => {
      const outcome = await campaignRun(world, account, drawPlan(seed));
      outcomes.push(outcome);
      const faults = Object.entries(outcome.faults)
        .map(([kind, n]) => `${kind} ×${n}`)
        .join(", ");
      process.stdout.write(
        `campaign seed ${seed} (${outcome.date}): ${outcome.expected} due, ${outcome.duplicates} duplicates, ` +
          `${outcome.misses} misses, ${outcome.statusMismatches.length} statuses unlike the provider's; faults: ${faults || "none"}  [replay: CAMPAIGN_SEED=${seed} npx vitest run test/campaign]\n`,
      );
      expect({
        duplicates: outcome.duplicates,
        misses: outcome.misses,
        unsent: outcome.unsent,
        statusMismatches: outcome.statusMismatches,
      }).toEqual({ duplicates: 0, misses: 0, unsent: 0, statusMismatches: [] });
      expect(outcome.statusChecked).toBe(outcome.expected);
    },
  );
});

function printFigures(outcomes: RunOutcome[]) {
  const byKind = new Map<FaultKind, number>();
  for (const outcome of outcomes) {
    for (const [kind, n] of Object.entries(outcome.faults) as Array<[FaultKind, number]>) {
      byKind.set(kind, (byKind.get(kind) ?? 0) + n);
    }
  }
  const lines = [
    "exactly-once campaign figures",
    `  runs: ${outcomes.length}`,
    `  greetings due: ${outcomes.reduce((n, o) => n + o.expected, 0)}`,
    `  duplicates: ${outcomes.reduce((n, o) => n + o.duplicates, 0)}`,
    `  misses: ${outcomes.reduce((n, o) => n + o.misses, 0)}`,
    `  statuses equal to the provider's final state: ${outcomes.reduce(
      (n, o) => n + o.statusChecked - o.statusMismatches.length,
      0,
    )} of ${outcomes.reduce((n, o) => n + o.statusChecked, 0)}`,
    "  faults injected:",
    ...[...byKind.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([kind, n]) => `    ${kind}: ${n}`),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}
