import type { PatientIndexRow } from "@/db/queries/patient-index";
import type { SendLogRow } from "@/db/schema";
import type { ChannelMode } from "@/lib/greetings/types";

/*
 * Which of today's birthday patients still need work. Pure. A patient whose greeting is already sent (or failed
 * for good, or owned by a live run) costs no drchrono call; one with a due retry or a row a crash left pending
 * is fetched again even when the index no longer lists today as their birthday.
 */

export interface CandidateWork {
  patientId: number;
  /** The index row, when the patient is in the index. */
  indexed: PatientIndexRow | null;
  /** True when today's send log has rows for the patient (a retry or reconciliation). */
  hasSends: boolean;
}

export interface CandidatePlan {
  work: CandidateWork[];
  /** Every greeting already sent, failed for good, or being sent by another run right now. */
  alreadyHandled: number;
  /** A failed greeting waits for its retry time. */
  waiting: number;
}

/** Channels a patient may be greeted on in this mode: with "both", one sent row is not the end. */
export function expectedSends(mode: ChannelMode): number {
  return mode === "both" ? 2 : 1;
}

export function planCandidates(input: {
  indexRows: readonly PatientIndexRow[];
  todaysSends: readonly SendLogRow[];
  channelMode: ChannelMode;
  now: Date;
  staleBefore: Date;
}): CandidatePlan {
  const sendsByPatient = new Map<number, SendLogRow[]>();
  for (const row of input.todaysSends) {
    const list = sendsByPatient.get(row.patientId) ?? [];
    list.push(row);
    sendsByPatient.set(row.patientId, list);
  }
  const indexed = new Map(input.indexRows.map((row) => [row.patientId, row]));
  const ids = [...new Set([...indexed.keys(), ...sendsByPatient.keys()])].sort((a, b) => a - b);

  const plan: CandidatePlan = { work: [], alreadyHandled: 0, waiting: 0 };
  for (const patientId of ids) {
    const sends = sendsByPatient.get(patientId) ?? [];
    const actionable = sends.some(
      (row) =>
        (row.status === "failed" && row.nextAttemptAt !== null && row.nextAttemptAt <= input.now) ||
        (row.status === "pending" && row.providerId === null && row.updatedAt < input.staleBefore),
    );
    // Every expected channel has its row (at least one), and none needs work now.
    if (!actionable && sends.length >= expectedSends(input.channelMode)) {
      if (sends.some((row) => row.status === "failed" && row.nextAttemptAt !== null)) plan.waiting += 1;
      else plan.alreadyHandled += 1;
      continue;
    }
    plan.work.push({ patientId, indexed: indexed.get(patientId) ?? null, hasSends: sends.length > 0 });
  }
  return plan;
}
