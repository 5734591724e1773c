import "server-only";
import { redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { cache } from "react";
import { getDb } from "@/db";
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
 * account must still exist, and the account is read from the database rather than from the cookie. Cached per
 * request, so the layout, the page and its components share one lookup.
 */
export const getPracticeSession = cache(async (): Promise<PracticeSession | null> => {
  const session = await getServerSession(getAuthOptions());
  if (!session?.userId) return null;
  const found = await getUserWithAccount(await getDb(), session.userId);
  if (!found) return null;
  const { user, account } = found;
  return {
    userId: user.id,
    accountId: account.id,
    role: user.role,
    displayName: user.displayName,
    email: user.email,
  };
});

/** For practice pages and server actions: the session, or a redirect to the sign-in page. */
export async function requirePracticeSession(): Promise<PracticeSession> {
  const session = await getPracticeSession();
  if (!session) redirect(SIGN_IN_PAGE);
  return session;
}
