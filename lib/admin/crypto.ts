import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";

/*
 * The cryptography behind support's sign-in, kept pure (no clock, no cookies, no database) so it is easy to test.
 * Magic-link tokens are 32 random bytes; only their SHA-256 hash is stored. The session cookie is an
 * HMAC-SHA256-signed payload whose key is derived (HKDF) from the app's auth secret under a label of its own, so
 * it can never be confused with next-auth's cookie or the unsubscribe-link signatures.
 */

const SESSION_KEY_LABEL = "birthday-greetings/admin-session/v1";

export function createMagicToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashMagicToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Compares secrets without leaking where (or whether by length) they differ: both sides are hashed first. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = createHash("sha256").update(a, "utf8").digest();
  const right = createHash("sha256").update(b, "utf8").digest();
  return timingSafeEqual(left, right) && a.length === b.length;
}

export function deriveSessionKey(authSecret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", authSecret, "", SESSION_KEY_LABEL, 32));
}

export interface AdminSessionPayload {
  email: string;
  /** Expiry, in milliseconds since the epoch. */
  exp: number;
}

function sign(key: Buffer, body: string): string {
  return createHmac("sha256", key).update(body).digest("base64url");
}

export function signAdminSession(key: Buffer, payload: AdminSessionPayload): string {
  const body = Buffer.from(JSON.stringify({ email: payload.email, exp: payload.exp })).toString("base64url");
  return `${body}.${sign(key, body)}`;
}

/** The payload when the signature is right and the session has not expired; otherwise null. Never throws. */
export function verifyAdminSession(key: Buffer, value: string, nowMs: number): AdminSessionPayload | null {
  const dot = value.indexOf(".");
  if (dot <= 0 || dot !== value.lastIndexOf(".")) return null;
  const body = value.slice(0, dot);
  const signature = value.slice(dot + 1);
  if (!constantTimeEqual(signature, sign(key, body))) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null) return null;
  const { email, exp } = parsed as Record<string, unknown>;
  if (typeof email !== "string" || typeof exp !== "number" || !Number.isFinite(exp)) return null;
  if (exp <= nowMs) return null;
  return { email, exp };
}
