import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { now } from "@/lib/clock";
import { type Config, getConfig } from "@/lib/env";
import { deriveSessionKey, signAdminSession, verifyAdminSession } from "./crypto";
import { isAdminEmail } from "./magic-link";

/*
 * Support's session: the `bg_admin` cookie, scoped to /admin and unrelated to next-auth's practice session.
 * A practice session never counts here, and this cookie is never read by the practice side.
 */

export const ADMIN_COOKIE = "bg_admin";
export const ADMIN_SESSION_TTL_MS = 8 * 3600_000;
export const ADMIN_SIGNIN_PATH = "/admin/signin";

export interface AdminSession {
  email: string;
  expiresAt: Date;
}

type AuthConfig = Pick<Config, "authSecret" | "adminEmails" | "secureCookies">;

interface CookieReader {
  get(name: string): { value: string } | undefined;
}

/** Reads support's session from a request's cookies — only from `bg_admin`, whatever else is present. */
export function adminSessionFromCookies(
  jar: CookieReader,
  config: AuthConfig,
  at: Date,
): AdminSession | null {
  const value = jar.get(ADMIN_COOKIE)?.value;
  if (!value) return null;
  const payload = verifyAdminSession(deriveSessionKey(config.authSecret), value, at.getTime());
  // Removing an address from ADMIN_EMAILS ends its sessions at once.
  if (!payload || !isAdminEmail(config.adminEmails, payload.email)) return null;
  return { email: payload.email, expiresAt: new Date(payload.exp) };
}

export function adminSessionCookie(email: string, config: AuthConfig, at: Date) {
  const exp = at.getTime() + ADMIN_SESSION_TTL_MS;
  return {
    name: ADMIN_COOKIE,
    value: signAdminSession(deriveSessionKey(config.authSecret), { email, exp }),
    httpOnly: true,
    sameSite: "lax" as const,
    secure: config.secureCookies,
    path: "/admin",
    maxAge: ADMIN_SESSION_TTL_MS / 1000,
  };
}

export async function getAdminSession(): Promise<AdminSession | null> {
  return adminSessionFromCookies(await cookies(), getConfig(), now());
}

/** For admin pages and server actions: the session, or a redirect to the sign-in page. */
export async function requireAdminSession(): Promise<AdminSession> {
  const session = await getAdminSession();
  if (!session) redirect(ADMIN_SIGNIN_PATH);
  return session;
}

export async function clearAdminSession(): Promise<void> {
  const config = getConfig();
  (await cookies()).set({
    name: ADMIN_COOKIE,
    value: "",
    httpOnly: true,
    sameSite: "lax",
    secure: config.secureCookies,
    path: "/admin",
    maxAge: 0,
  });
}
