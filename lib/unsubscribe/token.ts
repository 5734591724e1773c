import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";

/**
 * Unsubscribe links name an account and a patient and are signed, so nobody can unsubscribe someone else by
 * editing a URL. Token = base64url(version ‖ account uuid (16 bytes) ‖ patient id (uint64) ‖ HMAC-SHA256 tag
 * truncated to 16 bytes): 55 URL-safe characters. The HMAC key is derived from the app secret with HKDF under its
 * own label, so it is never the same key as the session secret. Tokens do not expire: an unsubscribe link must
 * keep working for as long as the e-mail sits in someone's inbox. Rotating NEXTAUTH_SECRET invalidates old links.
 */

export interface UnsubscribeTarget {
  accountId: string;
  patientId: number;
}

const VERSION = 1;
const TAG_BYTES = 16;
const PAYLOAD_BYTES = 1 + 16 + 8;
const TOKEN_LENGTH = Math.ceil(((PAYLOAD_BYTES + TAG_BYTES) * 4) / 3);
const TOKEN_SHAPE = new RegExp(`^[A-Za-z0-9_-]{${TOKEN_LENGTH}}$`);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HKDF_INFO = "birthday-greetings/unsubscribe-token/v1";

const keys = new Map<string, Buffer>();

function keyFor(secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", secret, "", HKDF_INFO, 32));
    keys.set(secret, key);
  }
  return key;
}

function tag(payload: Buffer, secret: string): Buffer {
  return createHmac("sha256", keyFor(secret)).update(payload).digest().subarray(0, TAG_BYTES);
}

export function createUnsubscribeToken(target: UnsubscribeTarget, secret: string): string {
  if (!UUID.test(target.accountId)) throw new Error("accountId must be a UUID");
  if (!Number.isSafeInteger(target.patientId) || target.patientId <= 0)
    throw new Error("patientId must be a positive integer");
  const payload = Buffer.alloc(PAYLOAD_BYTES);
  payload.writeUInt8(VERSION, 0);
  Buffer.from(target.accountId.replaceAll("-", ""), "hex").copy(payload, 1);
  payload.writeBigUInt64BE(BigInt(target.patientId), 17);
  return Buffer.concat([payload, tag(payload, secret)]).toString("base64url");
}

/** The account and patient a token names, or null for anything malformed, forged or tampered with. */
export function verifyUnsubscribeToken(token: string, secret: string): UnsubscribeTarget | null {
  if (!TOKEN_SHAPE.test(token)) return null;
  const bytes = Buffer.from(token, "base64url");
  // Reject non-canonical spellings of the same bytes, so each target has exactly one valid token.
  if (bytes.length !== PAYLOAD_BYTES + TAG_BYTES || bytes.toString("base64url") !== token) return null;
  const payload = bytes.subarray(0, PAYLOAD_BYTES);
  if (!timingSafeEqual(bytes.subarray(PAYLOAD_BYTES), tag(payload, secret))) return null;
  if (payload.readUInt8(0) !== VERSION) return null;
  const hex = payload.subarray(1, 17).toString("hex");
  const accountId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  const patientId = payload.readBigUInt64BE(17);
  if (patientId === 0n || patientId > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return { accountId, patientId: Number(patientId) };
}

export function unsubscribeUrl(appUrl: string, token: string): string {
  return `${appUrl.replace(/\/$/, "")}/unsubscribe/${token}`;
}

/** RFC 2369 + RFC 8058 headers: mail providers show an "Unsubscribe" button that POSTs to `url`. */
export function listUnsubscribeHeaders(url: string): Record<string, string> {
  return { "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}
