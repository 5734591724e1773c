import "server-only";
import type { Database } from "@/db/client";
import { addSuppression } from "@/db/queries/delivery";
import { recordOptOut } from "@/db/queries/opt-outs";
import {
  claimDueRetry,
  claimStalePending,
  findSend,
  type GreetingKey,
  insertPendingSend,
  markSendFailed,
  markSendSent,
  providerIdsClaimedByOthers,
} from "@/db/queries/send-log";
import type { SendLogRow } from "@/db/schema";
import {
  type EmailChannel,
  type EmailMessage,
  type SendOutcome,
  type SmsChannel,
  TWILIO_STOPPED,
} from "@/lib/channels/types";
import { applyStoredEvents, type DeliveryEventDeps } from "@/lib/delivery/apply";
import { contactHash } from "@/lib/delivery/contact-hash";
import { TWILIO_UNREACHABLE_NUMBER_CODES } from "@/lib/delivery/status";
import { nextAttemptAt } from "./backoff";

/*
 * One greeting on one channel, exactly once. The send-log row is written (or taken over) before the provider is
 * called; the provider's id and outcome after. A failure is never recorded as sent. A row a crash left pending is
 * reconciled, never blindly resent: e-mail goes again under the same Resend Idempotency-Key (the provider
 * dedupes); SMS first asks Twilio whether this greeting's text already went out today.
 */

export type DeliveryResult =
  | "sent"
  | "failed"
  /** Sent, failed for good, or being sent by another run: nothing to do. */
  | "already_handled"
  /** A failed attempt waits for its retry time. */
  | "waiting"
  /** The provider call threw: whether it went out is unknown, so the row stays pending for reconciliation. */
  | "uncertain";

export interface DeliveryContext {
  db: Database;
  runId: string;
  localDate: string;
  now: () => Date;
  staleBefore: () => Date;
  /** Midnight of the account's local date, for asking Twilio what already went out today. */
  startOfLocalDay: Date;
  /** The app secret contact hashes are keyed with (lib/delivery/contact-hash.ts). */
  contactHashSecret: string;
  /** Tells the practice and support when early delivery events pause the practice's e-mail. */
  notifyEmailPaused?: DeliveryEventDeps["notifyEmailPaused"];
  log(line: string): void;
  /**
   * Test seam, unset in production: called at each step of a delivery, so the fault campaign can crash the
   * delivery there (by throwing) and prove that no step loses or doubles a greeting.
   */
  checkpoint?: DeliveryCheckpoint;
}

export type DeliveryStep =
  | "before_log_row"
  | "after_log_row"
  | "after_provider_call"
  | "before_status_update";

export type DeliveryCheckpoint = (step: DeliveryStep, key: GreetingKey) => Promise<void> | void;

export type GreetingMessage =
  | { channel: "email"; send: EmailChannel; message: Omit<EmailMessage, "idempotencyKey"> }
  | { channel: "sms"; send: SmsChannel; to: string; body: string };

/**
 * One key per greeting, for every attempt: Resend sends a key at most once in 24 hours and does not spend it on a
 * failed request, so a retry after a timeout (did it leave?) or a crash can never produce a second e-mail.
 */
export function emailIdempotencyKey(row: Pick<SendLogRow, "id">): string {
  return `greeting/${row.id}`;
}

type Claim = { row: SendLogRow; reconcile: boolean } | { result: DeliveryResult };

async function claimGreeting(ctx: DeliveryContext, key: GreetingKey): Promise<Claim> {
  const created = await insertPendingSend(ctx.db, {
    ...key,
    localDate: ctx.localDate,
    runId: ctx.runId,
    now: ctx.now(),
  });
  if (created) return { row: created, reconcile: false };
  const existing = await findSend(ctx.db, key);
  if (!existing || existing.status === "sent") return { result: "already_handled" };
  if (existing.status === "failed") {
    if (existing.nextAttemptAt === null) return { result: "already_handled" };
    if (existing.nextAttemptAt > ctx.now()) return { result: "waiting" };
    // A failed attempt may still have left (a timeout, a lost answer): a retry reconciles before sending.
    const retry = await claimDueRetry(ctx.db, existing.id, ctx.runId, ctx.now());
    return retry ? { row: retry, reconcile: true } : { result: "already_handled" };
  }
  const stale = await claimStalePending(ctx.db, existing.id, ctx.runId, ctx.now(), ctx.staleBefore());
  return stale ? { row: stale, reconcile: true } : { result: "already_handled" };
}

/**
 * The sid of this greeting's text if it already left: a text today to the same number with the same words, that no
 * other greeting has claimed. Spouses or a parent and child can share a number; their texts differ by name, and
 * where even the words match, a sid already recorded for the other patient is not ours.
 */
