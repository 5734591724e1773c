import "server-only";
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { writeAudit } from "@/db/queries/audit";
import {
  accounts,
  auditLog,
  deliverySuppressions,
  providerEvents,
  type SendLogRow,
  sendLog,
} from "@/db/schema";
import { DELIVERY_STATUS_RANK, type DeliveryStatus } from "@/lib/delivery/status";
import type { Channel } from "@/lib/greetings/types";

/*
 * What happened to greetings after the provider took them: provider events, delivery status on the send log,
 * suppressed addresses and numbers (hashes only), and the counts behind sender health.
 *
 * Provider events and the send-log lookup by provider id are the two queries not scoped by account: an event
 * names only the provider's message id, and the send-log row it matches says which account it belongs to.
 * Everything done after that match is scoped by that row's account.
 */

export type ProviderName = "resend" | "twilio";
export type ProviderEventRow = typeof providerEvents.$inferSelect;

export interface ProviderEventInput {
  provider: ProviderName;
  eventId: string;
  messageId: string;
  status: DeliveryStatus;
  errorCode: string | null;
  occurredAt: Date;
  receivedAt: Date;
}

/** Stores an event once; false when the same event id was stored before (a provider's retry). */
export async function recordProviderEvent(db: Database, event: ProviderEventInput): Promise<boolean> {
  const rows = await db
    .insert(providerEvents)
    .values(event)
    .onConflictDoNothing()
    .returning({ eventId: providerEvents.eventId });
  return rows.length > 0;
}

/** The events for one message not yet applied to the send log, oldest first. */
export async function unappliedEventsFor(
  db: Database,
  provider: ProviderName,
  messageId: string,
): Promise<ProviderEventRow[]> {
  return db
    .select()
    .from(providerEvents)
    .where(
      and(
        eq(providerEvents.provider, provider),
        eq(providerEvents.messageId, messageId),
        isNull(providerEvents.appliedAt),
      ),
    )
    .orderBy(asc(providerEvents.occurredAt), asc(providerEvents.receivedAt));
}

export async function markEventApplied(
  db: Database,
  provider: ProviderName,
  eventId: string,
  at: Date,
): Promise<void> {
  await db
    .update(providerEvents)
    .set({ appliedAt: at })
    .where(
      and(
        eq(providerEvents.provider, provider),
        eq(providerEvents.eventId, eventId),
        isNull(providerEvents.appliedAt),
      ),
    );
}

/** The greeting a provider message id belongs to (the id is unique per provider, so per channel). */
export async function findSendByProviderId(
  db: Database,
  channel: Channel,
  providerId: string,
): Promise<SendLogRow | null> {
  const [row] = await db
    .select()
    .from(sendLog)
    .where(and(eq(sendLog.providerId, providerId), eq(sendLog.channel, channel)))
    .limit(1);
  return row ?? null;
}

const rankOf = (column: typeof sendLog.deliveryStatus) =>
  sql`(case ${column} ${sql.join(
    Object.entries(DELIVERY_STATUS_RANK).map(([status, rank]) => sql`when ${status} then ${rank}`),
    sql` `,
  )} else 0 end)`;

/**
 * Moves a greeting's delivery status up the ladder (lib/delivery/status.ts) in one conditional update, so two
 * events applied at once, or in the wrong order, leave the higher (or, at the same rank, the later) one.
 * True when the row changed.
 */
export async function applyDeliveryStatus(
  db: Database,
  accountId: string,
  sendId: string,
  update: { status: DeliveryStatus; errorCode: string | null; at: Date },
): Promise<boolean> {
  const rank = DELIVERY_STATUS_RANK[update.status];
  const current = rankOf(sendLog.deliveryStatus);
  const rows = await db
    .update(sendLog)
    .set({ deliveryStatus: update.status, deliveryStatusAt: update.at, deliveryErrorCode: update.errorCode })
    .where(
      and(
        eq(sendLog.accountId, accountId),
        eq(sendLog.id, sendId),
        sql`(${current} < ${rank} or (${current} = ${rank} and (${sendLog.deliveryStatusAt} is null or ${sendLog.deliveryStatusAt} <= ${update.at})))`,
      ),
    )
    .returning({ id: sendLog.id });
  return rows.length > 0;
}

