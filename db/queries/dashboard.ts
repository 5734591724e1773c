import "server-only";
import { and, asc, count, desc, eq, isNull, or, type SQL, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { patientIndex, type Run, runs } from "@/db/schema";
import type { MonthDay } from "@/lib/greetings/dates";

/*
 * What the practice's overview, upcoming and skipped pages read. Every function takes the account id from the
 * session and filters by it first; a patient id never widens a query beyond its account.
 */

export type { MonthDay };

/** The latest real (not dry) run of the account, or null before the first one. */
export async function latestRun(db: Database, accountId: string): Promise<Run | null> {
  const [run] = await db
    .select()
    .from(runs)
    .where(and(eq(runs.accountId, accountId), eq(runs.dryRun, false)))
    .orderBy(desc(runs.startedAt))
    .limit(1);
  return run ?? null;
}

function onAnyOf(days: readonly MonthDay[]): SQL | undefined {
  return or(...days.map((d) => and(eq(patientIndex.birthMonth, d.month), eq(patientIndex.birthDay, d.day))));
}

/** Patients in the index with a birthday on one of the days: all of them, and those not known to be skipped. */
export async function countBirthdays(
  db: Database,
  accountId: string,
  days: readonly MonthDay[],
): Promise<{ total: number; toGreet: number }> {
  if (days.length === 0) return { total: 0, toGreet: 0 };
  const [row] = await db
    .select({
      total: count(),
      toGreet: sql<number>`count(*) filter (where ${patientIndex.skipReason} is null)`.mapWith(Number),
    })
    .from(patientIndex)
    .where(and(eq(patientIndex.accountId, accountId), onAnyOf(days)));
  return { total: row?.total ?? 0, toGreet: row?.toGreet ?? 0 };
}

export interface IndexEntry {
  patientId: number;
  doctorId: number | null;
  birthMonth: number | null;
  birthDay: number | null;
  skipReason: string | null;
}

const entryColumns = {
  patientId: patientIndex.patientId,
  doctorId: patientIndex.doctorId,
  birthMonth: patientIndex.birthMonth,
  birthDay: patientIndex.birthDay,
  skipReason: patientIndex.skipReason,
};

/**
 * Patients to greet (no known skip reason) whose birthday falls on one of the days, in calendar order starting
 * from `days[0]` (so a window across New Year lists December before January). Asks for one row more than
 * `limit` so the page knows whether another follows.
 */
export async function listBirthdays(
  db: Database,
  accountId: string,
  days: readonly MonthDay[],
  page: { limit: number; offset: number },
): Promise<{ rows: IndexEntry[]; hasMore: boolean }> {
  const first = days[0];
  if (!first) return { rows: [], hasMore: false };
  const start = first.month * 100 + first.day;
  const position = sql`((${patientIndex.birthMonth} * 100 + ${patientIndex.birthDay}) - ${start} + 1300) % 1300`;
  const rows = await db
    .select(entryColumns)
    .from(patientIndex)
    .where(and(eq(patientIndex.accountId, accountId), isNull(patientIndex.skipReason), onAnyOf(days)))
    .orderBy(position, asc(patientIndex.patientId))
    .limit(page.limit + 1)
    .offset(page.offset);
  return { rows: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
}

/**
 * Why a patient cannot be greeted: the reason the last decision about them recorded (contact details, settings,
 * unsubscribes and delivery suppressions are only known on the day, from the fresh chart), else the reason the
 * record alone gave at the last sync. One expression for the counts and the table, so they always agree.
 */
const skipReasonOf = sql<
  string | null
>`case when ${patientIndex.outcome} in ('skipped', 'opted_out') and ${patientIndex.outcomeReason} is not null then ${patientIndex.outcomeReason} else ${patientIndex.skipReason} end`;

export interface SkippedEntry {
  patientId: number;
  reason: string;
  /** The account-local date the reason was found on a fresh chart; null when it comes from the last sync. */
  checkedOn: string | null;
}

/** How many indexed patients carry each skip reason. */
export async function countSkippedByReason(db: Database, accountId: string): Promise<Record<string, number>> {
  const rows = await db
    .select({ reason: skipReasonOf, n: count() })
    .from(patientIndex)
    .where(and(eq(patientIndex.accountId, accountId), sql`${skipReasonOf} is not null`))
    .groupBy(skipReasonOf);
  return Object.fromEntries(rows.map((r) => [r.reason ?? "", r.n]));
}

/** Patients that cannot be greeted, optionally of one reason, by reason then id. */
export async function listSkipped(
  db: Database,
  accountId: string,
  filter: { reason?: string },
  page: { limit: number; offset: number },
): Promise<{ rows: SkippedEntry[]; hasMore: boolean }> {
  const rows = await db
    .select({
      patientId: patientIndex.patientId,
      reason: skipReasonOf,
      outcome: patientIndex.outcome,
      outcomeReason: patientIndex.outcomeReason,
      outcomeDate: patientIndex.outcomeDate,
    })
    .from(patientIndex)
    .where(
      and(
        eq(patientIndex.accountId, accountId),
        filter.reason ? sql`${skipReasonOf} = ${filter.reason}` : sql`${skipReasonOf} is not null`,
      ),
    )
    .orderBy(skipReasonOf, asc(patientIndex.patientId))
    .limit(page.limit + 1)
    .offset(page.offset);
  const entries = rows.slice(0, page.limit).map((r) => ({
    patientId: r.patientId,
    reason: r.reason ?? "",
    checkedOn:
      (r.outcome === "skipped" || r.outcome === "opted_out") && r.outcomeReason !== null
        ? r.outcomeDate
        : null,
  }));
  return { rows: entries, hasMore: rows.length > page.limit };
}

/** Whether the account's index holds the patient: a cheap check that an id belongs to this practice. */
export async function isIndexedPatient(db: Database, accountId: string, patientId: number): Promise<boolean> {
  const [row] = await db
    .select({ id: patientIndex.patientId })
    .from(patientIndex)
    .where(and(eq(patientIndex.accountId, accountId), eq(patientIndex.patientId, patientId)))
    .limit(1);
  return row !== undefined;
}
