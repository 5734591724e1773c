import "server-only";
import { and, asc, desc, eq, gte, inArray, lte, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import { sendLog } from "@/db/schema";
import type { HistoryFilters } from "@/lib/accounts/forms";

/*
 * The greeting history (the send log) as the practice sees it. Always filtered by the session's account first.
 */

export interface HistoryRow {
  id: string;
  patientId: number;
  localDate: string;
  channel: "email" | "sms";
  status: "pending" | "sent" | "failed";
  sentAt: Date | null;
  error: string | null;
  /** What the provider reported afterwards (lib/delivery/status.ts), when it changed, and its error code. */
  deliveryStatus: string | null;
  deliveryStatusAt: Date | null;
  deliveryErrorCode: string | null;
}

const columns = {
  id: sendLog.id,
  patientId: sendLog.patientId,
  localDate: sendLog.localDate,
  channel: sendLog.channel,
  status: sendLog.status,
  sentAt: sendLog.sentAt,
  error: sendLog.error,
  deliveryStatus: sendLog.deliveryStatus,
  deliveryStatusAt: sendLog.deliveryStatusAt,
  deliveryErrorCode: sendLog.deliveryErrorCode,
};

function historyWhere(accountId: string, f: HistoryFilters): SQL | undefined {
  return and(
    eq(sendLog.accountId, accountId),
    f.from ? gte(sendLog.localDate, f.from) : undefined,
    f.to ? lte(sendLog.localDate, f.to) : undefined,
    f.channel ? eq(sendLog.channel, f.channel) : undefined,
    f.status ? eq(sendLog.status, f.status) : undefined,
  );
}

/** Newest first. Asks for one row more than `limit` so the page knows whether another follows. */
export async function listHistory(
  db: Database,
  accountId: string,
  filters: HistoryFilters,
  page: { limit: number; offset: number },
): Promise<{ rows: HistoryRow[]; hasMore: boolean }> {
  const rows = await db
    .select(columns)
    .from(sendLog)
    .where(historyWhere(accountId, filters))
    .orderBy(desc(sendLog.localDate), desc(sendLog.createdAt), desc(sendLog.id))
    .limit(page.limit + 1)
    .offset(page.offset);
  return { rows: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
}

/** Every matching row, in batches, for the CSV export (memory stays flat however long the history is). */
export async function* eachHistoryRow(
  db: Database,
  accountId: string,
  filters: HistoryFilters,
  batchSize = 1000,
): AsyncGenerator<HistoryRow> {
  for (let offset = 0; ; offset += batchSize) {
    const { rows, hasMore } = await listHistory(db, accountId, filters, { limit: batchSize, offset });
    yield* rows;
    if (!hasMore) return;
  }
}

export type GreetingStatus = "sent" | "pending" | "failed";

export interface GreetingDelivery {
  channel: "email" | "sms";
  deliveryStatus: string | null;
  deliveryErrorCode: string | null;
}

export interface GreetingSummary {
  /** "sent" when any channel went out, else the most hopeful of the others. */
  status: GreetingStatus;
  /** What the provider reported for each channel that went out, e-mail first. */
  delivered: GreetingDelivery[];
}

/**
 * This year's greeting per patient of the account. Patients without a send-log row for the year are absent from
 * the map.
 */
export async function greetingStatusFor(
  db: Database,
  accountId: string,
  patientIds: readonly number[],
  birthdayYear: number,
): Promise<Map<number, GreetingSummary>> {
  const result = new Map<number, GreetingSummary>();
  if (patientIds.length === 0) return result;
  const rows = await db
    .select({
      patientId: sendLog.patientId,
      channel: sendLog.channel,
      status: sendLog.status,
      deliveryStatus: sendLog.deliveryStatus,
      deliveryErrorCode: sendLog.deliveryErrorCode,
    })
    .from(sendLog)
    .where(
      and(
        eq(sendLog.accountId, accountId),
        eq(sendLog.birthdayYear, birthdayYear),
        inArray(sendLog.patientId, [...patientIds]),
      ),
    )
    .orderBy(asc(sendLog.channel));
  const rank: Record<GreetingStatus, number> = { sent: 3, pending: 2, failed: 1 };
  for (const { patientId, channel, status, deliveryStatus, deliveryErrorCode } of rows) {
    const known = result.get(patientId) ?? { status, delivered: [] };
    if (rank[status] > rank[known.status]) known.status = status;
    if (status === "sent") known.delivered.push({ channel, deliveryStatus, deliveryErrorCode });
    result.set(patientId, known);
  }
  return result;
}
