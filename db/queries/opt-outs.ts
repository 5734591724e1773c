import "server-only";
import { and, desc, eq, inArray } from "drizzle-orm";
import type { Database } from "@/db/client";
import { optOuts } from "@/db/schema";
import type { OptOutFlags } from "@/lib/greetings/types";
import { type AuditActor, writeAudit } from "./audit";

/*
 * Opt-outs: a patient is not greeted after staff opted them out, after they unsubscribed from e-mail, or after
 * they replied STOP to a text. One row per (account, patient, source); every query is scoped by account.
 * Each change is written to the audit log in the same transaction, so the trail never disagrees with the state.
 */

export type OptOutSource = (typeof optOuts.$inferSelect)["source"];
export type OptOutRow = typeof optOuts.$inferSelect;

export interface OptOutInput {
  accountId: string;
  patientId: number;
  source: OptOutSource;
  /** "patient" for unsubscribe/STOP, "user:<uuid>" for staff, "system" for automatic ones. */
  actor: AuditActor;
  reason?: string | null;
  at?: Date;
}

/** Records an opt-out; true when it is new. Recording the same one again changes nothing (and audits nothing). */
export async function recordOptOut(db: Database, input: OptOutInput): Promise<boolean> {
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(optOuts)
      .values({
        accountId: input.accountId,
        patientId: input.patientId,
        source: input.source,
        actor: input.actor,
        reason: input.reason ?? null,
        ...(input.at ? { createdAt: input.at } : {}),
      })
      .onConflictDoNothing()
      .returning({ patientId: optOuts.patientId });
    if (inserted.length === 0) return false;
    await writeAudit(tx as unknown as Database, {
      accountId: input.accountId,
      actor: input.actor,
      action: "opt_out.recorded",
      detail: { patientId: input.patientId, source: input.source },
      at: input.at,
    });
    return true;
  });
}

/**
 * Lifts a staff opt-out; true when there was one. Only staff opt-outs can be lifted by staff: a patient's own
 * unsubscribe or STOP stands until the patient changes it.
 */
export async function removeStaffOptOut(
  db: Database,
  input: { accountId: string; patientId: number; actor: AuditActor; at?: Date },
): Promise<boolean> {
  return liftOptOut(db, { ...input, source: "staff" });
}

/**
 * Lifts an opt-out that came by text (a STOP reply, or Twilio's 21610) when the patient texts START or UNSTOP;
 * true when there was one. Staff and e-mail opt-outs are untouched.
 */
export async function liftSmsStop(
  db: Database,
  input: { accountId: string; patientId: number; at?: Date },
): Promise<boolean> {
  return liftOptOut(db, { ...input, source: "sms_stop", actor: "patient" });
}

/** Deletes one source's opt-out and audits it in the same transaction; true when there was one. */
async function liftOptOut(
  db: Database,
  input: { accountId: string; patientId: number; source: OptOutSource; actor: AuditActor; at?: Date },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const removed = await tx
      .delete(optOuts)
      .where(
        and(
          eq(optOuts.accountId, input.accountId),
          eq(optOuts.patientId, input.patientId),
          eq(optOuts.source, input.source),
        ),
      )
      .returning({ patientId: optOuts.patientId });
    if (removed.length === 0) return false;
    await writeAudit(tx as unknown as Database, {
      accountId: input.accountId,
      actor: input.actor,
      action: "opt_out.removed",
      detail: { patientId: input.patientId, source: input.source },
      at: input.at,
    });
    return true;
  });
}

const NONE: OptOutFlags = { staff: false, emailUnsubscribed: false, smsStopped: false };
const CHUNK = 5_000;

/** Opt-out flags for each of `patientIds` (every id gets an entry; all false when nothing is recorded). */
export async function optOutFlagsFor(
  db: Database,
  accountId: string,
  patientIds: readonly number[],
): Promise<Map<number, OptOutFlags>> {
  const flags = new Map<number, OptOutFlags>(patientIds.map((id) => [id, { ...NONE }]));
  const unique = [...flags.keys()];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const rows = await db
      .select({ patientId: optOuts.patientId, source: optOuts.source })
      .from(optOuts)
      .where(and(eq(optOuts.accountId, accountId), inArray(optOuts.patientId, unique.slice(i, i + CHUNK))));
    for (const row of rows) {
      const entry = flags.get(row.patientId);
      if (!entry) continue;
      if (row.source === "staff") entry.staff = true;
      else if (row.source === "email_unsubscribe") entry.emailUnsubscribed = true;
      else entry.smsStopped = true;
    }
  }
  return flags;
}

/** Newest first. */
export async function listOptOuts(db: Database, accountId: string): Promise<OptOutRow[]> {
  return db
    .select()
    .from(optOuts)
    .where(eq(optOuts.accountId, accountId))
    .orderBy(desc(optOuts.createdAt), desc(optOuts.patientId));
}

/** Whether the patient already unsubscribed from e-mail (the unsubscribe page says so instead of asking again). */
export async function hasOptOut(
  db: Database,
  accountId: string,
  patientId: number,
  source: OptOutSource,
): Promise<boolean> {
  const rows = await db
    .select({ patientId: optOuts.patientId })
    .from(optOuts)
    .where(
      and(eq(optOuts.accountId, accountId), eq(optOuts.patientId, patientId), eq(optOuts.source, source)),
    )
    .limit(1);
  return rows.length > 0;
}
