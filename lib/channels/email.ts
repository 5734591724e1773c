import "server-only";
import { Resend } from "resend";
import { redactContacts } from "./redact";
import type { EmailChannel, EmailMessage, SendOutcome } from "./types";

/*
 * E-mail through the real `resend` SDK (v6).
 *
 * Base URL, as read in node_modules/resend/dist/index.mjs (v6.38): the constructor sets
 * `this.baseUrl = options?.baseUrl ?? (process.env.RESEND_BASE_URL || "https://api.resend.com")`, once, at
 * construction; every request then goes to `${this.baseUrl}${path}` through the global `fetch`. So a per-instance
 * base URL is simply the documented `new Resend(key, { baseUrl })` option — no need to touch process.env (which
 * would race between instances). The SDK offers no way to inject `fetch`, so tests run it over loopback against
 * the fake endpoint instead.
 *
 * Errors: the SDK never throws for HTTP or network failures; it resolves `{ data: null, error }` where error is
 * Resend's JSON body `{ statusCode, name, message }`, or `{ statusCode: null, name: "application_error" }` when
 * the request never got an answer (network failure, abort, timeout).
 */

export interface EmailChannelOptions {
  apiKey: string;
  /** e.g. "https://api.resend.com" (default) or the sandbox's `${appUrl}/sandbox/resend`. */
  baseUrl?: string;
  from: string;
  /** Per-request timeout; a timed-out send is retryable (and safe to retry under the same idempotency key). */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/** 409 concurrent_idempotent_requests: the same key is being processed right now; asking again later is safe. */
const RETRYABLE_NAMES = new Set([
  "rate_limit_exceeded",
  "concurrent_idempotent_requests",
  "internal_server_error",
]);

export function classifyResendError(error: {
  statusCode: number | null;
  name: string;
  message: string;
}): SendOutcome {
  const status = error.statusCode;
  const retryable = status === null || status === 429 || status >= 500 || RETRYABLE_NAMES.has(error.name);
  const where = status === null ? "no answer" : `HTTP ${status}`;
  return {
    ok: false,
    retryable,
    code: error.name,
    error: `Resend ${error.name} (${where}): ${redactContacts(error.message)}`,
  };
}

export function createEmailChannel(options: EmailChannelOptions): EmailChannel {
  const resend = new Resend(
    options.apiKey,
    options.baseUrl ? { baseUrl: options.baseUrl.replace(/\/$/, "") } : {},
  );
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  return {
    async send(message: EmailMessage): Promise<SendOutcome> {
      const { data, error } = await resend.emails.send(
        {
          from: options.from,
          to: message.to,
          subject: message.subject,
          html: message.html,
          text: message.text,
          headers: message.headers,
        },
        { idempotencyKey: message.idempotencyKey, signal: AbortSignal.timeout(timeoutMs) },
      );
      if (error) return classifyResendError(error);
      if (!data?.id) return { ok: false, retryable: true, error: "Resend answered without an e-mail id" };
      return { ok: true, providerId: data.id };
    },
  };
}
