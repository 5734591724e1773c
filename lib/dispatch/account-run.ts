import "server-only";
import type { Database } from "@/db/client";
import { getAccount, markAccountMissingScopes } from "@/db/queries/accounts";
import { writeAudit } from "@/db/queries/audit";
import { suppressedContactsFor } from "@/db/queries/delivery";
import { optOutFlagsFor } from "@/db/queries/opt-outs";
import { birthdayCandidates, deleteIndexRow, upsertIndexRows } from "@/db/queries/patient-index";
import { finishRun, INCOMPLETE_RUN_ERROR, startRun } from "@/db/queries/runs";
import { sendsForDay } from "@/db/queries/send-log";
import { getSignOffs, getWording } from "@/db/queries/wording";
import type { Account, SendLogRow } from "@/db/schema";
import type { DrchronoApi, DrchronoDoctor, ParsedPatient } from "@/lib/drchrono/types";
import { DrchronoError } from "@/lib/drchrono/types";
import { birthdaysOn, decide, isWithinSendingHours, type Language, localDateTime } from "@/lib/greetings";
import type {
  GreetingSettings,
  IsoDate,
  OptOutFlags,
  PatientRecord,
  SkipReason,
} from "@/lib/greetings/types";
import { markNeedsReauthorization, NeedsReauthorizationError } from "@/lib/vault/tokens";
import { type CandidatePlan, type CandidateWork, planCandidates } from "./candidates";
import { composeFor } from "./compose";
import { type DeliveryContext, type DeliveryResult, deliverGreeting } from "./deliver";
import { noonOn, startOfLocalDay } from "./local-time";
import { forEachLimited } from "./pool";
import { suppressionFlags } from "./suppression";
import { indexRowFor, type SyncResult, syncPatientIndex } from "./sync";
import type { AccountRunReport, DispatchDeps, DispatchOptions } from "./types";
import { applyWebhookHints } from "./webhook-hints";

/*
 * One account's part of a run: sync the index, find today's candidates, let each fresh record decide, and
 * deliver. Every failure ends in the report and the `runs` row; nothing here throws to the caller.
 */

const NO_OPT_OUTS: OptOutFlags = { staff: false, emailUnsubscribed: false, smsStopped: false };
/** Stop taking new patients this long before the deadline, leaving time to record the run. */
const DEADLINE_MARGIN_MS = 5_000;

export interface AccountRunContext {
  deps: DispatchDeps;
  options: DispatchOptions;
  /** Real time since the run started, added to the account's clock so timestamps keep moving. */
  elapsedMs: () => number;
}

export function localDateOf(now: Date, timeZone: string): IsoDate {
  return localDateTime(now, timeZone).date;
}

function settingsOf(account: Account): GreetingSettings {
  return {
    timeZone: account.timeZone,
    channelMode: account.channelMode,
    smsConsent: account.smsConsentAttestedAt !== null,
    greetResponsibleParty: account.greetResponsibleParty,
    emailPaused: account.emailPausedAt !== null,
  };
}

/** The account's clock: the run's `now`, or noon of `options.date` in the account's zone; it keeps ticking. */
function accountClock(ctx: AccountRunContext, timeZone: string): () => Date {
  const base = ctx.options.date ? noonOn(ctx.options.date, timeZone) : ctx.options.now;
  return () => new Date(base.getTime() + ctx.elapsedMs());
}

function emptyReport(accountId: string, runId: string, localDate: IsoDate): AccountRunReport {
  return {
    accountId,
    runId,
    localDate,
    status: "done",
    sync: { kind: "none", listed: 0, malformed: 0, removed: 0 },
    candidates: 0,
    greeted: 0,
    failed: 0,
    deferred: 0,
    alreadyHandled: 0,
    skipped: {},
    gone: 0,
    notToday: 0,
    drchronoCalls: 0,
    error: null,
  };
}

/** An error text safe for logs and the runs table: codes and our own messages, never a record's content. */
function errorText(error: unknown): string {
  if (error instanceof DrchronoError)
    return `drchrono ${error.code}${error.status ? ` (${error.status})` : ""}`;
  if (error instanceof NeedsReauthorizationError) return `needs re-authorization (${error.reason})`;
  return error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : "unknown error";
}

