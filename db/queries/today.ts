import "server-only";
import { and, eq, inArray, or, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import { optOuts, patientIndex, sendLog } from "@/db/schema";
import { countDay, type DayCounts, type TodayEntry, todayEntries } from "@/lib/accounts/today";
import { birthdaysOn } from "@/lib/greetings/dates";
import type { IsoDate } from "@/lib/greetings/types";

/*
 * The practice's day, read once for Overview, Upcoming, Skipped and the admin pages alike: today's birthday
 * patients from the index (with the day's outcome), today's send log and staff opt-outs. Account id first.
 */

export interface PracticeDay {
  today: IsoDate;
  entries: TodayEntry[];
  counts: DayCounts;
}

function birthdayToday(today: IsoDate): SQL | undefined {
  return or(
    ...birthdaysOn(today).map((d) =>
      and(eq(patientIndex.birthMonth, d.month), eq(patientIndex.birthDay, d.day)),
    ),
  );
}

export async function readPracticeDay(db: Database, accountId: string, today: IsoDate): Promise<PracticeDay> {
  const [indexRows, sends] = await Promise.all([
    db
      .select({
        patientId: patientIndex.patientId,
        skipReason: patientIndex.skipReason,
        outcomeDate: patientIndex.outcomeDate,
        outcome: patientIndex.outcome,
        outcomeReason: patientIndex.outcomeReason,
      })
      .from(patientIndex)
      .where(
        and(
          eq(patientIndex.accountId, accountId),
          or(birthdayToday(today), eq(patientIndex.outcomeDate, today)),
        ),
      ),
    db
      .select({
        patientId: sendLog.patientId,
        channel: sendLog.channel,
        status: sendLog.status,
        sentAt: sendLog.sentAt,
        deliveryStatus: sendLog.deliveryStatus,
        nextAttemptAt: sendLog.nextAttemptAt,
      })
      .from(sendLog)
      .where(and(eq(sendLog.accountId, accountId), eq(sendLog.localDate, today))),
  ]);
  const ids = [...new Set([...indexRows.map((r) => r.patientId), ...sends.map((s) => s.patientId)])];
  const optedOut =
    ids.length === 0
      ? []
      : await db
          .select({ patientId: optOuts.patientId })
          .from(optOuts)
          .where(
            and(
              eq(optOuts.accountId, accountId),
              eq(optOuts.source, "staff"),
              inArray(optOuts.patientId, ids),
            ),
          );
  const entries = todayEntries({
    today,
    indexRows,
    sends,
    staffOptOuts: new Set(optedOut.map((o) => o.patientId)),
  });
  return { today, entries, counts: countDay(entries) };
}
