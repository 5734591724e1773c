import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { accounts, doctors } from "@/db/schema";

/*
 * The practice's doctors, kept so that a run reads drchrono's doctors list once per account per day instead of
 * once per run. Doctor names are practice data, not patient data. The sign-off columns belong to the practice
 * (edited in the app): a refresh from drchrono never touches them.
 */

export type StoredDoctor = typeof doctors.$inferSelect;

export interface ListedDoctor {
  id: number;
  firstName: string;
  lastName: string;
  suffix: string | null;
}

export async function storedDoctors(db: Database, accountId: string): Promise<StoredDoctor[]> {
  return db.select().from(doctors).where(eq(doctors.accountId, accountId)).orderBy(doctors.doctorId);
}

/**
 * Stores the doctors drchrono listed today (their names) and notes the account-local date of the read.
 * A doctor drchrono no longer lists keeps their row (and the practice's sign-off for them).
 */
export async function refreshDoctors(
  db: Database,
  accountId: string,
  listed: readonly ListedDoctor[],
  fetchedOn: string,
): Promise<void> {
  const unique = new Map(listed.map((d) => [d.id, d]));
  if (unique.size > 0) {
    await db
      .insert(doctors)
      .values(
        [...unique.values()].map((d) => ({
          accountId,
          doctorId: d.id,
          firstName: d.firstName,
          lastName: d.lastName,
          suffix: d.suffix ?? "",
        })),
      )
      .onConflictDoUpdate({
        target: [doctors.accountId, doctors.doctorId],
        set: {
          firstName: sql`excluded.first_name`,
          lastName: sql`excluded.last_name`,
          suffix: sql`excluded.suffix`,
          updatedAt: sql`now()`,
        },
      });
  }
  await db.update(accounts).set({ doctorsFetchedOn: fetchedOn }).where(eq(accounts.id, accountId));
}
