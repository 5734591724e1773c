import { createHmac, hkdfSync } from "node:crypto";
import type { Channel } from "@/lib/greetings/types";

/*
 * A keyed hash of the address or number a greeting went to, so we can suppress a bounced address, notice that the
 * chart now holds another one, and match a STOP reply to the patient, without keeping the contact itself.
 * HMAC-SHA256 under a key derived (HKDF, own label) from the app secret: without the secret the hash cannot be
 * tested against a guessed address or number. Rotating NEXTAUTH_SECRET forgets every suppression (documented).
 */

const HKDF_INFO = "birthday-greetings/contact-hash/v1";
const keys = new Map<string, Buffer>();

function keyFor(secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", secret, "", HKDF_INFO, 32));
    keys.set(secret, key);
  }
  return key;
}

/** The one spelling hashed: e-mail addresses in lower case, numbers in E.164 (as the core and Twilio give them). */
export function normalizeContact(channel: Channel, value: string): string {
  const trimmed = value.trim();
  return channel === "email" ? trimmed.toLowerCase() : trimmed.replace(/[^\d+]/g, "");
}

export function contactHash(secret: string, channel: Channel, value: string): string {
  return createHmac("sha256", keyFor(secret))
    .update(`${channel}:${normalizeContact(channel, value)}`)
    .digest("base64url");
}
