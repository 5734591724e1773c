import "server-only";
import type { Database } from "@/db/client";
import { getAccount } from "@/db/queries/accounts";
import { writeAudit } from "@/db/queries/audit";
import {
  addSuppression,
  applyDeliveryStatus,
  EMAIL_PAUSED_ACTION,
  emailCounts,
  findSendByProviderId,
  lastEmailResumedAt,
  markEventApplied,
  type ProviderEventInput,
  type ProviderEventRow,
  type ProviderName,
  pauseEmail,
  recordProviderEvent,
  unappliedEventsFor,
} from "@/db/queries/delivery";
import { recordOptOut } from "@/db/queries/opt-outs";
import type { Account, SendLogRow } from "@/db/schema";
import { TWILIO_STOPPED } from "@/lib/channels/types";
import { HEALTH_WINDOW_DAYS, pauseReason } from "./health";
import {
  type DeliveryStatus,
  isDeliveryStatus,
  isHardBounce,
  TWILIO_UNREACHABLE_NUMBER_CODES,
} from "./status";

/*
 * A provider event becomes a delivery status on the greeting's send-log row, and sometimes more:
 *   - a hard bounce suppresses that address for that patient (by hash), and may pause the practice's e-mail;
 *   - a complaint unsubscribes the patient from e-mail greetings, and may pause the practice's e-mail;
 *   - a text to a number that cannot receive texts suppresses that number for that patient;
 *   - Twilio 21610 (the number replied STOP) records an SMS opt-out.
 *
 * Every event is stored first, idempotent by the provider's event id. It is applied when its send-log row carries
 * the provider's message id: at once, or — when it came before our own row was committed — by deliver.ts right
 * after it records the provider id. Both sides look for the other after writing, so one of them always applies
 * it; applying twice changes nothing (the status only climbs, the side effects are inserts that ignore repeats).
 */

export interface DeliveryEventDeps {
  db: Database;
  now: () => Date;
  /** Tells the practice and support about an automatic e-mail pause; its failures never fail the event. */
  notifyEmailPaused?(account: Account, pause: { reason: string; at: Date }): Promise<void>;
  log?(line: string): void;
}

export interface ProviderEvent {
  provider: ProviderName;
  eventId: string;
  messageId: string;
  status: DeliveryStatus;
  errorCode: string | null;
  occurredAt: Date;
}

const CHANNEL_OF = { resend: "email", twilio: "sms" } as const;

/** Stores a verified event and applies it when its greeting is known. Never throws on the event's content. */
export async function receiveProviderEvent(
  deps: DeliveryEventDeps,
  event: ProviderEvent,
): Promise<"applied" | "stored" | "duplicate"> {
  const input: ProviderEventInput = { ...event, receivedAt: deps.now() };
  const fresh = await recordProviderEvent(deps.db, input);
  // A repeat of an event still unapplied is worth another look: its row may exist by now.
  const applied = await applyStoredEvents(deps, event.provider, event.messageId);
  if (applied > 0) return "applied";
  return fresh ? "stored" : "duplicate";
}

/** Applies the stored, unapplied events of one provider message to its send-log row; the number applied. */
export async function applyStoredEvents(
  deps: DeliveryEventDeps,
  provider: ProviderName,
  messageId: string,
): Promise<number> {
  const events = await unappliedEventsFor(deps.db, provider, messageId);
  if (events.length === 0) return 0;
  const row = await findSendByProviderId(deps.db, CHANNEL_OF[provider], messageId);
  if (!row) return 0;
  let healthChanged = false;
  for (const event of events) {
    if (!isDeliveryStatus(event.status)) continue;
    healthChanged = (await applyEvent(deps, row, event, event.status)) || healthChanged;
    await markEventApplied(deps.db, provider, event.eventId, deps.now());
  }
  if (healthChanged) await checkSenderHealth(deps, row.accountId);
  return events.length;
}

/** One event's effects on its greeting; true when it may have changed the practice's sender health. */
async function applyEvent(
  deps: DeliveryEventDeps,
  row: SendLogRow,
  event: ProviderEventRow,
  status: DeliveryStatus,
): Promise<boolean> {
  const { db } = deps;
  await applyDeliveryStatus(db, row.accountId, row.id, {
    status,
    errorCode: event.errorCode,
    at: event.occurredAt,
  });
  const at = deps.now();
  if (row.channel === "email" && status === "bounced") {
    if (row.contactHash && isHardBounce(event.errorCode)) {
      await addSuppression(db, row.accountId, {
        patientId: row.patientId,
        channel: "email",
        contactHash: row.contactHash,
        reason: "email_bounced",
        at,
      });
    }
    return true;
  }
  if (row.channel === "email" && status === "complained") {
    await recordOptOut(db, {
      accountId: row.accountId,
      patientId: row.patientId,
      source: "email_unsubscribe",
      actor: "patient",
      reason: "Marked a birthday greeting as spam (complaint reported by the mail provider)",
      at,
    });
    return true;
  }
  if (row.channel === "sms" && (status === "undelivered" || status === "failed")) {
    if (event.errorCode === TWILIO_STOPPED) {
      await recordOptOut(db, {
        accountId: row.accountId,
        patientId: row.patientId,
        source: "sms_stop",
        actor: "patient",
        reason: "Twilio 21610: the recipient replied STOP",
        at,
      });
    } else if (row.contactHash && event.errorCode && TWILIO_UNREACHABLE_NUMBER_CODES.has(event.errorCode)) {
      await addSuppression(db, row.accountId, {
        patientId: row.patientId,
        channel: "sms",
        contactHash: row.contactHash,
        reason: "sms_undeliverable",
        at,
      });
    }
  }
  return false;
}

/**
 * Pauses the practice's e-mail when its bounces or complaints since the later of 30 days ago and support's last
 * review cross a threshold; tells the practice and support once per pause, and audits it.
 */
export async function checkSenderHealth(deps: DeliveryEventDeps, accountId: string): Promise<boolean> {
  const now = deps.now();
  const windowStart = new Date(now.getTime() - HEALTH_WINDOW_DAYS * 24 * 60 * 60_000);
  const reviewed = await lastEmailResumedAt(deps.db, accountId);
  const since = reviewed && reviewed > windowStart ? reviewed : windowStart;
  const reason = pauseReason(await emailCounts(deps.db, accountId, since));
  if (!reason) return false;
  if (!(await pauseEmail(deps.db, accountId, reason, now))) return false;
  await writeAudit(deps.db, {
    accountId,
    actor: "system",
    action: EMAIL_PAUSED_ACTION,
    detail: { reason },
    at: now,
  });
  const account = await getAccount(deps.db, accountId);
  if (account && deps.notifyEmailPaused) {
    try {
      await deps.notifyEmailPaused(account, { reason, at: now });
    } catch (error) {
      deps.log?.(`account ${accountId}: e-mail pause notice failed: ${(error as Error)?.name ?? "error"}`);
    }
  }
  return true;
}
