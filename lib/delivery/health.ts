/*
 * Sender health: every practice sends from our one domain, so one practice whose greetings bounce or are marked
 * as spam can get every practice's mail filtered. Pure: counts in, rates and a verdict out.
 *
 * Thresholds (sources in docs/operations.md):
 *   - complaints: Gmail's and Yahoo's bulk-sender rules ask for a spam rate under 0.3% (better under 0.1%);
 *   - bounces: Resend asks senders to keep bounces under 4%.
 * Small practices send few greetings, so one unlucky event must not pause them: a pause also needs at least
 * MIN_COMPLAINTS complaints or MIN_BOUNCES bounces in the window.
 */

import type { EmailCounts } from "@/db/queries/delivery";

export const HEALTH_WINDOW_DAYS = 30;
export const COMPLAINT_RATE_LIMIT = 0.003;
export const BOUNCE_RATE_LIMIT = 0.04;
export const MIN_COMPLAINTS = 2;
export const MIN_BOUNCES = 3;

export interface SenderRates {
  sent: number;
  /** Delivered / sent. */
  deliveryRate: number;
  /** Bounced / sent. */
  bounceRate: number;
  /** Complaints / delivered (as mailbox providers count it). */
  complaintRate: number;
}

export function senderRates(counts: EmailCounts): SenderRates | null {
  if (counts.sent === 0) return null;
  return {
    sent: counts.sent,
    deliveryRate: counts.delivered / counts.sent,
    bounceRate: counts.bounced / counts.sent,
    complaintRate: counts.complained / Math.max(counts.delivered, 1),
  };
}

/** "4.0%", or with two decimals below 1% so a 0.3% limit reads true ("0.33%; the limit is 0.30%"). */
export function percent(rate: number): string {
  return `${(rate * 100).toFixed(rate < 0.01 ? 2 : 1)}%`;
}

/** Why the account's e-mail must pause, in plain words with the figures; null when it is healthy. */
export function pauseReason(counts: EmailCounts): string | null {
  const rates = senderRates(counts);
  if (!rates) return null;
  if (counts.complained >= MIN_COMPLAINTS && rates.complaintRate >= COMPLAINT_RATE_LIMIT) {
    return `${counts.complained} of ${counts.delivered} delivered greetings were marked as spam in the last ${HEALTH_WINDOW_DAYS} days (${percent(rates.complaintRate)}; the limit is ${percent(COMPLAINT_RATE_LIMIT)})`;
  }
  if (counts.bounced >= MIN_BOUNCES && rates.bounceRate >= BOUNCE_RATE_LIMIT) {
    return `${counts.bounced} of ${counts.sent} greetings bounced in the last ${HEALTH_WINDOW_DAYS} days (${percent(rates.bounceRate)}; the limit is ${percent(BOUNCE_RATE_LIMIT)})`;
  }
  return null;
}

/** Where the shown rates start: the last HEALTH_WINDOW_DAYS days. */
export function healthWindowStart(now: Date): Date {
  return new Date(now.getTime() - HEALTH_WINDOW_DAYS * 24 * 60 * 60_000);
}

/**
 * The rates as the overview and support's lists show them: "95.0% delivered, 2.5% bounced, 0.00% marked as spam
 * (40 e-mails)", or a sentence saying there is nothing to count yet.
 */
export function describeSenderRates(counts: EmailCounts): string {
  const rates = senderRates(counts);
  if (!rates) return `No e-mail greetings in the last ${HEALTH_WINDOW_DAYS} days.`;
  const emails = `${rates.sent} ${rates.sent === 1 ? "e-mail" : "e-mails"}`;
  return `${percent(rates.deliveryRate)} delivered, ${percent(rates.bounceRate)} bounced, ${percent(rates.complaintRate)} marked as spam (${emails})`;
}