export async function runAccount(ctx: AccountRunContext, account: Account): Promise<AccountRunReport> {
  const { deps, options } = ctx;
  const log = deps.log ?? (() => {});
  const clock = accountClock(ctx, account.timeZone);
  const today = localDateOf(clock(), account.timeZone);
  const dryRun = options.dryRun ?? false;
  const runId = await startRun(deps.db, {
    accountId: account.id,
    trigger: options.trigger,
    dryRun,
    localDate: today,
    startedAt: new Date(options.now.getTime() + ctx.elapsedMs()),
  });
  const report = emptyReport(account.id, runId, today);
  if (dryRun) report.preview = { withinSendingHours: true, greet: [], skip: [] };
  options.onProgress?.({ kind: "account_started", accountId: account.id, localDate: today });

  let api: DrchronoApi | null = null;
  try {
    api = await deps.drchronoFor(account);
    await processAccount(ctx, account, api, clock, today, report);
  } catch (error) {
    report.error = errorText(error);
    const unauthorized =
      error instanceof NeedsReauthorizationError ||
      (error instanceof DrchronoError && error.code === "unauthorized");
    const forbidden = error instanceof DrchronoError && error.code === "forbidden";
    report.status = unauthorized ? "needs_reauth" : forbidden ? "missing_scopes" : "error";
    if (unauthorized) await flagNeedsReauth(deps, account, report.error);
    if (forbidden) await flagMissingScopes(deps, account, report.error);
    log(`account ${account.id}: ${report.error}`);
  } finally {
    report.drchronoCalls = api?.calls ?? 0;
    await finishRun(deps.db, runId, {
      finishedAt: new Date(options.now.getTime() + ctx.elapsedMs()),
      greeted: report.greeted,
      failed: report.failed,
      deferred: report.deferred,
      skipped: report.skipped as Record<string, number>,
      drchronoCalls: report.drchronoCalls,
      error: report.error,
    });
  }
  options.onProgress?.({ kind: "account_finished", accountId: account.id, report });
  return report;
}

async function flagNeedsReauth(deps: DispatchDeps, account: Account, why: string) {
  try {
    await markNeedsReauthorization(deps.db, account.id, why);
    await deps.notifyNeedsReauth?.(account);
  } catch (error) {
    deps.log?.(`account ${account.id}: could not record needs re-authorization: ${errorText(error)}`);
  }
}

/** A 403 is drchrono's word that the grant no longer covers what greetings read; the next sign-in clears it. */
async function flagMissingScopes(deps: DispatchDeps, account: Account, why: string) {
  try {
    if (await markAccountMissingScopes(deps.db, account.id)) {
      await writeAudit(deps.db, {
        accountId: account.id,
        actor: "system",
        action: "missing_permissions",
        detail: { why },
      });
      await deps.notifyNeedsReauth?.(account);
    }
  } catch (error) {
    deps.log?.(`account ${account.id}: could not record missing permissions: ${errorText(error)}`);
  }
}

/** The steps of one account's run, in order; each is a function of its own with the inputs it needs. */
async function processAccount(
  ctx: AccountRunContext,
  account: Account,
  api: DrchronoApi,
  clock: () => Date,
  today: IsoDate,
  report: AccountRunReport,
): Promise<void> {
  const { deps, options } = ctx;
  const todays = birthdaysOn(today);
  const listingStartedAt = new Date(options.now.getTime() + ctx.elapsedMs());
  const sync = await syncStep(deps, api, account, today, todays, listingStartedAt);
  report.sync = sync.summary;
  await applyWebhookHints({ db: deps.db, api, accountId: account.id, today, receivedBy: clock() });
  options.onProgress?.({ kind: "synced", accountId: account.id, sync: sync.summary });

  const current = await accountStillSending(deps.db, account.id, report, options.dryRun ?? false);
  if (!current) return;

  const staleMs = deps.stalePendingMs ?? 5 * 60_000;
  const todaysSends = await sendsForDay(deps.db, current.id, today);
  const plan = await planStep(deps.db, current, todays, todaysSends, clock(), staleMs);
  report.candidates = plan.work.length + plan.alreadyHandled + plan.waiting;
  report.alreadyHandled = plan.alreadyHandled;
  report.deferred = plan.waiting;
  options.onProgress?.({ kind: "candidates", accountId: account.id, count: plan.work.length });

  if (!sendingHoursAllow(current, clock(), plan, report, options.dryRun ?? false)) return;

  const patientCtx: PatientContext = {
    deps,
    api,
    account: current,
    today,
    settings: settingsOf(current),
    optOuts: await optOutFlagsFor(
      deps.db,
      current.id,
      plan.work.map((w) => w.patientId),
    ),
    suppressions: await suppressedContactsFor(
      deps.db,
      current.id,
      plan.work.map((w) => w.patientId),
    ),
    doctors: lazy(() => doctorsWithSignOffs(deps.db, current.id, api)),
    wording: lazy(() => getWording(deps.db, current.id)),
    delivery: deliveryContext(deps, report.runId, current, today, clock, staleMs),
    todaysSends,
    clock,
    report,
  };
  const finished = await handleCandidates(ctx, patientCtx, plan.work, sync.fresh);
  if (!finished) {
    report.status = "incomplete";
    report.error = INCOMPLETE_RUN_ERROR;
  }
}

