import "server-only";
import { and, asc, eq, inArray, lte, or, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { type Account, accounts, patientIndex, users, webhookHints } from "@/db/schema";

/**
 * The account a drchrono patient belongs to, for a webhook that names only the patient: the account already
 * indexing that patient, else the one indexing or employing the patient's primary doctor. drchrono ids are global,
 * so at most one practice matches; null when none of our practices knows the patient.
 */
export async function findAccountForPatient(
  db: Database,
  patientId: number,
  doctorId: number | null,
): Promise<Account | null> {
  const indexed = await db
    .select({ account: accounts })
    .from(patientIndex)
    .innerJoin(accounts, eq(accounts.id, patientIndex.accountId))
    .where(
      doctorId === null
        ? eq(patientIndex.patientId, patientId)
        : or(eq(patientIndex.patientId, patientId), eq(patientIndex.doctorId, doctorId)),
    )
    .limit(1);
  if (indexed[0]) return indexed[0].account;
  if (doctorId === null) return null;
  const employing = await db
    .select({ account: accounts })
    .from(users)
    .innerJoin(accounts, eq(accounts.id, users.accountId))
    .where(eq(users.drchronoDoctorId, doctorId))
    .limit(1);
  return employing[0]?.account ?? null;
}

/**
 * Hints waiting per account, at most: a flood of forged deliveries for invented patient ids cannot grow the table
 * without bound (each waiting hint costs at most one drchrono read, and runs take a few per account).
 */
export const MAX_PENDING_HINTS_PER_ACCOUNT = 1_000;

/** Remembers "patient N of this account changed" (one row per patient: a replay only refreshes receivedAt). */
export async function recordWebhookHint(
  db: Database,
  accountId: string,
  patientId: number,
  receivedAt: Date,
): Promise<void> {
  const [pending] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(webhookHints)
    .where(eq(webhookHints.accountId, accountId));
  if (Number(pending?.n ?? 0) >= MAX_PENDING_HINTS_PER_ACCOUNT) return;
  await db
    .insert(webhookHints)
    .values({ accountId, patientId, receivedAt })
    .onConflictDoUpdate({
      target: [webhookHints.accountId, webhookHints.patientId],
      set: { receivedAt: sql`excluded.received_at` },
    });
}

/** The oldest waiting hints of an account, received no later than `receivedBy` (the run's start). */
export async function pendingWebhookHints(
  db: Database,
  accountId: string,
  receivedBy: Date,
  limit: number,
): Promise<number[]> {
  const rows = await db
    .select({ patientId: webhookHints.patientId })
    .from(webhookHints)
    .where(and(eq(webhookHints.accountId, accountId), lte(webhookHints.receivedAt, receivedBy)))
    .orderBy(asc(webhookHints.receivedAt), asc(webhookHints.patientId))
    .limit(limit);
  return rows.map((r) => r.patientId);
}

/** Drops hints once their patient was read again (a hint received after `receivedBy` stays for the next run). */
export async function dropWebhookHints(
  db: Database,
  accountId: string,
  patientIds: readonly number[],
  receivedBy: Date,
): Promise<void> {
  if (patientIds.length === 0) return;
  await db
    .delete(webhookHints)
    .where(
      and(
        eq(webhookHints.accountId, accountId),
        inArray(webhookHints.patientId, [...patientIds]),
        lte(webhookHints.receivedAt, receivedBy),
      ),
    );
}

/** Hints still waiting for a read, received no later than `receivedBy`. */
export async function countWebhookHints(db: Database, accountId: string, receivedBy: Date): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(webhookHints)
    .where(and(eq(webhookHints.accountId, accountId), lte(webhookHints.receivedAt, receivedBy)));
  return Number(row?.n ?? 0);
}
