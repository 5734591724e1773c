import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import type { Language } from "@/lib/greetings/language";

/**
 * Unsubscribe links name an account and a patient and are signed, so nobody can unsubscribe someone else by
 * editing a URL. Token = base64url(version ‖ account uuid (16 bytes) ‖ patient id (uint64) ‖ HMAC-SHA256 tag
 * truncated to 16 bytes): 55 URL-safe characters. The HMAC key is derived from the app secret with HKDF under its
 * own label, so it is never the same key as the session secret. Tokens do not expire: an unsubscribe link must
 * keep working for as long as the e-mail sits in someone's inbox. Rotating NEXTAUTH_SECRET invalidates old links.
 * Version 2 adds one signed byte, the language of the greeting (1: Spanish), so the unsubscribe page answers in it:
 * a hint about the e-mail, not patient data. English links stay version 1, as they always were (56 and 55 chars).
 */

export interface UnsubscribeTarget {
  accountId: string;
  patientId: number;
  /** The greeting's language; links without one are English. */
  language?: Language;
}

const VERSION = 1;
const VERSION_WITH_LANGUAGE = 2;
const TAG_BYTES = 16;
const PAYLOAD_BYTES = 1 + 16 + 8;
const tokenLength = (payloadBytes: number) => Math.ceil(((payloadBytes + TAG_BYTES) * 4) / 3);
const TOKEN_SHAPE = new RegExp(
  `^(?:[A-Za-z0-9_-]{${tokenLength(PAYLOAD_BYTES)}}|[A-Za-z0-9_-]{${tokenLength(PAYLOAD_BYTES + 1)}})$`,
);
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
  const spanish = target.language === "es";
  const payload = Buffer.alloc(PAYLOAD_BYTES + (spanish ? 1 : 0));
  payload.writeUInt8(spanish ? VERSION_WITH_LANGUAGE : VERSION, 0);
  Buffer.from(target.accountId.replaceAll("-", ""), "hex").copy(payload, 1);
  payload.writeBigUInt64BE(BigInt(target.patientId), 17);
  if (spanish) payload.writeUInt8(1, PAYLOAD_BYTES);
  return Buffer.concat([payload, tag(payload, secret)]).toString("base64url");
}

/** The account and patient a token names, or null for anything malformed, forged or tampered with. */
export function verifyUnsubscribeToken(token: string, secret: string): UnsubscribeTarget | null {
  if (!TOKEN_SHAPE.test(token)) return null;
  const bytes = Buffer.from(token, "base64url");
  // Reject non-canonical spellings of the same bytes, so each target has exactly one valid token.
  const payloadBytes = bytes.length - TAG_BYTES;
  if (payloadBytes !== PAYLOAD_BYTES && payloadBytes !== PAYLOAD_BYTES + 1) return null;
  if (bytes.toString("base64url") !== token) return null;
  const payload = bytes.subarray(0, payloadBytes);
  if (!timingSafeEqual(bytes.subarray(payloadBytes), tag(payload, secret))) return null;
  const version = payload.readUInt8(0);
  if (version !== (payloadBytes === PAYLOAD_BYTES ? VERSION : VERSION_WITH_LANGUAGE)) return null;
  if (version === VERSION_WITH_LANGUAGE && payload.readUInt8(PAYLOAD_BYTES) !== 1) return null;
  const hex = payload.subarray(1, 17).toString("hex");
  const accountId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  const patientId = payload.readBigUInt64BE(17);
  if (patientId === 0n || patientId > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return {
    accountId,
    patientId: Number(patientId),
    language: version === VERSION_WITH_LANGUAGE ? "es" : "en",
  };
}

export function unsubscribeUrl(appUrl: string, token: string): string {
  return `${appUrl.replace(/\/$/, "")}/unsubscribe/${token}`;
}

/** RFC 2369 + RFC 8058 headers: mail providers show an "Unsubscribe" button that POSTs to `url`. */
export function listUnsubscribeHeaders(url: string): Record<string, string> {
  return { "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}
