import "server-only";
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { type Account, accounts } from "@/db/schema";
import { INCOMPLETE_RUN_ERROR } from "./runs";

/*
 * Dispatch leases: a run owns an account until lease_until, so overlapping invocations (a duplicate cron call, a
 * continuation, a CLI run) share the accounts between them and never process one account twice at once.
 */

/** The scopes a run needs: the practice's doctors (user:read) and its patients with contacts (patients:read). */
export const REQUIRED_SCOPES = ["user:read", "patients:read"] as const;

/** Why an account is not processed by a run. */
export type AccountState =
  | "eligible"
  | "not_active"
  | "paused"
  | "needs_reauth"
  | "missing_scopes"
  | "no_token";

const requiredScopes = sql.raw(`ARRAY[${REQUIRED_SCOPES.map((s) => `'${s}'`).join(",")}]::text[]`);

/** The one definition of "a run may process this account". `a` is the accounts alias. */
const eligible = sql`a.activation = 'active' AND NOT a.paused AND a.auth_status = 'ok'
  AND a.granted_scopes @> ${requiredScopes}
  AND EXISTS (SELECT 1 FROM drchrono_tokens t WHERE t.account_id = a.id)`;

const ts = (date: Date) => sql`${date.toISOString()}::timestamptz`;
const uuidList = (ids: readonly string[]) =>
  sql`(${sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  )})`;

export interface ClaimOptions {
  runnerId: string;
  now: Date;
  leaseMs: number;
  /** Only these accounts (CLI --account, admin). */
  accountIds?: readonly string[];
  /** Accounts this invocation already handled. */
  exclude?: readonly string[];
  /**
   * Skip accounts that already had a (non-dry) run since this instant: a continuation finishes the round its
   * first invocation started instead of starting over with the accounts done first.
   */
  roundStartedAt?: Date;
}

function scopeFilters(options: Pick<ClaimOptions, "accountIds" | "exclude" | "roundStartedAt">): SQL[] {
  const filters: SQL[] = [];
  if (options.accountIds) {
    filters.push(options.accountIds.length > 0 ? sql`a.id IN ${uuidList(options.accountIds)}` : sql`false`);
  }
  if (options.exclude && options.exclude.length > 0)
    filters.push(sql`a.id NOT IN ${uuidList(options.exclude)}`);
  if (options.roundStartedAt) {
    filters.push(
      sql`NOT EXISTS (SELECT 1 FROM runs r WHERE r.account_id = a.id AND NOT r.dry_run
        AND r.started_at >= ${ts(options.roundStartedAt)} AND r.error IS DISTINCT FROM ${INCOMPLETE_RUN_ERROR})`,
    );
  }
  return filters;
}

const whereAll = (parts: SQL[]) => sql.join(parts, sql` AND `);

/**
 * Claims the next eligible, unleased account for `runnerId` (one at a time), or null when none is left.
 * Accounts synced least recently go first, so a continuation reaches the ones not yet processed.
 */
export async function claimNextAccount(db: Database, options: ClaimOptions): Promise<Account | null> {
  const until = new Date(options.now.getTime() + options.leaseMs);
  const conditions = whereAll([
    eligible,
    sql`(a.lease_until IS NULL OR a.lease_until < ${ts(options.now)})`,
    ...scopeFilters(options),
  ]);
  const [account] = await db
    .update(accounts)
    .set({ leaseOwner: options.runnerId, leaseUntil: until })
    .where(
      sql`${accounts.id} = (SELECT a.id FROM accounts a WHERE ${conditions}
        ORDER BY a.last_sync_at ASC NULLS FIRST, a.id LIMIT 1 FOR UPDATE SKIP LOCKED)`,
    )
    .returning();
  return account ?? null;
}

/**
 * Accounts a dry run may preview, without taking leases (a dry run reads and reports, and must not block a real
 * run): every account drchrono still lets us read, activated or not and paused or not, because support checks a
 * practice before switching it on.
 */
const previewable = sql`a.auth_status = 'ok' AND a.granted_scopes @> ${requiredScopes}
  AND EXISTS (SELECT 1 FROM drchrono_tokens t WHERE t.account_id = a.id)`;

export async function listPreviewableAccounts(
  db: Database,
  options: Pick<ClaimOptions, "accountIds">,
): Promise<Account[]> {
  return listAccountsWhere(db, [previewable, ...scopeFilters(options)]);
}

/** Eligible accounts without taking leases: a dry run over every account previews what a real run would touch. */
export async function listEligibleAccounts(
  db: Database,
  options: Pick<ClaimOptions, "accountIds">,
): Promise<Account[]> {
  return listAccountsWhere(db, [eligible, ...scopeFilters(options)]);
}

async function listAccountsWhere(db: Database, conditions: SQL[]): Promise<Account[]> {
  const ids = await db.execute(sql`SELECT a.id FROM accounts a WHERE ${whereAll(conditions)} ORDER BY a.id`);
  const list = (ids as unknown as { rows: { id: string }[] }).rows.map((r) => r.id);
  if (list.length === 0) return [];
  return db
    .select()
    .from(accounts)
    .where(sql`${accounts.id} IN ${uuidList(list)}`)
    .orderBy(accounts.id);
}

/** Extends a lease still held by `runnerId`; false when it was lost (expired and taken by another run). */
export async function renewLease(
  db: Database,
  accountId: string,
  runnerId: string,
  until: Date,
): Promise<boolean> {
  const rows = await db
    .update(accounts)
    .set({ leaseUntil: until })
    .where(and(eq(accounts.id, accountId), eq(accounts.leaseOwner, runnerId)))
    .returning({ id: accounts.id });
  return rows.length > 0;
}

export async function releaseLease(db: Database, accountId: string, runnerId: string): Promise<void> {
  await db
    .update(accounts)
    .set({ leaseOwner: null, leaseUntil: null })
    .where(and(eq(accounts.id, accountId), eq(accounts.leaseOwner, runnerId)));
}

/**
 * Every account (or the requested ones) with the reason it is or is not processed, for the run report. A dry run
 * previews accounts before activation and while paused (`previewing`), so only drchrono access can stop it.
 */
export async function accountStates(
  db: Database,
  accountIds?: readonly string[],
  { previewing = false }: { previewing?: boolean } = {},
): Promise<Array<{ id: string; state: AccountState }>> {
  const filter = accountIds ? scopeFilters({ accountIds }) : [];
  const holds = previewing
    ? sql``
    : sql`WHEN a.activation <> 'active' THEN 'not_active'
        WHEN a.paused THEN 'paused'`;
  const result = await db.execute(sql`SELECT a.id,
      CASE
        ${holds}
        WHEN a.auth_status = 'needs_reauth' THEN 'needs_reauth'
        WHEN a.auth_status = 'missing_scopes' OR NOT (a.granted_scopes @> ${requiredScopes}) THEN 'missing_scopes'
        WHEN NOT EXISTS (SELECT 1 FROM drchrono_tokens t WHERE t.account_id = a.id) THEN 'no_token'
        ELSE 'eligible'
      END AS state
    FROM accounts a ${filter.length > 0 ? sql`WHERE ${whereAll(filter)}` : sql``}`);
  return (result as unknown as { rows: Array<{ id: string; state: AccountState }> }).rows;
}

/** The account's greetings for its local date `today` are done: later hourly runs that day only revisit it. */
export async function markDispatched(db: Database, accountId: string, today: string): Promise<void> {
  await db.update(accounts).set({ dispatchedOn: today }).where(eq(accounts.id, accountId));
}
