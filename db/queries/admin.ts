import "server-only";
import { and, asc, desc, eq, gt, gte, inArray, isNotNull, isNull, ne, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { type Account, accounts, adminLoginTokens, type Run, runs, sendLog, users } from "@/db/schema";
import { writeAudit } from "./audit";

/*
 * Support's queries. Unlike the practice's queries these span every account — only code behind
 * requireAdminSession() may call them.
 */

export interface AccountListRow {
  account: Account;
  lastRun: Run | null;
  /** Greetings that failed in the last 7 days (still retried the same day, then given up). */
  recentFailures: number;
}

export async function listAccountsForAdmin(
  db: Database,
  options: { awaitingActivation: boolean; now: Date },
): Promise<AccountListRow[]> {
  const rows = await db
    .select()
    .from(accounts)
    .where(options.awaitingActivation ? eq(accounts.activation, "requested") : undefined)
    .orderBy(
      // Requests waiting longest first; then the rest by name.
      sql`${accounts.activationRequestedAt} asc nulls last`,
      asc(accounts.practiceName),
    );
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const lastRuns = await db
    .selectDistinctOn([runs.accountId])
    .from(runs)
    .where(and(inArray(runs.accountId, ids), eq(runs.dryRun, false)))
    .orderBy(runs.accountId, desc(runs.startedAt));
  const since = new Date(options.now.getTime() - 7 * 24 * 3600_000);
  const failures = await db
    .select({ accountId: sendLog.accountId, count: sql<number>`count(*)::int` })
    .from(sendLog)
    .where(and(inArray(sendLog.accountId, ids), eq(sendLog.status, "failed"), gte(sendLog.updatedAt, since)))
    .groupBy(sendLog.accountId);
  const runByAccount = new Map(lastRuns.map((r) => [r.accountId, r]));
  const failuresByAccount = new Map(failures.map((f) => [f.accountId, Number(f.count)]));
  return rows.map((account) => ({
    account,
    lastRun: runByAccount.get(account.id) ?? null,
    recentFailures: failuresByAccount.get(account.id) ?? 0,
  }));
}

export async function getAccountForAdmin(db: Database, accountId: string): Promise<Account | null> {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, accountId)).limit(1);
  return row ?? null;
}

export async function listRecentRuns(db: Database, accountId: string, limit = 10): Promise<Run[]> {
  return db
    .select()
    .from(runs)
    .where(eq(runs.accountId, accountId))
    .orderBy(desc(runs.startedAt))
    .limit(limit);
}

export interface FailureRow {
  patientId: number;
  channel: "email" | "sms";
  localDate: string;
  attempts: number;
  error: string | null;
  updatedAt: Date;
}

export async function listRecentFailures(db: Database, accountId: string, limit = 20): Promise<FailureRow[]> {
  return db
    .select({
      patientId: sendLog.patientId,
      channel: sendLog.channel,
      localDate: sendLog.localDate,
      attempts: sendLog.attempts,
      error: sendLog.error,
      updatedAt: sendLog.updatedAt,
    })
    .from(sendLog)
    .where(and(eq(sendLog.accountId, accountId), eq(sendLog.status, "failed")))
    .orderBy(desc(sendLog.updatedAt))
    .limit(limit);
}

/** The account doctor's e-mail from drchrono (the most recent doctor to sign in), when known. */
export async function findPracticeDoctorEmail(db: Database, accountId: string): Promise<string | null> {
  const [row] = await db
    .select({ email: users.email })
    .from(users)
    .where(and(eq(users.accountId, accountId), eq(users.role, "doctor"), isNotNull(users.email)))
    .orderBy(desc(users.lastSignInAt))
    .limit(1);
  return row?.email?.trim() || null;
}

export type ActivationChange =
  | { ok: true; account: Account }
  | { ok: false; reason: "not_found" | "not_requested" | "already_active" | "already_deactivated" };

/**
 * Activates an account that asked for it (or that support deactivated earlier), recording who and how the
 * practice was contacted. The state check is part of the UPDATE so two admins clicking at once change it once.
 */
