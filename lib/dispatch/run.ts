import "server-only";
import { randomUUID } from "node:crypto";
import {
  type AccountState,
  accountStates,
  claimNextAccount,
  listEligibleAccounts,
  listPreviewableAccounts,
  releaseLease,
  renewLease,
} from "@/db/queries/leases";
import type { Account } from "@/db/schema";
import { runAccount } from "./account-run";
import { needsFullSync } from "./sync";
import type { AccountRunReport, DispatchDeps, DispatchOptions, DispatchReport } from "./types";
import { type DispatchTier, dispatchTier, TIER_ORDER, windowHoursLeft } from "./window";

/*
 * A dispatch run over every eligible account (or the requested ones). Accounts are claimed one at a time with a
 * lease, so concurrent runs share the work; one account's failure never stops the others. When the deadline
 * nears, the run stops claiming, releases what it holds and reports `complete: false`.
 */

const DEFAULT_LEASE_MS = 10 * 60_000;
/** Do not start another account with less than this left before the deadline. */
const CLAIM_MARGIN_MS = 15_000;

export async function runDispatch(deps: DispatchDeps, options: DispatchOptions): Promise<DispatchReport> {
  const runnerId = options.runnerId ?? randomUUID();
  const started = Date.now();
  const elapsedMs = () => Date.now() - started;
  const clock = () => new Date(options.now.getTime() + elapsedMs());
  const ctx = { deps, options, elapsedMs };
  const log = deps.log ?? (() => {});
  const timeLeft = () => options.deadline === undefined || Date.now() < options.deadline - CLAIM_MARGIN_MS;

  const reports: AccountRunReport[] = [];
  let complete = true;
  let outOfCalls = false;

  if (options.dryRun) {
    // A dry run takes no leases: it only reads (and refreshes the index), and must never hold up a real run.
    // Named accounts are previewed even before activation (support checks a practice before switching it on).
    const accounts = options.accountIds
      ? await listPreviewableAccounts(deps.db, { accountIds: options.accountIds })
      : await listEligibleAccounts(deps.db, {});
    for (const account of accounts) {
      if (!timeLeft()) {
        complete = false;
        break;
      }
      reports.push(await runAccount(ctx, account));
    }
  } else {
    const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
    const handled: string[] = [];
    // The hourly cron serves accounts by tier (window.ts); a CLI or support run takes every eligible account.
    const groups =
      options.trigger === "cron" ? await hourlyTiers(deps, options, clock()) : [options.accountIds];
    claiming: for (const accountIds of groups) {
      while (true) {
        if (!timeLeft()) {
          complete = false;
          break claiming;
        }
        const account = await claimNextAccount(deps.db, {
          runnerId,
          now: clock(),
          leaseMs,
          accountIds,
          exclude: handled,
          roundStartedAt: options.roundStartedAt,
        });
        if (!account) break;
        handled.push(account.id);
        const report = await withLease(deps, account, runnerId, leaseMs, clock, () =>
          runAccount(ctx, account),
        );
        if (report.status === "incomplete") complete = false;
        reports.push(report);
        if (report.outOfCalls) {
          outOfCalls = true;
          break claiming;
        }
      }
    }
  }

  const notProcessed = countNotProcessed(
    await accountStates(deps.db, options.accountIds, { previewing: options.dryRun && !!options.accountIds }),
  );
  const report: DispatchReport = {
    runnerId,
    trigger: options.trigger,
    dryRun: options.dryRun ?? false,
    startedAt: options.now.toISOString(),
    finishedAt: clock().toISOString(),
    complete,
    outOfCalls,
    accounts: reports,
    notProcessed,
    totals: {
      greeted: sum(reports, (r) => r.greeted),
      failed: sum(reports, (r) => r.failed),
      deferred: sum(reports, (r) => r.deferred),
      skipped: sum(reports, (r) => sum(Object.values(r.skipped), (n) => n ?? 0)),
      drchronoCalls: sum(reports, (r) => r.drchronoCalls),
    },
  };
  log(
    `dispatch ${runnerId}: ${reports.length} account(s), greeted ${report.totals.greeted}, failed ${report.totals.failed}, ` +
      `deferred ${report.totals.deferred}, ${report.totals.drchronoCalls} drchrono calls, complete ${complete}`,
  );
  return report;
}

/**
 * The eligible accounts an hourly run takes up, grouped by tier in serving order: greetings due first (those
 * whose window closes soonest before the others), then full listings to start or resume, then revisits of
 * accounts already dispatched today.
 */
async function hourlyTiers(deps: DispatchDeps, options: DispatchOptions, now: Date): Promise<string[][]> {
  const groups = new Map<DispatchTier, string[]>(TIER_ORDER.map((tier) => [tier, []]));
  // Due dispatches by the hours their window has left: the soonest to close first.
  const dispatchesByHoursLeft = new Map<number, string[]>();
  for (const account of await listEligibleAccounts(deps.db, { accountIds: options.accountIds })) {
    const tier = dispatchTier(account, now, needsFullSync(account, now, deps.incrementalSync));
    if (tier === "dispatch") {
      const hoursLeft = windowHoursLeft(account, now);
      const group = dispatchesByHoursLeft.get(hoursLeft) ?? [];
      group.push(account.id);
      dispatchesByHoursLeft.set(hoursLeft, group);
    } else if (tier) groups.get(tier)?.push(account.id);
  }
  const dispatches = [...dispatchesByHoursLeft.entries()].sort(([a], [b]) => a - b).map(([, ids]) => ids);
  const rest = TIER_ORDER.filter((tier) => tier !== "dispatch").map((tier) => groups.get(tier) ?? []);
  return [...dispatches, ...rest].filter((ids) => ids.length > 0);
}

/** Holds the account's lease while `work` runs (renewing it), and always releases it. */
async function withLease<T>(
  deps: DispatchDeps,
  account: Account,
  runnerId: string,
  leaseMs: number,
  clock: () => Date,
  work: () => Promise<T>,
): Promise<T> {
  const timer = setInterval(() => {
    renewLease(deps.db, account.id, runnerId, new Date(clock().getTime() + leaseMs)).catch(() => {
      // A missed renewal is retried on the next tick; the lease is long enough to absorb one.
    });
  }, leaseMs / 3);
  timer.unref?.();
  try {
    return await work();
  } finally {
    clearInterval(timer);
    await releaseLease(deps.db, account.id, runnerId);
  }
}

function countNotProcessed(
  states: Array<{ state: AccountState }>,
): Partial<Record<Exclude<AccountState, "eligible">, number>> {
  const counts: Partial<Record<Exclude<AccountState, "eligible">, number>> = {};
  for (const { state } of states) {
    if (state !== "eligible") counts[state] = (counts[state] ?? 0) + 1;
  }
  return counts;
}

function sum<T>(items: readonly T[], pick: (item: T) => number): number {
  return items.reduce((total, item) => total + pick(item), 0);
}
