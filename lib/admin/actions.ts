import "server-only";
import { z } from "zod";
import type { Database } from "@/db/client";
import { endAccountSessions } from "@/db/queries/accounts";
import { type ActivationChange, activateAccount, deactivateAccount } from "@/db/queries/admin";
import { resumeEmailAfterReview } from "@/db/queries/delivery";
import type { Account } from "@/db/schema";
import type { NotifyResult, PracticeNotice } from "@/lib/notifications";
import type { AdminSession } from "./session";

/*
 * What support's server actions do, as plain functions of (db, admin session, untrusted input): the actions in
 * app/admin only add the cookie check, the clock and a redirect. Every function re-checks the session it is given.
 */

export type ActionState =
  | { status: "idle" }
  | { status: "ok"; message: string }
  | { status: "error"; message: string; fieldErrors?: Record<string, string> };

export const accountIdSchema = z.uuid();

export const activateInput = z.object({
  accountId: accountIdSchema,
  note: z
    .string()
    .trim()
    .min(5, "Say how you contacted the practice (at least 5 characters).")
    .max(1000, "Keep the note under 1,000 characters."),
});

export const deactivateInput = z.object({
  accountId: accountIdSchema,
  reason: z
    .string()
    .trim()
    .min(5, "Give a reason (at least 5 characters).")
    .max(1000, "Keep the reason under 1,000 characters."),
});

export const resumeEmailInput = z.object({
  accountId: accountIdSchema,
  note: z
    .string()
    .trim()
    .min(5, "Say what you reviewed with the practice (at least 5 characters).")
    .max(1000, "Keep the note under 1,000 characters."),
});

export interface ActivationDeps {
  now: Date;
  notifyPractice(kind: PracticeNotice, account: Account): Promise<NotifyResult>;
}

const NOT_SIGNED_IN: ActionState = {
  status: "error",
  message: "Your support session has ended. Sign in again.",
};

function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    out[key] ??= issue.message;
  }
  return out;
}

function refusal(change: Exclude<ActivationChange, { ok: true }>): ActionState {
  const messages: Record<typeof change.reason, string> = {
    not_found: "There is no such account.",
    not_requested:
      "This practice has not requested activation yet: it must first acknowledge what automation cannot know.",
    already_active: "This account is already active.",
    already_deactivated: "This account is already deactivated.",
  };
  return { status: "error", message: messages[change.reason] };
}

export async function activateAccountAsAdmin(
  db: Database,
  session: AdminSession | null,
  input: unknown,
  deps: ActivationDeps,
): Promise<ActionState> {
  if (!session) return NOT_SIGNED_IN;
  const parsed = activateInput.safeParse(input);
  if (!parsed.success) {
    return { status: "error", message: "Please correct the form.", fieldErrors: fieldErrors(parsed.error) };
  }
  const change = await activateAccount(db, {
    accountId: parsed.data.accountId,
    adminEmail: session.email,
    note: parsed.data.note,
    at: deps.now,
  });
  if (!change.ok) return refusal(change);
  // The activation stands even if the e-mail fails: support is told, and can tell the practice another way.
  const notice = await deps.notifyPractice("activated", change.account);
  if (notice.sent)
    return { status: "ok", message: `Activated. The practice was told by e-mail (${notice.to}).` };
  const why =
    notice.reason === "no_recipient" ? "there is no e-mail address for it" : "the e-mail could not be sent";
  return {
    status: "ok",
    message: `Activated, but the practice was not told: ${why}. Please contact it directly.`,
  };
}

export async function deactivateAccountAsAdmin(
  db: Database,
  session: AdminSession | null,
  input: unknown,
  deps: Pick<ActivationDeps, "now">,
): Promise<ActionState> {
  if (!session) return NOT_SIGNED_IN;
  const parsed = deactivateInput.safeParse(input);
  if (!parsed.success) {
    return { status: "error", message: "Please correct the form.", fieldErrors: fieldErrors(parsed.error) };
  }
  const change = await deactivateAccount(db, {
    accountId: parsed.data.accountId,
    adminEmail: session.email,
    reason: parsed.data.reason,
    at: deps.now,
  });
  if (!change.ok) return refusal(change);
  // Everyone signed in at the practice is signed out on their next request.
  await endAccountSessions(db, parsed.data.accountId);
  return {
    status: "ok",
    message: "Deactivated. No greetings are sent for this practice until it is activated again.",
  };
}

/**
 * Lifts a pause that sender health put on the practice's e-mail, after support reviewed its addresses with the
 * practice. Audited with support's note; bounce and complaint rates are counted afresh from then.
 */
export async function resumeEmailAsAdmin(
  db: Database,
  session: AdminSession | null,
  input: unknown,
  deps: Pick<ActivationDeps, "now">,
): Promise<ActionState> {
  if (!session) return NOT_SIGNED_IN;
  const parsed = resumeEmailInput.safeParse(input);
  if (!parsed.success) {
    return { status: "error", message: "Please correct the form.", fieldErrors: fieldErrors(parsed.error) };
  }
  const resumed = await resumeEmailAfterReview(db, parsed.data.accountId, {
    adminEmail: session.email,
    note: parsed.data.note,
    at: deps.now,
  });
  if (!resumed) return { status: "error", message: "E-mail greetings are not paused for this practice." };
  return {
    status: "ok",
    message: "E-mail greetings resumed from the next run. Bounce and complaint rates count afresh from now.",
  };
}