export async function activateAccount(
  db: Database,
  input: { accountId: string; adminEmail: string; note: string; at: Date },
): Promise<ActivationChange> {
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(accounts)
      .set({
        activation: "active",
        activatedAt: input.at,
        activatedBy: input.adminEmail,
        activationNote: input.note,
        updatedAt: input.at,
      })
      .where(
        and(eq(accounts.id, input.accountId), inArray(accounts.activation, ["requested", "deactivated"])),
      )
      .returning();
    if (!updated)
      return { ok: false, reason: await whyUnchanged(tx as unknown as Database, input.accountId) };
    await writeAudit(tx as unknown as Database, {
      accountId: input.accountId,
      actor: `admin:${input.adminEmail}`,
      action: "account.activated",
      detail: { note: input.note },
      at: input.at,
    });
    return { ok: true, account: updated };
  });
}

/** Deactivates an account (or declines a pending request); the practice cannot resume it on its own. */
export async function deactivateAccount(
  db: Database,
  input: { accountId: string; adminEmail: string; reason: string; at: Date },
): Promise<ActivationChange> {
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(accounts)
      .set({ activation: "deactivated", updatedAt: input.at })
      .where(and(eq(accounts.id, input.accountId), ne(accounts.activation, "deactivated")))
      .returning();
    if (!updated)
      return { ok: false, reason: await whyUnchanged(tx as unknown as Database, input.accountId) };
    await writeAudit(tx as unknown as Database, {
      accountId: input.accountId,
      actor: `admin:${input.adminEmail}`,
      action: "account.deactivated",
      detail: { reason: input.reason },
      at: input.at,
    });
    return { ok: true, account: updated };
  });
}

async function whyUnchanged(
  db: Database,
  accountId: string,
): Promise<"not_found" | "not_requested" | "already_active" | "already_deactivated"> {
  const account = await getAccountForAdmin(db, accountId);
  if (!account) return "not_found";
  if (account.activation === "active") return "already_active";
  if (account.activation === "deactivated") return "already_deactivated";
  return "not_requested";
}

// --- Magic-link tokens -------------------------------------------------------------------------------------

export async function countPendingLoginTokens(db: Database, email: string, now: Date): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(adminLoginTokens)
    .where(
      and(
        eq(adminLoginTokens.email, email),
        isNull(adminLoginTokens.usedAt),
        gt(adminLoginTokens.expiresAt, now),
      ),
    );
  return Number(row?.count ?? 0);
}

export async function insertLoginToken(
  db: Database,
  token: { tokenHash: string; email: string; expiresAt: Date; createdAt: Date },
): Promise<void> {
  await db.insert(adminLoginTokens).values(token);
}

/** Marks a token used and returns its e-mail — at most once, even when two requests race for it. */
export async function consumeLoginToken(db: Database, tokenHash: string, now: Date): Promise<string | null> {
  const [row] = await db
    .update(adminLoginTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(adminLoginTokens.tokenHash, tokenHash),
        isNull(adminLoginTokens.usedAt),
        gt(adminLoginTokens.expiresAt, now),
      ),
    )
    .returning({ email: adminLoginTokens.email });
  return row?.email ?? null;
}

/** The account's people by user id, for the audit trail: their name, else their drchrono username. */
export async function userNamesForAccount(db: Database, accountId: string): Promise<Map<string, string>> {
  const rows = await db
    .select({ id: users.id, displayName: users.displayName, username: users.username, role: users.role })
    .from(users)
    .where(eq(users.accountId, accountId));
  return new Map(rows.map((u) => [u.id, `${u.displayName ?? u.username} (${u.role})`]));
}

/** Practice names by account id (of every account, or the given ones), for the CLI: support reads names. */
export async function practiceNamesById(
  db: Database,
  accountIds?: readonly string[],
): Promise<Map<string, string>> {
  if (accountIds?.length === 0) return new Map();
  const rows = await db
    .select({ id: accounts.id, name: accounts.practiceName })
    .from(accounts)
    .where(accountIds ? inArray(accounts.id, [...accountIds]) : undefined);
  return new Map(rows.map((r) => [r.id, r.name]));
}
