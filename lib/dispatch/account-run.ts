import "server-only";
import type { Database } from "@/db/client";
import { getAccount, markAccountMissingScopes } from "@/db/queries/accounts";
import { writeAudit } from "@/db/queries/audit";
import { suppressedContactsFor } from "@/db/queries/delivery";
import { refreshDoctors, type StoredDoctor, storedDoctors } from "@/db/queries/doctors";
import { markDispatched } from "@/db/queries/leases";
import { optOutFlagsFor } from "@/db/queries/opt-outs";
import {
  birthdayCandidates,
  type CandidateRow,
  type DayOutcome,
  deleteIndexRow,
  recordOutcome,
  resetOutcomes,
  upsertIndexRows,
} from "@/db/queries/patient-index";
import { finishRun, INCOMPLETE_RUN_ERROR, startRun } from "@/db/queries/runs";
import { sendsForDay } from "@/db/queries/send-log";
import { getSignOffs, getWording } from "@/db/queries/wording";
import type { Account, SendLogRow } from "@/db/schema";
import type { DrchronoApi, DrchronoDoctor, ParsedPatient } from "@/lib/drchrono/types";
import { DrchronoError } from "@/lib/drchrono/types";
import { birthdaysOn, decide, type Language, localDateTime } from "@/lib/greetings";
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
import { practiceAddressOfToday } from "./practice-address";
import { suppressionFlags } from "./suppression";
import { indexRowFor, type SyncResult, syncPatientIndex } from "./sync";
import type { AccountRunReport, DispatchDeps, DispatchOptions } from "./types";
import { applyWebhookHints } from "./webhook-hints";
import { isInsideWindow } from "./window";

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
    sync: { kind: "none", listed: 0, malformed: 0, removed: 0, complete: true },
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
    // The hour's calls are spent (ours or drchrono's word): this run stops taking accounts; the next hour goes on.
    report.outOfCalls =
      error instanceof DrchronoError && (error.code === "budget_exhausted" || error.code === "rate_limited");
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
  const outOfTime = () =>
    options.deadline !== undefined && Date.now() > options.deadline - DEADLINE_MARGIN_MS;
  const sync = await syncStep(deps, api, account, today, todays, listingStartedAt, outOfTime);
  report.sync = sync.summary;
  if (sync.summary.complete === false) {
    // The time budget cut the full listing short; its cursor is saved and the continuation resumes it.
    report.status = "incomplete";
    report.error = INCOMPLETE_RUN_ERROR;
    return;
  }
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

  const dryRun = options.dryRun ?? false;
  if (!sendingHoursAllow(current, clock(), plan, report, dryRun)) return;
  // Outcomes remembered under other greeting settings no longer hold: everyone is decided again.
  if (!dryRun && current.outcomeSettingsKey !== settingsKey(current)) {
    await resetOutcomes(deps.db, current.id, settingsKey(current));
  }

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
    practice: lazy(() => practiceOfToday(deps.db, api, current, today)),
    wording: lazy(() => getWording(deps.db, current.id)),
    rememberOutcomes: !dryRun,
    delivery: deliveryContext(deps, report.runId, current, today, clock, staleMs),
    todaysSends,
    clock,
    report,
  };
  // The practice's doctors (and, until one is on file, its address) before any patient is read. Every greeting
  // needs them; read lazily, the hour's last calls went to patient records that then could not be greeted, and
  // the next hour fetched the same records again (with a few calls an hour, forever).
  if (plan.work.length > 0) await patientCtx.practice();
  const finished = await handleCandidates(ctx, patientCtx, plan.work, sync.fresh);
  if (!finished) {
    report.status = "incomplete";
    report.error = INCOMPLETE_RUN_ERROR;
    return;
  }
  if (dryRun) return;
  // Later hourly runs today only look for changes (see window.ts).
  await markDispatched(deps.db, current.id, today);
}

/**
 * The settings a remembered outcome depends on (who may be greeted on which channel). When the practice changes
 * them during the day, outcomes decided earlier no longer hold and every candidate is decided again.
 */
function settingsKey(account: Account): string {
  const s = settingsOf(account);
  const consent = s.smsConsent ? 1 : 0;
  const party = s.greetResponsibleParty ? 1 : 0;
  return `${s.channelMode}|sms-consent:${consent}|responsible-party:${party}|${s.timeZone}`;
}

/** drchrono's doctors list is read once per account per day; later runs (and composition) use the stored copy. */
async function doctorsOfToday(
  db: Database,
  api: DrchronoApi,
  account: Account,
  today: IsoDate,
): Promise<StoredDoctor[]> {
  if (account.doctorsFetchedOn !== today) await refreshDoctors(db, account.id, await api.doctors(), today);
  return storedDoctors(db, account.id);
}

