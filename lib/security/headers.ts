/*
 * The headers every page carries, built per request by proxy.ts (the nonce changes each time):
 * - Content-Security-Policy: scripts run only with this response's nonce ('strict-dynamic' lets Next's own
 *   bootstrap load its chunks); no plugins, no <base>, never framed; forms post only to us or to drchrono's
 *   consent page (next-auth's sign-in form redirects there).
 * - Strict-Transport-Security: only in production on https (a browser would otherwise refuse plain http on
 *   localhost for a year).
 * Styles allow 'unsafe-inline': React style attributes and the emulator's inline <style> need it, and styles
 * cannot run code.
 */

export interface PolicyInput {
  nonce: string;
  /** Next's development server evaluates code for hot reload. */
  development: boolean;
  /** Origins a form may post to besides our own (drchrono's OAuth origin in live mode). */
  formOrigins: string[];
}

export function contentSecurityPolicy({ nonce, development, formOrigins }: PolicyInput): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    `form-action ${["'self'", ...formOrigins].join(" ")}`,
    "frame-ancestors 'none'",
  ].join("; ");
}

export const HSTS = "max-age=63072000; includeSubDomains";

/** HSTS only makes sense (and is only honoured) on https, and only production serves real users. */
export function strictTransportSecurity(input: {
  isProduction: boolean;
  appUrl: string;
}): string | undefined {
  return input.isProduction && input.appUrl.startsWith("https://") ? HSTS : undefined;
}

/** A fresh, unguessable nonce per response (128 bits, base64). */
export function createNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}
