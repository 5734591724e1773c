import "server-only";
import { and, count, eq, gte, inArray, ne, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { type AuditActor, writeAudit } from "@/db/queries/audit";
import { accounts, auditLog, users } from "@/db/schema";
import type { ChannelMode } from "@/lib/greetings/types";

/*
 * The practice's own changes to its account: settings, the activation request, pause and resume. Each is one
 * guarded UPDATE scoped to the session's account plus an audit entry (ids and settings only, never patient data).
 */

export interface SettingsChange {
  channelMode: ChannelMode;
  timeZone: string;
  greetResponsibleParty: boolean;
  /** Whether the practice attests that its patients agreed to texts. */
  smsConsent: boolean;
  /** Local hour 8..20 greetings go out; null: the first run inside the sending window. */
  sendHour: number | null;
  /** Who signs: each patient's doctor, or the practice. */
  signOff: "doctor" | "practice";
}

export async function updateSettings(
  db: Database,
  accountId: string,
  change: SettingsChange,
  actor: AuditActor,
  at: Date,
): Promise<void> {
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(accounts)
      .set({
        channelMode: change.channelMode,
        timeZone: change.timeZone,
        greetResponsibleParty: change.greetResponsibleParty,
        sendHour: change.sendHour,
        signOff: change.signOff,
        // The first attestation is the one on record: saving again does not move who/when.
        smsConsentAttestedBy: change.smsConsent
          ? sql`coalesce(${accounts.smsConsentAttestedBy}, ${actor})`
          : null,
        smsConsentAttestedAt: change.smsConsent
          ? sql`coalesce(${accounts.smsConsentAttestedAt}, ${at})`
          : null,
        updatedAt: at,
      })
      .where(eq(accounts.id, accountId))
      .returning({ id: accounts.id });
    if (updated.length === 0) throw new Error("Account not found");
    await writeAudit(tx as unknown as Database, {
      accountId,
      actor,
      action: "settings_changed",
      detail: { ...change },
      at,
    });
  });
}

export interface ActivationRequest {
  contactName: string;
  contactEmail: string;
  contactPhone: string | null;
}

/**
 * Records the request when none was made yet. Returns the activation state found when nothing changed
 * (already requested, active or deactivated), so the page can say so.
 */
export async function requestActivation(
  db: Database,
  accountId: string,
  request: ActivationRequest,
  actor: AuditActor,
  at: Date,
): Promise<{ requested: true } | { requested: false; activation: string }> {
  return db.transaction(async (tx) => {
    const updated = await tx
      .update(accounts)
      .set({
        activation: "requested",
        activationRequestedAt: at,
        activationRequestedBy: actor,
        contactName: request.contactName,
        contactEmail: request.contactEmail,
        contactPhone: request.contactPhone,
        updatedAt: at,
      })
      .where(and(eq(accounts.id, accountId), eq(accounts.activation, "not_requested")))
      .returning({ id: accounts.id });
    if (updated.length === 0) {
      const [current] = await tx
        .select({ activation: accounts.activation })
        .from(accounts)
        .where(eq(accounts.id, accountId));
      if (!current) throw new Error("Account not found");
      return { requested: false, activation: current.activation } as const;
    }
    await writeAudit(tx as unknown as Database, {
      accountId,
      actor,
      action: "activation_requested",
      // Contact details of the practice's own staff, not patient data.
      detail: { contactName: request.contactName, contactEmail: request.contactEmail },
      at,
    });
    return { requested: true } as const;
  });
}

export type PauseOutcome = "changed" | "unchanged" | "deactivated";

/**
 * Pauses or resumes. Resuming an account support deactivated is refused in the same statement, so a race
 * with support's deactivation cannot undo it.
 */
export async function setPaused(
  db: Database,
  accountId: string,
  paused: boolean,
  actor: AuditActor,
  at: Date,
): Promise<PauseOutcome> {
  return db.transaction(async (tx) => {
    const updated = await tx
      .update(accounts)
      .set({ paused, updatedAt: at })
      .where(
        and(
          eq(accounts.id, accountId),
          ne(accounts.paused, paused),
          paused ? undefined : inArray(accounts.activation, ["not_requested", "requested", "active"]),
        ),
      )
      .returning({ id: accounts.id });
    if (updated.length > 0) {
      await writeAudit(tx as unknown as Database, {
        accountId,
        actor,
        action: paused ? "paused" : "resumed",
        at,
      });
      return "changed";
    }
    const [current] = await tx
      .select({ activation: accounts.activation, paused: accounts.paused })
      .from(accounts)
      .where(eq(accounts.id, accountId));
    if (!current) throw new Error("Account not found");
    if (!paused && current.paused && current.activation === "deactivated") return "deactivated";
    return "unchanged";
  });
}

/** How often the account did `action` since `since` (for rate limits such as test greetings). */
export async function countRecentAudit(
  db: Database,
  accountId: string,
  action: string,
  since: Date,
): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(auditLog)
    .where(
      and(eq(auditLog.accountId, accountId), eq(auditLog.action, action), gte(auditLog.createdAt, since)),
    );
  return row?.n ?? 0;
}

/** The drchrono doctor a user works for (their own id for a doctor), checked against the session's account. */
export async function doctorIdOfUser(
  db: Database,
  accountId: string,
  userId: string,
): Promise<number | null> {
  const [row] = await db
    .select({ doctorId: users.drchronoDoctorId })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.accountId, accountId)))
    .limit(1);
  return row?.doctorId ?? null;
}

/** The display name behind an actor "user:<uuid>" of the account, for "attested by" lines. */
export async function actorName(
  db: Database,
  accountId: string,
  actor: string | null,
): Promise<string | null> {
  const userId = actor?.startsWith("user:") ? actor.slice(5) : null;
  if (!userId || !/^[0-9a-f-]{36}$/i.test(userId)) return null;
  const [row] = await db
    .select({ displayName: users.displayName, username: users.username })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.accountId, accountId)))
    .limit(1);
  return row ? (row.displayName ?? row.username) : null;
}
