import "server-only";
import type { Account } from "@/db/schema";
import type { EmailChannel, SendOutcome } from "@/lib/channels/types";
import {
  type EmailPausedFacts,
  type PracticeNotice,
  renderActivationRequest,
  renderEmailPausedForPractice,
  renderEmailPausedForSupport,
  renderPracticeNotice,
} from "./messages";

export type { PracticeNotice } from "./messages";

/**
 * E-mails between the product, support and the practice (never to patients). The e-mail channel and the
 * doctor-address lookup are handed in so tests use the real channel against the fake endpoint, or an outbox.
 */
export interface NotificationDeps {
  email: EmailChannel;
  appUrl: string;
  supportEmail: string;
  /** The account doctor's e-mail from drchrono, when known: the fallback when the practice gave no contact. */
  findDoctorEmail(accountId: string): Promise<string | null>;
  /** Distinguishes repeated notices; defaults to the current time. */
  now?: Date;
}

export type NotifyResult =
  | { sent: true; to: string; providerId: string }
  | { sent: false; reason: "no_recipient" }
  | { sent: false; reason: "send_failed"; error: string };

type NoticeAccount = Pick<Account, "id" | "practiceName" | "contactName" | "contactEmail">;
type RequestAccount = NoticeAccount & Pick<Account, "contactPhone">;

async function defaultDeps(): Promise<NotificationDeps> {
  // Imported lazily so unit tests of callers that inject deps never open the database or read the config.
  const [{ getConfig }, { getChannels }, { getDb }, { findPracticeDoctorEmail }] = await Promise.all([
    import("@/lib/env"),
    import("@/lib/channels"),
    import("@/db"),
    import("@/db/queries/admin"),
  ]);
  const config = getConfig();
  return {
    email: getChannels().email,
    appUrl: config.appUrl,
    supportEmail: config.email.supportEmail,
    findDoctorEmail: async (accountId) => findPracticeDoctorEmail(await getDb(), accountId),
  };
}

function toResult(to: string, outcome: SendOutcome): NotifyResult {
  if (outcome.ok) return { sent: true, to, providerId: outcome.providerId };
  // The provider's message names no patient; the recipient address is deliberately left out of logs.
  console.warn(`notifications: e-mail failed (${outcome.code ?? "no code"}): ${outcome.error}`);
  return { sent: false, reason: "send_failed", error: outcome.error };
}

function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Tells support that a practice asked to be activated, with the contact details support needs to call back. */
export async function notifySupportOfActivationRequest(
  account: RequestAccount,
  requestedBy: string,
  deps?: NotificationDeps,
): Promise<NotifyResult> {
  const d = deps ?? (await defaultDeps());
  const at = d.now ?? new Date();
  const message = renderActivationRequest({
    practiceName: account.practiceName,
    requestedBy,
    contactName: account.contactName,
    contactEmail: account.contactEmail,
    contactPhone: account.contactPhone,
    adminUrl: `${d.appUrl}/admin/accounts/${account.id}`,
  });
  const outcome = await d.email.send({
    to: d.supportEmail,
    ...message,
    headers: {},
    idempotencyKey: `activation-request/${account.id}/${at.getTime()}`,
  });
  return toResult(d.supportEmail, outcome);
}

/**
 * Tells the practice its account was activated, or that someone must sign in with drchrono again. Goes to the
 * contact address the practice confirmed, else the doctor's drchrono e-mail. A needs_reauth notice is keyed per
 * account and UTC day, so a dispatch that notices the problem on every run still sends at most one a day.
 */
export async function notifyPractice(
  kind: PracticeNotice,
  account: NoticeAccount,
  deps?: NotificationDeps,
): Promise<NotifyResult> {
  const d = deps ?? (await defaultDeps());
  const to = account.contactEmail?.trim() || (await d.findDoctorEmail(account.id));
  if (!to) return { sent: false, reason: "no_recipient" };
  const at = d.now ?? new Date();
  const message = renderPracticeNotice(kind, {
    practiceName: account.practiceName,
    contactName: account.contactName,
    appUrl: d.appUrl,
    supportEmail: d.supportEmail,
  });
  const idempotencyKey =
    kind === "needs_reauth"
      ? `practice-notice/needs_reauth/${account.id}/${utcDay(at)}`
      : `practice-notice/activated/${account.id}/${at.getTime()}`;
  const outcome = await d.email.send({ to, ...message, headers: {}, idempotencyKey });
  return toResult(to, outcome);
}

/**
 * Tells the practice and support that the practice's e-mail greetings were paused for sender health. Keyed by
 * the pause time, so a retried notice never doubles, and a later pause gets its own.
 */
export async function notifyEmailPaused(
  account: NoticeAccount,
  pause: { reason: string; at: Date },
  deps?: NotificationDeps,
): Promise<{ practice: NotifyResult; support: NotifyResult }> {
  const d = deps ?? (await defaultDeps());
  const facts: EmailPausedFacts = {
    practiceName: account.practiceName,
    contactName: account.contactName,
    reason: pause.reason,
    appUrl: d.appUrl,
    supportEmail: d.supportEmail,
    adminUrl: `${d.appUrl}/admin/accounts/${account.id}`,
  };
  const key = `email-paused/${account.id}/${pause.at.getTime()}`;
  const supportOutcome = await d.email.send({
    to: d.supportEmail,
    ...renderEmailPausedForSupport(facts),
    headers: {},
    idempotencyKey: `${key}/support`,
  });
  const support = toResult(d.supportEmail, supportOutcome);
  const to = account.contactEmail?.trim() || (await d.findDoctorEmail(account.id));
  if (!to) return { practice: { sent: false, reason: "no_recipient" }, support };
  const practiceOutcome = await d.email.send({
    to,
    ...renderEmailPausedForPractice(facts),
    headers: {},
    idempotencyKey: `${key}/practice`,
  });
  return { practice: toResult(to, practiceOutcome), support };
}
