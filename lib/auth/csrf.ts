import { createHash, randomBytes } from "node:crypto";

/*
 * next-auth's double-submit CSRF token, made by us so the sign-in page can render a plain form that works before
 * (or without) JavaScript: the cookie holds `token|sha256(token + secret)`, and a POST to
 * /api/auth/signin/drchrono must carry the same token as `csrfToken`. Same format and names as next-auth v4
 * (core/lib/csrf-token.js), which is what verifies it.
 */

/** Pages that show the sign-in form (app/signin/sign-in-form.tsx); proxy.ts gives them the cookie on a first visit. */
export const SIGN_IN_FORM_PATHS: ReadonlySet<string> = new Set(["/signin", "/auth/missing-permissions"]);

export function csrfCookieName(secureCookies: boolean): string {
  return `${secureCookies ? "__Host-" : ""}next-auth.csrf-token`;
}

const hashOf = (token: string, secret: string) =>
  createHash("sha256").update(`${token}${secret}`).digest("hex");

/** The token of a cookie value next-auth would accept, or null. */
export function csrfTokenOf(cookieValue: string | undefined, secret: string): string | null {
  if (!cookieValue) return null;
  const [token, hash] = cookieValue.split("|");
  return token && hash === hashOf(token, secret) ? token : null;
}

export function newCsrfCookieValue(secret: string): string {
  const token = randomBytes(32).toString("hex");
  return `${token}|${hashOf(token, secret)}`;
}