export type SuppressionReason = "email_bounced" | "sms_undeliverable";

/** Suppresses the address or number (its hash) for this patient; true when it is new. */
export async function addSuppression(
  db: Database,
  accountId: string,
  entry: { patientId: number; channel: Channel; contactHash: string; reason: SuppressionReason; at: Date },
): Promise<boolean> {
  const rows = await db
    .insert(deliverySuppressions)
    .values({
      accountId,
      patientId: entry.patientId,
      channel: entry.channel,
      contactHash: entry.contactHash,
      reason: entry.reason,
      createdAt: entry.at,
    })
    .onConflictDoNothing()
    .returning({ patientId: deliverySuppressions.patientId });
  return rows.length > 0;
}

/** "channel:hash" keys suppressed for each of `patientIds` (patients without any are absent). */
export async function suppressedContactsFor(
  db: Database,
  accountId: string,
  patientIds: readonly number[],
): Promise<Map<number, Set<string>>> {
  const found = new Map<number, Set<string>>();
  const unique = [...new Set(patientIds)];
  for (let i = 0; i < unique.length; i += 5_000) {
    const rows = await db
      .select({
        patientId: deliverySuppressions.patientId,
        channel: deliverySuppressions.channel,
        contactHash: deliverySuppressions.contactHash,
      })
      .from(deliverySuppressions)
      .where(
        and(
          eq(deliverySuppressions.accountId, accountId),
          inArray(deliverySuppressions.patientId, unique.slice(i, i + 5_000)),
        ),
      );
    for (const row of rows) {
      const set = found.get(row.patientId) ?? new Set<string>();
      set.add(`${row.channel}:${row.contactHash}`);
      found.set(row.patientId, set);
    }
  }
  return found;
}

/**
 * Every (account, patient) we ever texted at this number (by its hash), newest text first. Not scoped by account:
 * a STOP reply names only the number, and Twilio blocks that number for our whole messaging service.
 */
export async function smsRecipientsByContactHash(
  db: Database,
  contactHash: string,
): Promise<Array<{ accountId: string; patientId: number }>> {
  const rows = await db
    .select({
      accountId: sendLog.accountId,
      patientId: sendLog.patientId,
      last: sql<Date>`max(${sendLog.sentAt})`,
    })
    .from(sendLog)
    .where(and(eq(sendLog.channel, "sms"), eq(sendLog.contactHash, contactHash)))
    .groupBy(sendLog.accountId, sendLog.patientId)
    .orderBy(desc(sql`max(${sendLog.sentAt})`));
  return rows.map(({ accountId, patientId }) => ({ accountId, patientId }));
}

export interface EmailCounts {
  /** E-mail greetings the provider accepted in the window. */
  sent: number;
  /** Of those, reported delivered (a complaint implies delivery). */
  delivered: number;
  bounced: number;
  complained: number;
}

const countsSelection = {
  sent: sql<number>`count(*)::int`,
  delivered: sql<number>`count(*) filter (where ${sendLog.deliveryStatus} in ('delivered', 'complained'))::int`,
  bounced: sql<number>`count(*) filter (where ${sendLog.deliveryStatus} = 'bounced')::int`,
  complained: sql<number>`count(*) filter (where ${sendLog.deliveryStatus} = 'complained')::int`,
};

