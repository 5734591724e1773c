import "server-only";
import { desc, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { auditLog } from "@/db/schema";

/**
 * The audit trail: who changed what, and when. Actors are "user:<uuid>", "admin:<email>", "patient" or "system".
 * Details must never carry patient data (names, contacts, birth dates) — ids and settings only.
 */

/** "drchrono-user:<id>" is someone whose sign-in was refused before they became one of our users. */
export type AuditActor =
  | `user:${string}`
  | `admin:${string}`
  | `drchrono-user:${string}`
  | "patient"
  | "system";

export interface AuditEntry {
  accountId: string | null;
  actor: AuditActor;
  action: string;
  detail?: Record<string, unknown>;
  /** Defaults to the database's now(); pass the app clock when the time matters to a test or the sandbox. */
  at?: Date;
}

export type AuditRow = typeof auditLog.$inferSelect;

export async function writeAudit(db: Database, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    accountId: entry.accountId,
    actor: entry.actor,
    action: entry.action,
    detail: entry.detail ?? {},
    ...(entry.at ? { createdAt: entry.at } : {}),
  });
}

/** Newest first. */
export async function listAuditForAccount(db: Database, accountId: string, limit = 50): Promise<AuditRow[]> {
  return db
    .select()
    .from(auditLog)
    .where(eq(auditLog.accountId, accountId))
    .orderBy(desc(auditLog.createdAt))
    .limit(limit);
}
