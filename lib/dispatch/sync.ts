import "server-only";
import type { Database } from "@/db/client";
import {
  deleteUnseenIndexRows,
  INDEX_BATCH_SIZE,
  type PatientIndexRow,
  recordIndexSync,
  upsertIndexRows,
} from "@/db/queries/patient-index";
import type { Account } from "@/db/schema";
import type { DrchronoApi } from "@/lib/drchrono/types";
import { classifyRecord } from "@/lib/greetings";
import type { IsoDate, PatientRecord } from "@/lib/greetings/types";
import type { SyncSummary } from "./types";

/*
 * Keeps the minimal patient index current. The first run (and a periodic full pass) lists every patient and
 * drops those drchrono no longer has; other runs list only patients changed since the last listing started,
 * with an overlap for clock skew and for changes made while that listing was paging.
 */

export const FULL_SYNC_EVERY_MS = 7 * 24 * 3_600_000;
export const SINCE_OVERLAP_MS = 3_600_000;
/** Fresh records of today's birthdays kept from the listing (so they need no second fetch); bounded memory. */
export const MAX_FRESH_RECORDS = 2_000;

export function indexRowFor(patient: PatientRecord, today: IsoDate): PatientIndexRow {
  const { birth, skip } = classifyRecord(patient, today);
  return {
    patientId: patient.id,
    doctorId: patient.doctorId,
    birthMonth: birth?.month ?? null,
    birthDay: birth?.day ?? null,
    skipReason: skip?.reason ?? null,
  };
}

export function needsFullSync(account: Account, now: Date, incremental: boolean): boolean {
  if (!incremental || !account.lastSyncAt || !account.lastFullSyncAt) return true;
  // A clock that went back before the last listing (a sandbox demo moved to an earlier SANDBOX_NOW) would ask
  // drchrono for changes "since the future": nothing. List everything once instead.
  if (account.lastSyncAt.getTime() > now.getTime()) return true;
  return now.getTime() - account.lastFullSyncAt.getTime() >= FULL_SYNC_EVERY_MS;
}

export interface SyncResult {
  summary: SyncSummary;
  /** Listed records whose birthday is one of `todays` days: as fresh as a fetch made now. */
  fresh: Map<number, PatientRecord>;
}

export async function syncPatientIndex(input: {
  db: Database;
  api: DrchronoApi;
  account: Account;
  today: IsoDate;
  todays: ReadonlyArray<{ month: number; day: number }>;
  /** The real time the listing starts: the next incremental sync asks for changes since then. */
  listingStartedAt: Date;
  incremental: boolean;
}): Promise<SyncResult> {
  const { db, api, account, today } = input;
  const full = needsFullSync(account, input.listingStartedAt, input.incremental);
  const since = full
    ? undefined
    : new Date((account.lastSyncAt as Date).getTime() - SINCE_OVERLAP_MS).toISOString();
  const isToday = (row: PatientIndexRow) =>
    input.todays.some((d) => d.month === row.birthMonth && d.day === row.birthDay);

  const summary: SyncSummary = { kind: full ? "full" : "incremental", listed: 0, malformed: 0, removed: 0 };
  const fresh = new Map<number, PatientRecord>();
  // Keyed by patient: a listing that changes while paging may repeat a patient, and one INSERT … ON CONFLICT
  // statement must not touch a row twice.
  let batch = new Map<number, PatientIndexRow>();
  for await (const parsed of api.patients(since ? { since } : {})) {
    summary.listed += 1;
    if (!parsed.ok) {
      summary.malformed += 1;
      continue;
    }
    const row = indexRowFor(parsed.patient, today);
    batch.set(row.patientId, row);
    if (isToday(row) && fresh.size < MAX_FRESH_RECORDS) fresh.set(row.patientId, parsed.patient);
    if (batch.size >= INDEX_BATCH_SIZE) {
      await upsertIndexRows(db, account.id, [...batch.values()], input.listingStartedAt);
      batch = new Map();
    }
  }
  await upsertIndexRows(db, account.id, [...batch.values()], input.listingStartedAt);
  // Only a listing that ran to the end may conclude that a patient vanished.
  if (full) summary.removed = await deleteUnseenIndexRows(db, account.id, input.listingStartedAt);
  await recordIndexSync(db, account.id, { listingStartedAt: input.listingStartedAt, full });
  return { summary, fresh };
}