/** Brings the patient index up to date (a full or a since-listing). */
function syncStep(
  deps: DispatchDeps,
  api: DrchronoApi,
  account: Account,
  today: IsoDate,
  todays: ReadonlyArray<{ month: number; day: number }>,
  listingStartedAt: Date,
): Promise<SyncResult> {
  return syncPatientIndex({
    db: deps.db,
    api,
    account,
    today,
    todays,
    listingStartedAt,
    incremental: deps.incrementalSync,
  });
}

/**
 * A pause (or deactivation) takes effect for the very next run: the account is read again right before sending.
 * Null (with the report's status set) when it may no longer send. A dry run sends nothing, so support may preview
 * an account before activation (or while it is paused).
 */
async function accountStillSending(
  db: Database,
  accountId: string,
  report: AccountRunReport,
  dryRun: boolean,
): Promise<Account | null> {
  const current = await getAccount(db, accountId);
  const held = current !== null && (current.paused || current.activation !== "active");
  if (!current || (held && !dryRun) || current.authStatus !== "ok") {
    report.status = current?.authStatus === "needs_reauth" ? "needs_reauth" : "paused";
    return null;
  }
  return current;
}

/** Today's birthday patients from the index, less those today's send log says are handled. */
async function planStep(
  db: Database,
  account: Account,
  todays: ReadonlyArray<{ month: number; day: number }>,
  todaysSends: readonly SendLogRow[],
  now: Date,
  staleMs: number,
): Promise<CandidatePlan> {
  return planCandidates({
    indexRows: await birthdayCandidates(db, account.id, todays),
    todaysSends,
    channelMode: account.channelMode,
    now,
    staleBefore: new Date(now.getTime() - staleMs),
  });
}

/** Nothing leaves outside 08:00–21:00 local; a later run the same day greets them. Dry runs preview anyway. */
function sendingHoursAllow(
  account: Account,
  now: Date,
  plan: CandidatePlan,
  report: AccountRunReport,
  dryRun: boolean,
): boolean {
  const withinHours = isWithinSendingHours(now, account.timeZone);
  if (report.preview) report.preview.withinSendingHours = withinHours;
  if (withinHours || dryRun) return true;
  report.deferred += plan.work.filter((w) => !w.indexed?.skipReason || w.hasSends).length;
  report.status = "deferred";
  return false;
}

function deliveryContext(
  deps: DispatchDeps,
  runId: string,
  account: Account,
  today: IsoDate,
  clock: () => Date,
  staleMs: number,
): DeliveryContext {
  return {
    db: deps.db,
    runId,
    localDate: today,
    now: clock,
    staleBefore: () => new Date(clock().getTime() - staleMs),
    startOfLocalDay: startOfLocalDay(today, account.timeZone),
    contactHashSecret: deps.contactHashSecret,
    notifyEmailPaused: deps.notifyEmailPaused,
    log: deps.log ?? (() => {}),
    checkpoint: deps.deliveryCheckpoint,
  };
}

/** What handling one patient needs: the account as read before sending, and the run's shared pieces. */
interface PatientContext {
  deps: DispatchDeps;
  api: DrchronoApi;
  account: Account;
  today: IsoDate;
  settings: GreetingSettings;
  optOuts: Map<number, OptOutFlags>;
  /** Each candidate's suppressed "channel:hash" keys (bounced addresses, numbers that cannot receive texts). */
  suppressions: Map<number, Set<string>>;
  /** Read at most once per run, and only when someone is greeted; with the sign-offs the practice set. */
  doctors: () => Promise<DrchronoDoctor[]>;
  /** The practice's own wording per language, read at most once per run. */
  wording: () => Promise<Partial<Record<Language, string>>>;
  delivery: DeliveryContext;
  /** Today's send log as the run found it: a dry run leaves out what was already sent. */
  todaysSends: readonly SendLogRow[];
  clock: () => Date;
  report: AccountRunReport;
}