/** The account's e-mail greetings accepted since `since`, by what became of them. */
export async function emailCounts(db: Database, accountId: string, since: Date): Promise<EmailCounts> {
  const [row] = await db
    .select(countsSelection)
    .from(sendLog)
    .where(
      and(
        eq(sendLog.accountId, accountId),
        eq(sendLog.channel, "email"),
        eq(sendLog.status, "sent"),
        gte(sendLog.sentAt, since),
      ),
    );
  return row ?? { sent: 0, delivered: 0, bounced: 0, complained: 0 };
}

/** The same counts for every account (support's list), keyed by account id; accounts without e-mail are absent. */
export async function emailCountsByAccount(db: Database, since: Date): Promise<Map<string, EmailCounts>> {
  const rows = await db
    .select({ accountId: sendLog.accountId, ...countsSelection })
    .from(sendLog)
    .where(and(eq(sendLog.channel, "email"), eq(sendLog.status, "sent"), gte(sendLog.sentAt, since)))
    .groupBy(sendLog.accountId);
  return new Map(rows.map(({ accountId, ...counts }) => [accountId, counts]));
}

/** Pauses the account's e-mail greetings; false when they already were paused (one notice per pause). */
export async function pauseEmail(
  db: Database,
  accountId: string,
  reason: string,
  at: Date,
): Promise<boolean> {
  const rows = await db
    .update(accounts)
    .set({ emailPausedAt: at, emailPausedReason: reason, updatedAt: at })
    .where(and(eq(accounts.id, accountId), isNull(accounts.emailPausedAt)))
    .returning({ id: accounts.id });
  return rows.length > 0;
}

/** Support lifts a pause after review; false when e-mail was not paused. */
export async function resumeEmail(db: Database, accountId: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(accounts)
    .set({ emailPausedAt: null, emailPausedReason: null, updatedAt: at })
    .where(and(eq(accounts.id, accountId), isNotNull(accounts.emailPausedAt)))
    .returning({ id: accounts.id });
  return rows.length > 0;
}

/**
 * Support lifts a pause after reviewing the practice's addresses, with the audit entry in the same transaction:
 * the entry's time is where sender health starts counting again. False when e-mail was not paused.
 */
export async function resumeEmailAfterReview(
  db: Database,
  accountId: string,
  review: { adminEmail: string; note: string; at: Date },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const scoped = tx as unknown as Database;
    if (!(await resumeEmail(scoped, accountId, review.at))) return false;
    await writeAudit(scoped, {
      accountId,
      actor: `admin:${review.adminEmail}`,
      action: EMAIL_RESUMED_ACTION,
      detail: { note: review.note },
      at: review.at,
    });
    return true;
  });
}

/** When support last lifted a pause: rates are counted from then, so one review is not undone by old events. */
export async function lastEmailResumedAt(db: Database, accountId: string): Promise<Date | null> {
  const [row] = await db
    .select({ at: auditLog.createdAt })
    .from(auditLog)
    .where(and(eq(auditLog.accountId, accountId), eq(auditLog.action, EMAIL_RESUMED_ACTION)))
    .orderBy(desc(auditLog.createdAt))
    .limit(1);
  return row?.at ?? null;
}

export const EMAIL_PAUSED_ACTION = "email.paused";
export const EMAIL_RESUMED_ACTION = "email.resumed";

/**
 * Remembers an inbound STOP or START by Twilio's message sid, already applied; false when this very message was
 * handled before (Twilio retried the webhook), so an old START can never undo a newer STOP by arriving again.
 */
export async function recordInboundReply(
  db: Database,
  reply: { messageId: string; keyword: "stop" | "start"; at: Date },
): Promise<boolean> {
  const rows = await db
    .insert(providerEvents)
    .values({
      provider: "twilio",
      eventId: `inbound/${reply.messageId}`,
      messageId: reply.messageId,
      status: `reply_${reply.keyword}`,
      occurredAt: reply.at,
      receivedAt: reply.at,
      appliedAt: reply.at,
    })
    .onConflictDoNothing()
    .returning({ eventId: providerEvents.eventId });
  return rows.length > 0;
}
