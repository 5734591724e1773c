import "server-only";
import { and, eq, ne, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { type Account, accounts, drchronoTokens, type User, users } from "@/db/schema";

/*
 * Accounts are practices (one per drchrono practice group); users are the people who signed in with drchrono.
 * Practice details are taken from drchrono when the account is first created; after that they are the
 * practice's own settings, so a later sign-in does not overwrite them.
 */

export interface PracticeDetails {
  practiceGroupId: number;
  practiceName: string;
  practiceAddress: string | null;
  /** The practice's phone for patients (the primary doctor's office phone in drchrono). */
  practicePhone?: string | null;
  timeZone: string;
}

export interface SignedInUser {
  accountId: string;
  drchronoUserId: number;
  username: string;
  role: "doctor" | "staff";
  drchronoDoctorId: number | null;
  displayName: string | null;
  email: string | null;
}

/** Finds or creates the account of a practice group. */
export async function upsertPracticeAccount(db: Database, practice: PracticeDetails): Promise<Account> {
  const [account] = await db
    .insert(accounts)
    .values(practice)
    .onConflictDoUpdate({
      target: accounts.practiceGroupId,
      set: {
        // Fill in an address drchrono did not have before; never overwrite what the practice set.
        practiceAddress: sql`coalesce(${accounts.practiceAddress}, excluded.practice_address)`,
        practicePhone: sql`coalesce(${accounts.practicePhone}, excluded.practice_phone)`,
        // UTC is our fallback when drchrono gave no doctor's zone: a later sign-in brings the doctor's zone
        // (US practices do not choose UTC). Any other zone is the practice's choice and stays.
        timeZone: sql`CASE WHEN ${accounts.timeZone} = 'UTC' THEN excluded.time_zone ELSE ${accounts.timeZone} END`,
        updatedAt: sql`now()`,
      },
    })
    .returning();
  if (!account) throw new Error("Account upsert returned no row");
  return account;
}

/** The drchrono doctor of the user whose grant the account uses: their office is the practice's address. */
export async function grantingDoctorId(db: Database, accountId: string): Promise<number | null> {
  const [row] = await db
    .select({ doctorId: users.drchronoDoctorId })
    .from(drchronoTokens)
    .innerJoin(users, eq(users.id, drchronoTokens.grantedByUserId))
    .where(eq(drchronoTokens.accountId, accountId));
  return row?.doctorId ?? null;
}

/** Fills in the practice's postal address when none is on file (never overwrites one); the address on file. */
export async function fillPracticeAddress(
  db: Database,
  accountId: string,
  address: string | null,
): Promise<string | null> {
  const [row] = await db
    .update(accounts)
    .set({ practiceAddress: sql`coalesce(${accounts.practiceAddress}, ${address})` })
    .where(eq(accounts.id, accountId))
    .returning({ practiceAddress: accounts.practiceAddress });
  return row?.practiceAddress ?? null;
}

/** Records a sign-in: creates the user, or refreshes their drchrono details and last sign-in time. */
export async function upsertSignedInUser(db: Database, user: SignedInUser, signedInAt: Date): Promise<User> {
  const [row] = await db
    .insert(users)
    .values({ ...user, lastSignInAt: signedInAt })
    .onConflictDoUpdate({
      target: users.drchronoUserId,
      set: {
        accountId: user.accountId,
        username: user.username,
        role: user.role,
        drchronoDoctorId: user.drchronoDoctorId,
        displayName: user.displayName,
        email: user.email,
        lastSignInAt: signedInAt,
      },
    })
    .returning();
  if (!row) throw new Error("User upsert returned no row");
  return row;
}

/** A working grant is in place: dispatch may use the account again. */
export async function markAuthorized(
  db: Database,
  accountId: string,
  grantedScopes: string[],
): Promise<void> {
  await db
    .update(accounts)
    .set({ authStatus: "ok", grantedScopes, updatedAt: sql`now()` })
    .where(eq(accounts.id, accountId));
}

/**
 * Marks the account as needing a new sign-in (its drchrono grant stopped working). Returns false when it was
 * already marked, so callers write the audit entry only once.
 */
export async function markAccountNeedsReauthorization(db: Database, accountId: string): Promise<boolean> {
  const changed = await db
    .update(accounts)
    .set({ authStatus: "needs_reauth", updatedAt: sql`now()` })
    .where(and(eq(accounts.id, accountId), ne(accounts.authStatus, "needs_reauth")))
    .returning({ id: accounts.id });
  return changed.length > 0;
}

/** drchrono refused a call with 403: greetings stop until someone signs in again with the permissions. */
export async function markAccountMissingScopes(db: Database, accountId: string): Promise<boolean> {
  const changed = await db
    .update(accounts)
    .set({ authStatus: "missing_scopes", updatedAt: sql`now()` })
    .where(and(eq(accounts.id, accountId), eq(accounts.authStatus, "ok")))
    .returning({ id: accounts.id });
  return changed.length > 0;
}

export async function getAccount(db: Database, accountId: string): Promise<Account | null> {
  const [account] = await db.select().from(accounts).where(eq(accounts.id, accountId)).limit(1);
  return account ?? null;
}

export async function findAccountByPracticeGroup(
  db: Database,
  practiceGroupId: number,
): Promise<Account | null> {
  const [account] = await db
    .select()
    .from(accounts)
    .where(eq(accounts.practiceGroupId, practiceGroupId))
    .limit(1);
  return account ?? null;
}

export async function findUserByDrchronoId(db: Database, drchronoUserId: number): Promise<User | null> {
  const [user] = await db.select().from(users).where(eq(users.drchronoUserId, drchronoUserId)).limit(1);
  return user ?? null;
}

/** A user together with their account, or null when either is gone. */
export async function getUserWithAccount(
  db: Database,
  userId: string,
): Promise<{ user: User; account: Account } | null> {
  const [row] = await db
    .select({ user: users, account: accounts })
    .from(users)
    .innerJoin(accounts, eq(users.accountId, accounts.id))
    .where(eq(users.id, userId))
    .limit(1);
  return row ?? null;
}

/**
 * Ends every session of one user (sign-out): session cookies carry the version they were issued with, and a
 * cookie with an older version is refused from the next request on (lib/auth/session.ts).
 */
export async function endUserSessions(db: Database, accountId: string, userId: string): Promise<void> {
  await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(and(eq(users.accountId, accountId), eq(users.id, userId)));
}

/** Ends every session of every user of a practice (support's deactivation, a grant that stopped working). */
export async function endAccountSessions(db: Database, accountId: string): Promise<void> {
  await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.accountId, accountId));
}

export { writeAudit } from "./audit";
