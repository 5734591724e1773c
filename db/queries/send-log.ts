import "server-only";
import { and, eq, inArray, isNotNull, isNull, lt, lte, ne, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { type SendLogRow, sendLog } from "@/db/schema";
import type { Channel } from "@/lib/greetings/types";

/*
 * The send log makes every greeting happen at most once: one row per (account, patient, birthday year, channel),
 * unique in the database and written BEFORE the provider is called. Every transition below is a conditional
 * update, so of two runs racing for the same row exactly one wins it.
 */

export interface GreetingKey {
  accountId: string;
  patientId: number;
  birthdayYear: number;
  channel: Channel;
}

/** Creates the greeting's row as pending; null when it already exists (sent, failed, or owned by another run). */
export async function insertPendingSend(
  db: Database,
  key: GreetingKey & { localDate: string; runId: string; now: Date },
): Promise<SendLogRow | null> {
  const [row] = await db
    .insert(sendLog)
    .values({
      accountId: key.accountId,
      patientId: key.patientId,
      birthdayYear: key.birthdayYear,
      channel: key.channel,
      localDate: key.localDate,
      runId: key.runId,
      status: "pending",
      createdAt: key.now,
      updatedAt: key.now,
    })
    .onConflictDoNothing()
    .returning();
  return row ?? null;
}

export async function findSend(db: Database, key: GreetingKey): Promise<SendLogRow | null> {
  const [row] = await db
    .select()
    .from(sendLog)
    .where(
      and(
        eq(sendLog.accountId, key.accountId),
        eq(sendLog.patientId, key.patientId),
        eq(sendLog.birthdayYear, key.birthdayYear),
        eq(sendLog.channel, key.channel),
      ),
    );
  return row ?? null;
}

/** Takes a failed row whose retry is due back to pending for this run; null when another run took it first. */
export async function claimDueRetry(
  db: Database,
  id: string,
  runId: string,
  now: Date,
): Promise<SendLogRow | null> {
  const [row] = await db
    .update(sendLog)
    .set({ status: "pending", runId, updatedAt: now })
    .where(
      and(
        eq(sendLog.id, id),
        eq(sendLog.status, "failed"),
        isNotNull(sendLog.nextAttemptAt),
        lte(sendLog.nextAttemptAt, now),
      ),
    )
    .returning();
  return row ?? null;
}

/**
 * Takes a row left pending by a crashed run (untouched since `staleBefore`, no provider id) for reconciliation;
 * null when it is not stale or another run took it first.
 */
export async function claimStalePending(
  db: Database,
  id: string,
  runId: string,
  now: Date,
  staleBefore: Date,
): Promise<SendLogRow | null> {
  const [row] = await db
    .update(sendLog)
    .set({ runId, updatedAt: now })
    .where(
      and(
        eq(sendLog.id, id),
        eq(sendLog.status, "pending"),
        isNull(sendLog.providerId),
        lt(sendLog.updatedAt, staleBefore),
      ),
    )
    .returning();
  return row ?? null;
}

/** Of `providerIds`, those already recorded on another greeting of the account than `exceptId`. */
export async function providerIdsClaimedByOthers(
  db: Database,
  accountId: string,
  providerIds: readonly string[],
  exceptId: string,
): Promise<Set<string>> {
  if (providerIds.length === 0) return new Set();
  const rows = await db
    .select({ providerId: sendLog.providerId })
    .from(sendLog)
    .where(
      and(
        eq(sendLog.accountId, accountId),
        inArray(sendLog.providerId, [...providerIds]),
        ne(sendLog.id, exceptId),
      ),
    );
  return new Set(rows.map((r) => r.providerId).filter((id): id is string => id !== null));
}

/** `contactHash`: the keyed hash of the address or number it went to (never the contact itself). */
export async function markSendSent(
  db: Database,
  id: string,
  providerId: string,
  now: Date,
  contactHash: string | null = null,
): Promise<void> {
  await db
    .update(sendLog)
    .set({
      status: "sent",
      providerId,
      sentAt: now,
      updatedAt: now,
      error: null,
      nextAttemptAt: null,
      ...(contactHash ? { contactHash } : {}),
    })
    .where(eq(sendLog.id, id));
}

/** Records a failure; `nextAttemptAt` null makes it final. Never touches a row already marked sent. */
export async function markSendFailed(
  db: Database,
  id: string,
  failure: { error: string; attempts: number; nextAttemptAt: Date | null; now: Date },
): Promise<void> {
  await db
    .update(sendLog)
    .set({
      status: "failed",
      error: failure.error,
      attempts: failure.attempts,
      nextAttemptAt: failure.nextAttemptAt,
      updatedAt: failure.now,
    })
    .where(and(eq(sendLog.id, id), sql`${sendLog.status} <> 'sent'`));
}

/** The account's send-log rows for one local date: what is done, what waits for a retry, what a crash left. */
export async function sendsForDay(db: Database, accountId: string, localDate: string): Promise<SendLogRow[]> {
  return db
    .select()
    .from(sendLog)
    .where(and(eq(sendLog.accountId, accountId), eq(sendLog.localDate, localDate)));
}
