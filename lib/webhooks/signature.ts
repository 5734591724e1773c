import { createHmac, timingSafeEqual } from "node:crypto";

/** drchrono signs each delivery with HMAC-SHA256 of the raw body under the webhook's secret (hex). */
export function signDrchronoPayload(secret: string, payload: string): string {
  return createHmac("sha256", secret).update(payload).digest("hex");
}

/** Constant-time check of `X-drchrono-signature`; any malformed header is simply not valid. */
export function isValidDrchronoSignature(secret: string, payload: string, header: string | null): boolean {
  if (!header || !/^[0-9a-f]{64}$/i.test(header.trim())) return false;
  const expected = Buffer.from(signDrchronoPayload(secret, payload), "hex");
  return timingSafeEqual(expected, Buffer.from(header.trim().toLowerCase(), "hex"));
}