async function textAlreadySent(
  ctx: DeliveryContext,
  row: SendLogRow,
  greeting: Extract<GreetingMessage, { channel: "sms" }>,
): Promise<string | null> {
  const sids = await greeting.send.findSentSince({
    to: greeting.to,
    body: greeting.body,
    since: ctx.startOfLocalDay,
  });
  if (sids.length === 0) return null;
  const claimed = await providerIdsClaimedByOthers(ctx.db, row.accountId, sids, row.id);
  return sids.find((sid) => !claimed.has(sid)) ?? null;
}

async function callProvider(
  ctx: DeliveryContext,
  row: SendLogRow,
  reconcile: boolean,
  greeting: GreetingMessage,
) {
  if (greeting.channel === "email") {
    return greeting.send.send({ ...greeting.message, idempotencyKey: emailIdempotencyKey(row) });
  }
  if (reconcile) {
    const sid = await textAlreadySent(ctx, row, greeting);
    if (sid) return { ok: true, providerId: sid } satisfies SendOutcome;
  }
  return greeting.send.send({ to: greeting.to, body: greeting.body });
}

function contactOf(greeting: GreetingMessage): string {
  return greeting.channel === "email" ? greeting.message.to : greeting.to;
}

/** The greeting is sent; its provider id may already have events waiting (they can beat our own commit). */
async function applyEarlyEvents(ctx: DeliveryContext, key: GreetingKey, providerId: string) {
  try {
    await applyStoredEvents(ctx, key.channel === "email" ? "resend" : "twilio", providerId);
  } catch (error) {
    // The greeting is sent and recorded; the webhook's next delivery or retry applies the events.
    // Stryker disable all: the log line for operators is the catch's only effect; its wording is not behaviour.
    ctx.log(
      `events for ${key.channel} ${providerId}: not applied yet (${(error as Error)?.name ?? "error"})`,
    );
    // Stryker restore all
  }
}

export async function deliverGreeting(
  ctx: DeliveryContext,
  key: GreetingKey,
  greeting: GreetingMessage,
): Promise<DeliveryResult> {
  await ctx.checkpoint?.("before_log_row", key);
  const claim = await claimGreeting(ctx, key);
  if ("result" in claim) return claim.result;
  const { row, reconcile } = claim;
  await ctx.checkpoint?.("after_log_row", key);

  let outcome: SendOutcome;
  try {
    outcome = await callProvider(ctx, row, reconcile, greeting);
  } catch (error) {
    // We cannot tell whether the message left: keep the row pending so a later run reconciles it.
    // Stryker disable all: log text for operators; the result and the pending row are pinned by tests.
    ctx.log(
      `send ${row.id} (${key.channel}): provider call threw ${(error as Error)?.name ?? "error"}; left pending`,
    );
    // Stryker restore all
    return "uncertain";
  }
  await ctx.checkpoint?.("after_provider_call", key);
  await ctx.checkpoint?.("before_status_update", key);

  const hash = contactHash(ctx.contactHashSecret, key.channel, contactOf(greeting));
  if (outcome.ok) {
    await markSendSent(ctx.db, row.id, outcome.providerId, ctx.now(), hash);
    await applyEarlyEvents(ctx, key, outcome.providerId);
    return "sent";
  }
  const attempts = row.attempts + 1;
  if (key.channel === "sms" && outcome.code && TWILIO_UNREACHABLE_NUMBER_CODES.has(outcome.code)) {
    // Twilio refused the number itself (not a mobile, not a number): do not try it again this year.
    await addSuppression(ctx.db, key.accountId, {
      patientId: key.patientId,
      channel: "sms",
      contactHash: hash,
      reason: "sms_undeliverable",
      at: ctx.now(),
    });
  }
  if (key.channel === "sms" && outcome.code === TWILIO_STOPPED) {
    // The patient replied STOP: remember it, and never text them again.
    await recordOptOut(ctx.db, {
      accountId: key.accountId,
      patientId: key.patientId,
      source: "sms_stop",
      actor: "patient",
      reason: "Twilio 21610: the recipient replied STOP",
    });
    await markSendFailed(ctx.db, row.id, {
      error: outcome.error,
      attempts,
      nextAttemptAt: null,
      now: ctx.now(),
    });
    return "failed";
  }
  const next = nextAttemptAt(attempts, outcome.retryable, ctx.now());
  await markSendFailed(ctx.db, row.id, {
    error: outcome.error,
    attempts,
    nextAttemptAt: next,
    now: ctx.now(),
  });
  // Stryker disable all: log text for operators; the row's error, attempts and retry time are pinned by tests.
  ctx.log(
    `send ${row.id} (${key.channel}): failed (${outcome.code ?? "no code"}), ${next ? "will retry" : "final"}`,
  );
  // Stryker restore all
  return "failed";
}