/** Works through the candidates a few at a time; false when the deadline stopped it early. */
async function handleCandidates(
  ctx: AccountRunContext,
  patientCtx: PatientContext,
  work: readonly CandidateWork[],
  fresh: ReadonlyMap<number, PatientRecord>,
): Promise<boolean> {
  const { deps, options } = ctx;
  let done = 0;
  const { finished } = await forEachLimited(
    work,
    deps.concurrency ?? 4,
    async (item) => {
      const known = item.indexed?.skipReason as SkipReason | null | undefined;
      if (known && !item.hasSends) {
        // Known from the record at the last sync (inactive, no doctor, ...): no call needed to skip again.
        recordSkip(
          patientCtx.report,
          item.patientId,
          known,
          "known from the patient's record at the last sync",
        );
      } else {
        await handlePatient(patientCtx, item.patientId, fresh.get(item.patientId));
      }
      options.onProgress?.({
        kind: "patient_done",
        accountId: patientCtx.account.id,
        done: ++done,
        of: work.length,
      });
    },
    () => options.deadline !== undefined && Date.now() > options.deadline - DEADLINE_MARGIN_MS,
  );
  return finished;
}

/** One candidate: a fresh record (listed now, or fetched), the core's decision, then each channel's delivery. */
async function handlePatient(
  ctx: PatientContext,
  patientId: number,
  listed: PatientRecord | undefined,
): Promise<void> {
  const { deps, account, today, report } = ctx;
  const parsed: ParsedPatient | null = listed
    ? { ok: true, patient: listed, updatedAt: null }
    : await ctx.api.patient(patientId);
  if (parsed === null) {
    await deleteIndexRow(deps.db, account.id, patientId);
    report.gone += 1;
    return;
  }
  if (!parsed.ok) {
    report.sync.malformed += 1;
    return;
  }
  const patient = parsed.patient;
  if (!listed) await upsertIndexRows(deps.db, account.id, [indexRowFor(patient, today)], ctx.clock());
  const decision = decide(patient, {
    today,
    settings: ctx.settings,
    optOuts: ctx.optOuts.get(patientId) ?? NO_OPT_OUTS,
    suppressed: suppressionFlags(patient, ctx.suppressions.get(patientId), deps.contactHashSecret),
  });
  if (decision.kind === "not_today") {
    report.notToday += 1;
    return;
  }
  if (decision.kind === "skip") {
    recordSkip(report, patientId, decision.reason, decision.detail);
    return;
  }
  if (report.preview) {
    // What a real run would still send: a channel already sent today (or failed for good) is not sent again.
    const channels = decision.channels.filter(
      (channel) =>
        !ctx.todaysSends.some(
          (row) => row.patientId === patientId && row.channel === channel && isSettled(row),
        ),
    );
    if (channels.length === 0) report.alreadyHandled += 1;
    else report.preview.greet.push({ patientId, channels });
    return;
  }
  const doctor = (await ctx.doctors()).find((d) => d.id === patient.doctorId) ?? null;
  const birthdayYear = Number(today.slice(0, 4));
  for (const channel of decision.channels) {
    const message = composeFor({
      channel,
      patient,
      doctor,
      decision,
      account,
      wording: await ctx.wording(),
      appUrl: deps.appUrl,
      unsubscribeSecret: deps.unsubscribeSecret,
      channels: deps.channels,
    });
    if (!message) continue;
    const key = { accountId: account.id, patientId, birthdayYear, channel };
    tally(report, await deliverGreeting(ctx.delivery, key, message));
  }
}

/** A send-log row a run will not send again: sent, in flight, or failed with no retry left. */
function isSettled(row: SendLogRow): boolean {
  return row.status !== "failed" || row.nextAttemptAt === null;
}

function recordSkip(report: AccountRunReport, patientId: number, reason: SkipReason, detail: string) {
  report.skipped[reason] = (report.skipped[reason] ?? 0) + 1;
  report.preview?.skip.push({ patientId, reason, detail });
}

function tally(report: AccountRunReport, result: DeliveryResult) {
  if (result === "sent") report.greeted += 1;
  else if (result === "failed" || result === "uncertain") report.failed += 1;
  else if (result === "waiting") report.deferred += 1;
  else report.alreadyHandled += 1;
}

/** drchrono's doctors, each with how the practice set them to sign (the doctors table). */
async function doctorsWithSignOffs(
  db: Database,
  accountId: string,
  api: DrchronoApi,
): Promise<DrchronoDoctor[]> {
  const [doctors, signOffs] = await Promise.all([api.doctors(), getSignOffs(db, accountId)]);
  return doctors.map((d) => ({
    ...d,
    signOff: signOffs.get(d.id)?.signOff ?? null,
    signOffEs: signOffs.get(d.id)?.signOffEs ?? null,
  }));
}

function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    value ??= load();
    return value;
  };
}
