import "server-only";
import { redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { cache } from "react";
import { getDb } from "@/db";
import type { Database } from "@/db/client";
import { getUserWithAccount } from "@/db/queries/accounts";
import { getAuthOptions, SIGN_IN_PAGE } from "./options";

/** Who is looking at the practice pages. Ids are ours (uuids), not drchrono's. */
export interface PracticeSession {
  userId: string;
  accountId: string;
  role: "doctor" | "staff";
  displayName: string | null;
  email: string | null;
}

/**
 * The signed-in practice user, or null. The cookie alone is not trusted to be current: the user and their
 * account must still exist, the account is read from the database rather than from the cookie, and the cookie's
 * session version must still be the user's (sign-out, support's deactivation and a grant that stopped working
 * bump it, ending every older cookie). Cached per request, so the layout, the page and its components share one
 * lookup.
 */
export const getPracticeSession = cache(async (): Promise<PracticeSession | null> => {
  const session = await getServerSession(getAuthOptions());
  if (!session) return null;
  return practiceSessionFor(await getDb(), session);
});

/** The practice session a verified cookie stands for, if it is still current. */
export async function practiceSessionFor(
  db: Database,
  cookie: { userId?: string; sessionVersion?: number },
): Promise<PracticeSession | null> {
  if (!cookie.userId || typeof cookie.sessionVersion !== "number") return null;
  const found = await getUserWithAccount(db, cookie.userId);
  if (!found || found.user.sessionVersion !== cookie.sessionVersion) return null;
  const { user, account } = found;
  return {
    userId: user.id,
    accountId: account.id,
    role: user.role,
    displayName: user.displayName,
    email: user.email,
  };
}

/** For practice pages and server actions: the session, or a redirect to the sign-in page. */
export async function requirePracticeSession(): Promise<PracticeSession> {
  const session = await getPracticeSession();
  if (!session) redirect(SIGN_IN_PAGE);
  return session;
}
