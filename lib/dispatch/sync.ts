import "server-only";
import type { Database } from "@/db/client";
import {
  deleteUnseenIndexRows,
  INDEX_BATCH_SIZE,
  type PatientIndexRow,
  recordIndexSync,
  saveFullSyncCursor,
  upsertIndexRows,
} from "@/db/queries/patient-index";
import type { Account } from "@/db/schema";
import { type DrchronoApi, DrchronoError, type ParsedPatient } from "@/lib/drchrono/types";
import { classifyRecord } from "@/lib/greetings";
import type { IsoDate, PatientRecord } from "@/lib/greetings/types";
import type { SyncSummary } from "./types";

/*
 * Keeps the minimal patient index current. The first run (and a periodic full pass) lists every patient and
 * drops those drchrono no longer has, resuming across runs when it cannot finish in one; other runs list only
 * patients changed since the last listing started, with an overlap for clock skew and for changes made while
 * that listing was paging.
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

export interface SyncInput {
  db: Database;
  api: DrchronoApi;
  account: Account;
  today: IsoDate;
  todays: ReadonlyArray<{ month: number; day: number }>;
  /** The real time the listing starts: the next incremental sync asks for changes since then. */
  listingStartedAt: Date;
  incremental: boolean;
  /** Asked between the pages of a full listing: true stops it, keeping its cursor for the next run. */
  shouldStop?: () => boolean;
}

export async function syncPatientIndex(input: SyncInput): Promise<SyncResult> {
  const { account } = input;
  const resuming = account.fullSyncCursor !== null;
  if (resuming || needsFullSync(account, input.listingStartedAt, input.incremental))
    return fullListing(input);
  return sinceListing(input);
}

/** Patients changed since the last listing started (minus an overlap): usually a single page. */
async function sinceListing(input: SyncInput): Promise<SyncResult> {
  const { db, api, account } = input;
  const since = new Date((account.lastSyncAt as Date).getTime() - SINCE_OVERLAP_MS).toISOString();
  const summary: SyncSummary = { kind: "incremental", listed: 0, malformed: 0, removed: 0, complete: true };
  const collector = new IndexCollector(input, summary);
  for await (const parsed of api.patients({ since })) await collector.add(parsed);
  await collector.flush();
  await recordIndexSync(db, account.id, { listingStartedAt: input.listingStartedAt, full: false });
  return { summary, fresh: collector.fresh };
}

/**
 * Every patient, page by page. The cursor (drchrono's opaque `next` URL) is saved after each page, so a listing
 * cut short by the time budget, the call budget or an outage resumes where it stopped in a later run, across
 * hours, instead of starting again. Only a listing that ran to the end may conclude that a patient vanished.
 */
async function fullListing(input: SyncInput): Promise<SyncResult> {
  const { db, api, account } = input;
  const resumeFrom = account.fullSyncCursor ?? undefined;
  const startedAt = (resumeFrom && account.fullSyncStartedAt) || input.listingStartedAt;
  if (!resumeFrom) await saveFullSyncCursor(db, account.id, { cursor: null, startedAt });
  const summary: SyncSummary = { kind: "full", listed: 0, malformed: 0, removed: 0, complete: false };
  const collector = new IndexCollector(input, summary);
  const seen = new Set<string>();
  let cursor = resumeFrom;
  while (true) {
    if (input.shouldStop?.()) return { summary, fresh: collector.fresh };
    const page = await api.patientPage({}, cursor);
    for (const parsed of page.results) await collector.add(parsed);
    await collector.flush();
    if (page.next === null) break;
    if (seen.has(page.next) || page.next === cursor) {
      // A cursor that loops would fail every later run: forget it, the next run starts the listing again.
      await saveFullSyncCursor(db, account.id, { cursor: null, startedAt: null });
      throw new DrchronoError("bad_response", "listing repeated a page cursor", undefined, {
        path: "/api/patients",
      });
    }
    seen.add(page.next);
    cursor = page.next;
    await saveFullSyncCursor(db, account.id, { cursor, startedAt });
  }
  summary.removed = await deleteUnseenIndexRows(db, account.id, startedAt);
  // The next since-listing starts from when this listing started: changes made while it paged are caught.
  await recordIndexSync(db, account.id, { listingStartedAt: startedAt, full: true });
  await saveFullSyncCursor(db, account.id, { cursor: null, startedAt: null });
  summary.complete = true;
  return { summary, fresh: collector.fresh };
}

/** Listed records into index rows, in batches; keeps today's birthdays' records as fresh as a fetch. */
class IndexCollector {
  readonly fresh = new Map<number, PatientRecord>();
  // Keyed by patient: a listing that changes while paging may repeat a patient, and one INSERT … ON CONFLICT
  // statement must not touch a row twice.
  private batch = new Map<number, PatientIndexRow>();

  constructor(
    private readonly input: SyncInput,
    private readonly summary: SyncSummary,
  ) {}

  async add(parsed: ParsedPatient): Promise<void> {
    this.summary.listed += 1;
    if (!parsed.ok) {
      this.summary.malformed += 1;
      return;
    }
    const row = indexRowFor(parsed.patient, this.input.today);
    this.batch.set(row.patientId, row);
    const isToday = this.input.todays.some((d) => d.month === row.birthMonth && d.day === row.birthDay);
    if (isToday && this.fresh.size < MAX_FRESH_RECORDS) this.fresh.set(row.patientId, parsed.patient);
    if (this.batch.size >= INDEX_BATCH_SIZE) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.batch.size === 0) return;
    const rows = [...this.batch.values()];
    this.batch = new Map();
    await upsertIndexRows(this.input.db, this.input.account.id, rows, this.input.listingStartedAt);
  }
}
