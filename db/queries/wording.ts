import "server-only";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { type AuditActor, writeAudit } from "@/db/queries/audit";
import { doctors, greetingTemplates } from "@/db/schema";
import type { Language } from "@/lib/greetings/language";

/*
 * How the practice words and signs its greeting: its own wording per language (none stored: ours) and each doctor's
 * sign-off. Practice text and doctors' names only, never patient data. Who signs and the send hour are settings
 * (settings.ts).
 */

/** The practice's own wording per language; a language absent here is greeted in ours. */
export async function getWording(
  db: Database,
  accountId: string,
): Promise<Partial<Record<Language, string>>> {
  const rows = await db
    .select({ language: greetingTemplates.language, body: greetingTemplates.body })
    .from(greetingTemplates)
    .where(eq(greetingTemplates.accountId, accountId));
  const wording: Partial<Record<Language, string>> = {};
  for (const row of rows)
    if (row.language === "en" || row.language === "es") wording[row.language] = row.body;
  return wording;
}

/** Stores the practice's wording for a language, or (body null) goes back to ours. */
export async function saveWording(
  db: Database,
  accountId: string,
  language: Language,
  body: string | null,
  actor: AuditActor,
  at: Date,
): Promise<void> {
  await db.transaction(async (tx) => {
    if (body === null)
      await tx
        .delete(greetingTemplates)
        .where(and(eq(greetingTemplates.accountId, accountId), eq(greetingTemplates.language, language)));
    else
      await tx
        .insert(greetingTemplates)
        .values({ accountId, language, body, updatedBy: actor, updatedAt: at })
        .onConflictDoUpdate({
          target: [greetingTemplates.accountId, greetingTemplates.language],
          set: { body, updatedBy: actor, updatedAt: at },
        });
    await writeAudit(tx as unknown as Database, {
      accountId,
      actor,
      action: body === null ? "wording_reset" : "wording_changed",
      detail: { language },
      at,
    });
  });
}

export interface StoredSignOff {
  doctorId: number;
  signOff: string | null;
  signOffEs: string | null;
}

/** The sign-offs the practice set, by drchrono doctor id. */
export async function getSignOffs(db: Database, accountId: string): Promise<Map<number, StoredSignOff>> {
  const rows = await db
    .select({ doctorId: doctors.doctorId, signOff: doctors.signOff, signOffEs: doctors.signOffEs })
    .from(doctors)
    .where(eq(doctors.accountId, accountId));
  return new Map(rows.map((row) => [row.doctorId, row]));
}

export interface SignOffChange {
  doctorId: number;
  firstName: string;
  lastName: string;
  suffix: string;
  /** null: our default ("Dr." and the last name). */
  signOff: string | null;
  signOffEs: string | null;
}

/**
 * Saves each doctor's sign-off. A doctor the daily list has not stored yet is added with the name drchrono gave;
 * an existing row keeps its name and state (the daily doctors read owns those) and only its sign-offs change.
 */
export async function saveSignOffs(
  db: Database,
  accountId: string,
  changes: SignOffChange[],
  actor: AuditActor,
  at: Date,
): Promise<void> {
  await db.transaction(async (tx) => {
    for (const change of changes)
      await tx
        .insert(doctors)
        .values({ accountId, ...change, updatedAt: at })
        .onConflictDoUpdate({
          target: [doctors.accountId, doctors.doctorId],
          set: { signOff: change.signOff, signOffEs: change.signOffEs, updatedAt: at },
        });
    await writeAudit(tx as unknown as Database, {
      accountId,
      actor,
      action: "sign_offs_changed",
      detail: { doctorIds: changes.map((c) => c.doctorId) },
      at,
    });
  });
}