/** Brings the patient index up to date (a full or a since-listing). */
function syncStep(
  deps: DispatchDeps,
  api: DrchronoApi,
  account: Account,
  today: IsoDate,
  todays: ReadonlyArray<{ month: number; day: number }>,
  listingStartedAt: Date,
  shouldStop: () => boolean,
): Promise<SyncResult> {
  return syncPatientIndex({
    shouldStop,
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
    report.status =
      current?.authStatus === "needs_reauth" || current?.authStatus === "missing_scopes"
        ? current.authStatus
        : "paused";
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

/**
 * Nothing leaves outside the account's window (08:00, or its chosen hour, to 21:00 local); a later run the same
 * day greets them. Dry runs preview anyway.
 */
function sendingHoursAllow(
  account: Account,
  now: Date,
  plan: CandidatePlan,
  report: AccountRunReport,
  dryRun: boolean,
): boolean {
  const withinHours = isInsideWindow(account, now);
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
  /** Read only when someone is greeted (from drchrono at most once a day): who signs, and the postal address. */
  practice: () => Promise<PracticeOfToday>;
  /** The practice's own wording per language, read at most once per run. */
  wording: () => Promise<Partial<Record<Language, string>>>;
  /** Real runs remember each patient's outcome for the day; dry runs change nothing. */
  rememberOutcomes: boolean;
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
      await handleCandidate(patientCtx, item, fresh.get(item.patientId));
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

/** A candidate the index or today's memory already decides costs no call; any other is read and decided. */
async function handleCandidate(
  ctx: PatientContext,
  item: CandidateWork,
  listed: PatientRecord | undefined,
): Promise<void> {
  const known = item.indexed?.skipReason as SkipReason | null | undefined;
  if (known && !item.hasSends) {
    // Known from the record at the last sync (inactive, no doctor, ...): no call needed to skip again.
    recordSkip(ctx.report, item.patientId, known, "known from the patient's record at the last sync");
    await rememberOutcome(ctx, item.patientId, skipOutcome(known), known);
    return;
  }
  const remembered = rememberedSkip(ctx, item, listed !== undefined);
  if (remembered) {
    // Decided earlier today, and neither the listing nor a webhook says the chart changed since.
    recordSkip(ctx.report, item.patientId, remembered, "decided earlier today; the chart has not changed");
    return;
  }
  await handlePatient(ctx, item.patientId, listed);
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
    await rememberOutcome(ctx, patientId, skipOutcome(decision.reason), decision.reason);
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
  const practice = await ctx.practice();
  const doctor = practice.doctors.find((d) => d.id === patient.doctorId) ?? null;
  const birthdayYear = Number(today.slice(0, 4));
  const results: DeliveryResult[] = [];
  for (const channel of decision.channels) {
    const message = composeFor({
      channel,
      patient,
      doctor,
      decision,
      account: { ...account, practiceAddress: practice.address },
      wording: await ctx.wording(),
      appUrl: deps.appUrl,
      unsubscribeSecret: deps.unsubscribeSecret,
      channels: deps.channels,
    });
    if (!message) continue;
    const key = { accountId: account.id, patientId, birthdayYear, channel };
    const result = await deliverGreeting(ctx.delivery, key, message);
    tally(report, result);
    results.push(result);
  }
  if (results.length > 0) await rememberOutcome(ctx, patientId, deliveryOutcome(results), null);
}

const OPT_OUT_REASONS: ReadonlySet<SkipReason> = new Set(["opted_out", "unsubscribed", "sms_stopped"]);

function skipOutcome(reason: SkipReason): DayOutcome {
  return OPT_OUT_REASONS.has(reason) ? "opted_out" : "skipped";
}

/** A patient greeted on several channels: the worst result names the day's outcome. */
function deliveryOutcome(results: readonly DeliveryResult[]): DayOutcome {
  if (results.some((r) => r === "failed" || r === "uncertain")) return "failed";
  if (results.some((r) => r === "waiting")) return "waiting";
  return "greeted";
}

async function rememberOutcome(
  ctx: PatientContext,
  patientId: number,
  outcome: DayOutcome,
  reason: SkipReason | null,
): Promise<void> {
  if (!ctx.rememberOutcomes) return;
  await recordOutcome(ctx.deps.db, ctx.account.id, patientId, { date: ctx.today, outcome, reason });
}

/**
 * The skip reason remembered for the patient today, when it still holds: a real run, no send to reconcile,
 * no fresher record from this run's listing, and (for an opt-out) the opt-out still recorded.
 */
function rememberedSkip(ctx: PatientContext, item: CandidateWork, listedNow: boolean): SkipReason | null {
  const row: CandidateRow | null = item.indexed;
  if (!ctx.rememberOutcomes || item.hasSends || listedNow || !row || row.outcomeDate !== ctx.today)
    return null;
  if (row.outcome !== "skipped" && row.outcome !== "opted_out") return null;
  const reason = row.outcomeReason as SkipReason | null | undefined;
  if (!reason) return null;
  if (row.outcome === "opted_out") {
    const flags = ctx.optOuts.get(item.patientId) ?? NO_OPT_OUTS;
    if (!flags.staff && !flags.emailUnsubscribed && !flags.smsStopped) return null;
  }
  return reason;
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

interface PracticeOfToday {
  doctors: DrchronoDoctor[];
  /** The postal address for the footer; null while drchrono's offices have none. */
  address: string | null;
}

/** What greeting someone needs from drchrono about the practice, each read at most once a day. */
async function practiceOfToday(
  db: Database,
  api: DrchronoApi,
  account: Account,
  today: IsoDate,
): Promise<PracticeOfToday> {
  const address = await practiceAddressOfToday(db, api, account, today);
  return { doctors: await doctorsWithSignOffs(db, api, account, today), address };
}

/** drchrono's doctors, each with how the practice set them to sign (the doctors table). */
async function doctorsWithSignOffs(
  db: Database,
  api: DrchronoApi,
  account: Account,
  today: IsoDate,
): Promise<DrchronoDoctor[]> {
  const [doctors, signOffs] = await Promise.all([
    doctorsOfToday(db, api, account, today),
    getSignOffs(db, account.id),
  ]);
  return doctors.map((d) => ({
    id: d.doctorId,
    firstName: d.firstName,
    lastName: d.lastName,
    suffix: d.suffix || null,
    timeZone: null,
    practiceGroupName: null,
    email: null,
    officePhone: null,
    signOff: signOffs.get(d.doctorId)?.signOff ?? null,
    signOffEs: signOffs.get(d.doctorId)?.signOffEs ?? null,
  }));
}

function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    value ??= load();
    return value;
  };
}
