import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import type { Database } from "@/db/client";
import { findAdminSession, insertAdminSession, revokeAdminSession } from "@/db/queries/admin-sessions";
import { now } from "@/lib/clock";
import { type Config, getConfig } from "@/lib/env";
import { createMagicToken, hashMagicToken } from "./crypto";
import { isAdminEmail } from "./magic-link";

/*
 * Support's session: the `bg_admin` cookie, scoped to /admin and unrelated to next-auth's practice session.
 * The cookie holds a random id; the server keeps only its hash (admin_sessions) with the e-mail, the expiry and
 * a revocation time, so signing out ends the session on the server: a copy of the cookie is worthless after.
 * A practice session never counts here, and this cookie is never read by the practice side.
 */

export const ADMIN_COOKIE = "bg_admin";
export const ADMIN_SESSION_TTL_MS = 8 * 3600_000;
export const ADMIN_SIGNIN_PATH = "/admin/signin";

export interface AdminSession {
  email: string;
  expiresAt: Date;
}

type AuthConfig = Pick<Config, "adminEmails" | "secureCookies">;

interface CookieReader {
  get(name: string): { value: string } | undefined;
}

/** Reads support's session from a request's cookies — only from `bg_admin`, whatever else is present. */
export async function adminSessionFromCookies(
  db: Database,
  jar: CookieReader,
  config: AuthConfig,
  at: Date,
): Promise<AdminSession | null> {
  const value = jar.get(ADMIN_COOKIE)?.value;
  if (!value) return null;
  const row = await findAdminSession(db, hashMagicToken(value));
  if (!row || row.revokedAt || row.expiresAt.getTime() <= at.getTime()) return null;
  // Removing an address from ADMIN_EMAILS ends its sessions at once.
  if (!isAdminEmail(config.adminEmails, row.email)) return null;
  return { email: row.email, expiresAt: row.expiresAt };
}

/** Starts a session on the server and returns the cookie that names it. */
export async function startAdminSession(db: Database, email: string, config: AuthConfig, at: Date) {
  const id = createMagicToken();
  const expiresAt = new Date(at.getTime() + ADMIN_SESSION_TTL_MS);
  await insertAdminSession(db, { idHash: hashMagicToken(id), email, expiresAt, createdAt: at });
  return {
    name: ADMIN_COOKIE,
    value: id,
    httpOnly: true,
    sameSite: "lax" as const,
    secure: config.secureCookies,
    path: "/admin",
    maxAge: ADMIN_SESSION_TTL_MS / 1000,
  };
}

/** Ends the session a cookie names, on the server (the cookie itself is cleared by the caller). */
export async function endAdminSession(db: Database, jar: CookieReader, at: Date): Promise<void> {
  const value = jar.get(ADMIN_COOKIE)?.value;
  if (value) await revokeAdminSession(db, hashMagicToken(value), at);
}

export async function getAdminSession(): Promise<AdminSession | null> {
  return adminSessionFromCookies(await getDb(), await cookies(), getConfig(), now());
}

/** For admin pages and server actions: the session, or a redirect to the sign-in page. */
export async function requireAdminSession(): Promise<AdminSession> {
  const session = await getAdminSession();
  if (!session) redirect(ADMIN_SIGNIN_PATH);
  return session;
}

/** Support's sign-out: revokes the session on the server, then clears the cookie. */
export async function clearAdminSession(): Promise<void> {
  const config = getConfig();
  const jar = await cookies();
  await endAdminSession(await getDb(), jar, now());
  jar.set({
    name: ADMIN_COOKIE,
    value: "",
    httpOnly: true,
    sameSite: "lax",
    secure: config.secureCookies,
    path: "/admin",
    maxAge: 0,
  });
}
