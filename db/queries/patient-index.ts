import "server-only";
import { and, eq, inArray, isNotNull, lt, or, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { accounts, patientIndex } from "@/db/schema";

/*
 * The minimal patient index: per patient only the drchrono id, primary doctor id, birth month and day and a skip
 * reason already known from the record. Never names, contacts or birth years. It exists so a daily run costs a
 * handful of drchrono calls instead of a listing of every patient.
 */

export interface PatientIndexRow {
  patientId: number;
  doctorId: number | null;
  birthMonth: number | null;
  birthDay: number | null;
  skipReason: string | null;
}

/** Today's decision for a patient, kept in patient_index (account-local date, outcome, skip reason code). */
export const DAY_OUTCOMES = ["greeted", "skipped", "opted_out", "waiting", "failed"] as const;
export type DayOutcome = (typeof DAY_OUTCOMES)[number];

/** An index row as the day's planning reads it: with today's remembered decision, if any. */
export interface CandidateRow extends PatientIndexRow {
  /** The account-local date of the remembered decision; null when there is none (or a change cleared it). */
  outcomeDate?: string | null;
  outcome?: string | null;
  /** The SkipReason code for "skipped" and "opted_out"; null otherwise. */
  outcomeReason?: string | null;
}

/** Rows per INSERT statement: large enough to make 100,000 patients quick, small enough for parameter limits. */
export const INDEX_BATCH_SIZE = 500;

/**
 * Inserts or refreshes index rows, marking them seen at `seenAt` (a full pass deletes rows it did not see). The
 * rows come from a fresh read of the chart (a listing of changed patients, a fetch), so today's remembered
 * decision is cleared: the patient is decided again.
 */
export async function upsertIndexRows(
  db: Database,
  accountId: string,
  rows: readonly PatientIndexRow[],
  seenAt: Date,
): Promise<void> {
  for (let start = 0; start < rows.length; start += INDEX_BATCH_SIZE) {
    const batch = rows.slice(start, start + INDEX_BATCH_SIZE).map((row) => ({ ...row, accountId, seenAt }));
    await db
      .insert(patientIndex)
      .values(batch)
      .onConflictDoUpdate({
        target: [patientIndex.accountId, patientIndex.patientId],
        set: {
          doctorId: sql`excluded.doctor_id`,
          birthMonth: sql`excluded.birth_month`,
          birthDay: sql`excluded.birth_day`,
          skipReason: sql`excluded.skip_reason`,
          seenAt: sql`excluded.seen_at`,
          outcomeDate: null,
          outcome: null,
          outcomeReason: null,
        },
      });
  }
}

/** After a complete full listing: drops the patients it did not see (drchrono has no deleted flag). */
export async function deleteUnseenIndexRows(
  db: Database,
  accountId: string,
  listingStartedAt: Date,
): Promise<number> {
  const gone = await db
    .delete(patientIndex)
    .where(and(eq(patientIndex.accountId, accountId), lt(patientIndex.seenAt, listingStartedAt)))
    .returning({ patientId: patientIndex.patientId });
  return gone.length;
}

export async function deleteIndexRow(db: Database, accountId: string, patientId: number): Promise<void> {
  await db
    .delete(patientIndex)
    .where(and(eq(patientIndex.accountId, accountId), eq(patientIndex.patientId, patientId)));
}

/** The patients whose stored birth month and day is one of `days` (Feb 28 in a non-leap year also has Feb 29). */
export async function birthdayCandidates(
  db: Database,
  accountId: string,
  days: ReadonlyArray<{ month: number; day: number }>,
): Promise<CandidateRow[]> {
  if (days.length === 0) return [];
  return db
    .select({
      patientId: patientIndex.patientId,
      doctorId: patientIndex.doctorId,
      birthMonth: patientIndex.birthMonth,
      birthDay: patientIndex.birthDay,
      skipReason: patientIndex.skipReason,
      outcomeDate: patientIndex.outcomeDate,
      outcome: patientIndex.outcome,
      outcomeReason: patientIndex.outcomeReason,
    })
    .from(patientIndex)
    .where(
      and(
        eq(patientIndex.accountId, accountId),
        or(...days.map((d) => and(eq(patientIndex.birthMonth, d.month), eq(patientIndex.birthDay, d.day)))),
      ),
    )
    .orderBy(patientIndex.patientId);
}

export async function indexRowsFor(
  db: Database,
  accountId: string,
  patientIds: readonly number[],
): Promise<PatientIndexRow[]> {
  if (patientIds.length === 0) return [];
  return db
    .select({
      patientId: patientIndex.patientId,
      doctorId: patientIndex.doctorId,
      birthMonth: patientIndex.birthMonth,
      birthDay: patientIndex.birthDay,
      skipReason: patientIndex.skipReason,
    })
    .from(patientIndex)
    .where(and(eq(patientIndex.accountId, accountId), inArray(patientIndex.patientId, [...patientIds])));
}

export async function countIndexRows(db: Database, accountId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(patientIndex)
    .where(eq(patientIndex.accountId, accountId));
  return Number(row?.n ?? 0);
}

/** Remembers when a listing started (the next incremental sync asks for changes since then, with an overlap). */
export async function recordIndexSync(
  db: Database,
  accountId: string,
  sync: { listingStartedAt: Date; full: boolean },
): Promise<void> {
  await db
    .update(accounts)
    .set(
      sync.full
        ? { lastSyncAt: sync.listingStartedAt, lastFullSyncAt: sync.listingStartedAt }
        : { lastSyncAt: sync.listingStartedAt },
    )
    .where(eq(accounts.id, accountId));
}

/** Forgets today's remembered decision for these patients: the next run decides them again from a fresh record. */
export async function forgetDecisions(db: Database, accountId: string, patientIds: readonly number[]) {
  if (patientIds.length === 0) return;
  await db
    .update(patientIndex)
    .set({ outcomeDate: null, outcome: null, outcomeReason: null })
    .where(and(eq(patientIndex.accountId, accountId), inArray(patientIndex.patientId, [...patientIds])));
}

/**
 * Remembers today's decision for a patient, so a later run the same day needs no drchrono call for them. The
 * values are exactly those of DAY_OUTCOMES and SkipReason: the practice's Today view and Skipped list read them.
 */
export async function recordOutcome(
  db: Database,
  accountId: string,
  patientId: number,
  decided: { date: string; outcome: DayOutcome; reason: string | null },
): Promise<void> {
  await db
    .update(patientIndex)
    .set({ outcomeDate: decided.date, outcome: decided.outcome, outcomeReason: decided.reason })
    .where(and(eq(patientIndex.accountId, accountId), eq(patientIndex.patientId, patientId)));
}

/**
 * The greeting settings changed since today's outcomes were decided (or none were recorded yet): forget every
 * remembered outcome of the account and note the settings the next ones are decided under.
 */
export async function resetOutcomes(db: Database, accountId: string, settingsKey: string): Promise<void> {
  await db
    .update(patientIndex)
    .set({ outcomeDate: null, outcome: null, outcomeReason: null })
    .where(and(eq(patientIndex.accountId, accountId), isNotNull(patientIndex.outcomeDate)));
  await db.update(accounts).set({ outcomeSettingsKey: settingsKey }).where(eq(accounts.id, accountId));
}

/** A full listing in progress: drchrono's `next` URL to resume from and when it started; nulls when done. */
export async function saveFullSyncCursor(
  db: Database,
  accountId: string,
  progress: { cursor: string | null; startedAt: Date | null },
): Promise<void> {
  await db
    .update(accounts)
    .set({ fullSyncCursor: progress.cursor, fullSyncStartedAt: progress.startedAt })
    .where(eq(accounts.id, accountId));
}
