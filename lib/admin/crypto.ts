import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/*
 * The cryptography behind support's sign-in, kept pure (no clock, no cookies, no database) so it is easy to test.
 * Magic-link tokens and session ids are 32 random bytes; only their SHA-256 hash is stored.
 */

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
