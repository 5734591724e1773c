/*
 * One greeting's outcome as the practice reads it in History, the CSV and the patient's row. Pure: no I/O.
 *
 * Our own send status comes first (still sending, or we gave up); once the provider accepted the greeting, what
 * it reported afterwards (delivered, bounced, …) replaces the plain "Sent". "Queued" and "sent" events add nothing
 * to "Sent", so they read as "Sent".
 */

import { DELIVERY_STATUS_LABELS, type DeliveryStatus, deliveryReason, isDeliveryStatus } from "./status";

export type Tone = "ok" | "warn" | "bad";

export interface GreetingOutcome {
  label: string;
  tone: Tone;
  /** Plain words for front-desk staff; null when the label says it all. */
  reason: string | null;
}

export interface GreetingFacts {
  status: "pending" | "sent" | "failed";
  /** Our error when we gave up sending (already redacted). */
  error: string | null;
  deliveryStatus: string | null;
  deliveryErrorCode: string | null;
}

const TONES: Record<DeliveryStatus, Tone> = {
  queued: "ok",
  sent: "ok",
  delayed: "warn",
  delivered: "ok",
  undelivered: "bad",
  failed: "bad",
  bounced: "bad",
  complained: "bad",
};

export function describeGreeting(facts: GreetingFacts): GreetingOutcome {
  if (facts.status === "pending") return { label: "Sending", tone: "warn", reason: null };
  if (facts.status === "failed") return { label: "Failed", tone: "bad", reason: facts.error };
  const delivery = facts.deliveryStatus;
  if (!isDeliveryStatus(delivery) || delivery === "queued" || delivery === "sent") {
    return { label: "Sent", tone: "ok", reason: null };
  }
  return {
    label: DELIVERY_STATUS_LABELS[delivery],
    tone: TONES[delivery],
    reason: deliveryReason(delivery, facts.deliveryErrorCode),
  };
}

/** "Bounced: the e-mail address does not exist …", or just the label. */
export function outcomeSentence(outcome: GreetingOutcome): string {
  return outcome.reason ? `${outcome.label}: ${outcome.reason}` : outcome.label;
}

const CHANNEL_WORDS = { email: "e-mail", sms: "text message" } as const;

/**
 * The patient's row: "Greeted this year", and for each channel the provider reported on, what became of it:
 * "Greeted this year (e-mail: Delivered; text message: Undelivered: the phone is switched off or out of reach)".
 */
export function greetedThisYear(
  delivered: ReadonlyArray<{
    channel: "email" | "sms";
    deliveryStatus: string | null;
    deliveryErrorCode: string | null;
  }>,
): string {
  const reports = delivered.flatMap(({ channel, deliveryStatus, deliveryErrorCode }) => {
    const outcome = describeGreeting({ status: "sent", error: null, deliveryStatus, deliveryErrorCode });
    return outcome.label === "Sent" ? [] : [`${CHANNEL_WORDS[channel]}: ${outcomeSentence(outcome)}`];
  });
  return reports.length > 0 ? `Greeted this year (${reports.join("; ")})` : "Greeted this year";
}
