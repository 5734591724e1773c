import "server-only";
import { eq, or } from "drizzle-orm";
import type { Database } from "@/db/client";
import { type Account, accounts, patientIndex, users } from "@/db/schema";

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
