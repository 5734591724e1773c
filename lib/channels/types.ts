/** What a provider said about one send. `retryable` failures are tried again by later runs the same day. */
export type SendOutcome =
  | { ok: true; providerId: string }
  | { ok: false; retryable: boolean; error: string; code?: string };

export interface EmailMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  /** Resend's Idempotency-Key: the same key never sends twice (used to reconcile a crashed send). */
  idempotencyKey: string;
}

export interface SmsMessage {
  to: string;
  body: string;
}

export interface EmailChannel {
  send(message: EmailMessage): Promise<SendOutcome>;
}

export interface SentTextQuery {
  to: string;
  body: string;
  since: Date;
}

export interface SmsChannel {
  send(message: SmsMessage): Promise<SendOutcome>;
  /**
   * For reconciling a greeting whose send may have left (a crash, a timeout): the ids of texts with exactly this
   * body sent to `to` since `since`, newest first. Two patients can share a number; the body tells them apart.
   */
  findSentSince(query: SentTextQuery): Promise<string[]>;
}

/** Twilio error 21610: the recipient replied STOP. Dispatch records an SMS opt-out when it sees this code. */
export const TWILIO_STOPPED = "21610";
