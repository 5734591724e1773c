import "server-only";
import type { Database } from "@/db/client";
import { consumeLoginToken, countPendingLoginTokens, insertLoginToken } from "@/db/queries/admin";
import type { EmailChannel } from "@/lib/channels/types";
import { renderAdminSignIn } from "@/lib/notifications/messages";
import { createMagicToken, hashMagicToken } from "./crypto";

/*
 * Support signs in with a single-use link e-mailed to an address listed in ADMIN_EMAILS.
 *
 * The link is spent by a plain GET of /admin/callback. Some mail scanners (e.g. Outlook Safe Links) fetch links
 * before the person clicks; such a scanner would spend the token and the admin would simply ask for a new link.
 * We accept that in exchange for a one-click sign-in; the session cookie is set only on the response to whoever
 * made the request, so a scanner that spends a link gains nothing it can use.
 */

export const MAGIC_LINK_TTL_MS = 15 * 60_000;
/** Unused, unexpired links per address: keeps a stranger from flooding a support inbox. */
export const MAX_PENDING_LINKS = 5;

export interface MagicLinkDeps {
  db: Database;
  email: EmailChannel;
  adminEmails: readonly string[];
  appUrl: string;
  now: Date;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function isAdminEmail(adminEmails: readonly string[], email: string): boolean {
  const wanted = normalizeEmail(email);
  return adminEmails.some((listed) => normalizeEmail(listed) === wanted);
}

export type SignInRequestOutcome = "sent" | "not_admin" | "throttled" | "send_failed";

/**
 * Creates and e-mails a magic link when (and only when) the address belongs to support. The outcome is for
 * tests and logs; callers must show every requester the same answer so nobody learns which addresses are listed.
 */
export async function requestAdminSignIn(
  deps: MagicLinkDeps,
  rawEmail: string,
): Promise<SignInRequestOutcome> {
  const email = normalizeEmail(rawEmail);
  if (!isAdminEmail(deps.adminEmails, email)) return "not_admin";
  if ((await countPendingLoginTokens(deps.db, email, deps.now)) >= MAX_PENDING_LINKS) return "throttled";
  const token = createMagicToken();
  const tokenHash = hashMagicToken(token);
  await insertLoginToken(deps.db, {
    tokenHash,
    email,
    expiresAt: new Date(deps.now.getTime() + MAGIC_LINK_TTL_MS),
    createdAt: deps.now,
  });
  const link = `${deps.appUrl}/admin/callback?token=${encodeURIComponent(token)}`;
  const outcome = await deps.email.send({
    to: email,
    ...renderAdminSignIn(link, MAGIC_LINK_TTL_MS / 60_000),
    headers: {},
    // Derived from the hash (never the token itself), so a retried send cannot deliver two links.
    idempotencyKey: `admin-signin/${tokenHash.slice(0, 32)}`,
  });
  if (!outcome.ok) {
    console.warn(
      `admin sign-in: the magic-link e-mail failed (${outcome.code ?? "no code"}): ${outcome.error}`,
    );
    return "send_failed";
  }
  return "sent";
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * Spends a magic link: the admin e-mail it was issued to, or null when it is unknown, used, expired, or the
 * address has since been removed from ADMIN_EMAILS. The token is looked up by its SHA-256 hash: a database
 * comparison of hashes of 256-bit random values reveals nothing useful through timing.
 */
export async function consumeAdminSignIn(
  deps: Pick<MagicLinkDeps, "db" | "adminEmails" | "now">,
  token: string,
): Promise<string | null> {
  if (!TOKEN_SHAPE.test(token)) return null;
  const email = await consumeLoginToken(deps.db, hashMagicToken(token), deps.now);
  if (!email || !isAdminEmail(deps.adminEmails, email)) return null;
  return normalizeEmail(email);
}
