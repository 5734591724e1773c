/*
 * What a provider said happened to a greeting after it accepted it, in one vocabulary for Resend and Twilio.
 * Pure: no I/O.
 *
 * Events arrive late, twice and out of order, so a status only ever moves up this ladder; between two events of
 * the same rank the later one wins. A late "sent" therefore never overwrites "delivered", and a complaint (which
 * follows delivery) always shows.
 *
 *   queued < sent < delayed < delivered < undelivered = failed = bounced < complained
 */

export const DELIVERY_STATUSES = [
  "queued",
  "sent",
  "delayed",
  "delivered",
  "undelivered",
  "failed",
  "bounced",
  "complained",
] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const DELIVERY_STATUS_RANK: Record<DeliveryStatus, number> = {
  queued: 1,
  sent: 2,
  delayed: 3,
  delivered: 4,
  undelivered: 5,
  failed: 5,
  bounced: 5,
  complained: 6,
};

export function isDeliveryStatus(value: unknown): value is DeliveryStatus {
  return typeof value === "string" && (DELIVERY_STATUSES as readonly string[]).includes(value);
}

/** Whether `next` (at `nextAt`) replaces `current` (at `currentAt`). */
export function supersedes(
  next: { status: DeliveryStatus; at: Date },
  current: { status: string | null; at: Date | null },
): boolean {
  if (!isDeliveryStatus(current.status)) return true;
  const rank = DELIVERY_STATUS_RANK[next.status];
  const currentRank = DELIVERY_STATUS_RANK[current.status];
  if (rank !== currentRank) return rank > currentRank;
  return current.at === null || next.at.getTime() >= current.at.getTime();
}

/** How History, the CSV and the patient's row name each status. */
export const DELIVERY_STATUS_LABELS: Record<DeliveryStatus, string> = {
  queued: "Queued",
  sent: "Sent",
  delayed: "Delayed",
  delivered: "Delivered",
  undelivered: "Undelivered",
  failed: "Failed",
  bounced: "Bounced",
  complained: "Complained",
};

/**
 * Twilio error codes meaning the number itself cannot receive our texts (not a passing network problem), so the
 * number is suppressed for the patient until the chart holds another one.
 * 30003 unreachable handset, 30005 unknown or inactive number, 30006 landline or unreachable carrier,
 * 30004 message blocked by the recipient, 21211 invalid 'To' number, 21614 not a mobile number.
 */
export const TWILIO_UNREACHABLE_NUMBER_CODES = new Set([
  "30003",
  "30004",
  "30005",
  "30006",
  "21211",
  "21614",
]);

const TWILIO_REASONS: Record<string, string> = {
  "30001": "Twilio's queue was full; the text was not sent",
  "30002": "the Twilio account was suspended",
  "30003": "the phone is switched off or out of reach",
  "30004": "the recipient blocked texts from this number",
  "30005": "the number does not exist or is no longer in service",
  "30006": "the number is a landline or its carrier cannot receive texts",
  "30007": "the carrier filtered the text as unwanted",
  "30008": "the carrier gave no reason",
  "21211": "the number is not a valid phone number",
  "21610": "the patient replied STOP",
  "21614": "the number is not a mobile number",
};

/**
 * A plain-words reason for a delivery status, for front-desk staff; null when the status needs none.
 * `errorCode` is what the provider sent: a Twilio error code, or for Resend the bounce type ("Permanent/General").
 */
export function deliveryReason(status: DeliveryStatus, errorCode: string | null): string | null {
  switch (status) {
    case "delayed":
      return "the patient's mail server has not accepted it yet; Resend keeps trying";
    case "bounced":
      return errorCode === "suppressed"
        ? "the address is on the e-mail provider's list of addresses that bounced before"
        : errorCode?.startsWith("Transient")
          ? "the mailbox could not take it (full or temporarily unavailable)"
          : "the e-mail address does not exist or refuses mail; correct it on the chart in drchrono";
    case "complained":
      return "the patient marked the greeting as spam; they are unsubscribed from e-mail greetings";
    case "undelivered":
    case "failed": {
      const known = errorCode ? TWILIO_REASONS[errorCode] : undefined;
      if (known) return known;
      return errorCode ? `the provider reported error ${errorCode}` : "the provider gave no reason";
    }
    default:
      return null;
  }
}

/** A Resend bounce that means the address will never take mail (anything but an explicitly transient one). */
export function isHardBounce(errorCode: string | null): boolean {
  return !errorCode?.startsWith("Transient");
}
