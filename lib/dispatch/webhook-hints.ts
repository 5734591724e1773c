import "server-only";
import type { Database } from "@/db/client";
import {
  deleteIndexRow,
  forgetDecisions,
  indexRowsFor,
  type PatientIndexRow,
  upsertIndexRows,
} from "@/db/queries/patient-index";
import { countWebhookHints, dropWebhookHints, pendingWebhookHints } from "@/db/queries/webhooks";
import { type DrchronoApi, DrchronoError } from "@/lib/drchrono/types";
import type { IsoDate } from "@/lib/greetings/types";
import { indexRowFor } from "./sync";

/*
 * Applies the hints drchrono's webhooks left (lib/webhooks/drchrono.ts). A hint says only "patient N changed";
 * what changes is decided by reading patient N again from drchrono with the practice's own token, so a forged
 * or replayed delivery can cost at most one read, never change data or suppress a greeting.
 * - At most MAX_HINTS_PER_RUN reads per account per run; the rest wait for the next run.
 * - Each patient is read at most once per run: the hint is dropped once read (a hint that arrives during the run
 *   waits for the next one).
 * - Reads go through the same client, so they count against the same call budget; when the budget or drchrono
 *   says stop, the remaining hints wait.
 * - A read that changes the index row also forgets today's remembered decision: the patient is decided again.
 */

export const MAX_HINTS_PER_RUN = 25;

export interface HintSummary {
  read: number;
  changed: number;
  gone: number;
  /** Left for a later run (over the cap, or the budget ran out). */
  waiting: number;
}

const STOP_CODES = new Set(["budget_exhausted", "rate_limited", "unavailable"]);

function sameRow(a: PatientIndexRow | undefined, b: PatientIndexRow): boolean {
  return (
    a !== undefined &&
    a.doctorId === b.doctorId &&
    a.birthMonth === b.birthMonth &&
    a.birthDay === b.birthDay &&
    a.skipReason === b.skipReason
  );
}

export async function applyWebhookHints(input: {
  db: Database;
  api: DrchronoApi;
  accountId: string;
  today: IsoDate;
  /** The run's start: hints received later wait for the next run. */
  receivedBy: Date;
  limit?: number;
}): Promise<HintSummary> {
  const { db, api, accountId, today, receivedBy } = input;
  const limit = input.limit ?? MAX_HINTS_PER_RUN;
  const hinted = await pendingWebhookHints(db, accountId, receivedBy, limit);
  const known = new Map((await indexRowsFor(db, accountId, hinted)).map((row) => [row.patientId, row]));
  const summary: HintSummary = { read: 0, changed: 0, gone: 0, waiting: 0 };
  const done: number[] = [];
  for (const patientId of hinted) {
    let parsed: Awaited<ReturnType<DrchronoApi["patient"]>>;
    try {
      parsed = await api.patient(patientId);
    } catch (error) {
      if (error instanceof DrchronoError && STOP_CODES.has(error.code)) break;
      await dropWebhookHints(db, accountId, done, receivedBy);
      throw error;
    }
    summary.read += 1;
    done.push(patientId);
    if (parsed === null) {
      // drchrono itself says the patient is gone (the body's word would not count).
      if (known.has(patientId)) {
        await deleteIndexRow(db, accountId, patientId);
        summary.gone += 1;
      }
      continue;
    }
    if (!parsed.ok) continue;
    const row = indexRowFor(parsed.patient, today);
    if (sameRow(known.get(patientId), row)) continue;
    await upsertIndexRows(db, accountId, [row], receivedBy);
    await forgetDecisions(db, accountId, [patientId]);
    summary.changed += 1;
  }
  await dropWebhookHints(db, accountId, done, receivedBy);
  summary.waiting = await countWebhookHints(db, accountId, receivedBy);
  return summary;
}
