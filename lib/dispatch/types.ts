import type { Database } from "@/db/client";
import type { AccountState } from "@/db/queries/leases";
import type { Account } from "@/db/schema";
import type { EmailChannel, SmsChannel } from "@/lib/channels/types";
import type { DrchronoApi } from "@/lib/drchrono/types";
import type { Channel, IsoDate, SkipReason } from "@/lib/greetings/types";
import type { DeliveryCheckpoint } from "./deliver";

/*
 * One dispatch run: claim accounts, sync the patient index, ask the core who is greeted, write the send log and
 * send. It talks to the outside only through these ports; production wiring is createDispatchDeps().
 */

export interface DispatchDeps {
  db: Database;
  /** A drchrono client for the account, with a token from the vault (refreshed when needed). */
  drchronoFor(account: Account): Promise<DrchronoApi>;
  channels: { email: EmailChannel; sms: SmsChannel };
  /** Base URL of the app, for unsubscribe links. */
  appUrl: string;
  unsubscribeSecret: string;
  /** The secret contact hashes are keyed with (suppression, STOP matching): the app secret. */
  contactHashSecret: string;
  /** false lists every patient on every run (as earlier apps did); the bench compares both. */
  incrementalSync: boolean;
  /** Tells the practice and support that delivery events paused the practice's e-mail (sender health). */
  notifyEmailPaused?(account: Account, pause: { reason: string; at: Date }): Promise<void>;
  /** Tells the practice it must sign in again; failures here never stop a run. */
  notifyNeedsReauth?(account: Account): Promise<void>;
  /** Counts and ids only: never patient data. Defaults to silence. */
  log?(line: string): void;
  /** Patients fetched and greeted at once per account (drchrono latency dominates). Default 4. */
  concurrency?: number;
  /** How long a claimed account stays ours without renewal. Default 10 minutes. */
  leaseMs?: number;
  /** A pending row older than this is considered left behind by a crash. Default 5 minutes. */
  stalePendingMs?: number;
  /** Test seam for the fault campaign (crashes at each step of a delivery); unset in production. */
  deliveryCheckpoint?: DeliveryCheckpoint;
}

export type DispatchTrigger = "cron" | "cli" | "admin" | "sandbox";

export interface DispatchOptions {
  now: Date;
  /**
   * Run as if it were this local date: each account's clock reads 12:00 on that date in its own time zone
   * (CLI --date, support's "what would happen on ..."). Default: the date `now` falls on in each zone.
   */
  date?: IsoDate;
  accountIds?: string[];
  dryRun?: boolean;
  trigger: DispatchTrigger;
  /** Epoch ms: stop claiming accounts (and taking new patients) shortly before this. */
  deadline?: number;
  runnerId?: string;
  /** Skip accounts already run since this instant (a continuation finishing its round). */
  roundStartedAt?: Date;
  onProgress?(event: ProgressEvent): void;
}

export type ProgressEvent =
  | { kind: "account_started"; accountId: string; localDate: IsoDate }
  | { kind: "synced"; accountId: string; sync: SyncSummary }
  | { kind: "candidates"; accountId: string; count: number }
  | { kind: "patient_done"; accountId: string; done: number; of: number }
  | { kind: "account_finished"; accountId: string; report: AccountRunReport };

export interface SyncSummary {
  kind: "full" | "incremental" | "none";
  /** Records listed by drchrono. */
  listed: number;
  /** Records that could not be parsed: counted, never fatal. */
  malformed: number;
  /** Index rows dropped because a full pass no longer saw the patient. */
  removed: number;
  /** false when a full listing stopped early; its cursor is kept and the next run resumes it. */
  complete?: boolean;
}

export type AccountRunStatus =
  | "done"
  /** Outside 08:00–21:00 local: nothing sent, a later run the same day sends. */
  | "deferred"
  /** The time budget ran out before every candidate was handled. */
  | "incomplete"
  /** Paused or deactivated between the claim and the sending. */
  | "paused"
  | "needs_reauth"
  /** drchrono answered 403: the grant (or the user's in-app permission) no longer covers patient records. */
  | "missing_scopes"
  | "error";

export interface AccountRunReport {
  accountId: string;
  /** The `runs` row of this account's run. */
  runId: string;
  localDate: IsoDate;
  status: AccountRunStatus;
  sync: SyncSummary;
  /** Patients whose birthday is today per the index, plus due retries. */
  candidates: number;
  greeted: number;
  failed: number;
  deferred: number;
  /** Greetings already sent (or finally failed) earlier today. */
  alreadyHandled: number;
  skipped: Partial<Record<SkipReason, number>>;
  /** Candidates drchrono answered 404 for (removed from the index). */
  gone: number;
  /** Candidates whose fresh record no longer has a birthday today (index corrected). */
  notToday: number;
  drchronoCalls: number;
  error: string | null;
  /** True when the hour's drchrono calls ran out (our budget or a 429): the run stops taking accounts. */
  outOfCalls?: boolean;
  /** Dry runs only: who would be greeted and who is skipped, by drchrono patient id. */
  preview?: DryRunPreview;
}

export interface DryRunPreview {
  withinSendingHours: boolean;
  greet: Array<{ patientId: number; channels: Channel[] }>;
  skip: Array<{ patientId: number; reason: SkipReason; detail: string }>;
}

export interface DispatchReport {
  runnerId: string;
  trigger: DispatchTrigger;
  dryRun: boolean;
  startedAt: string;
  finishedAt: string;
  /** false when the time budget ended the run with accounts (or patients) left: a continuation should follow. */
  complete: boolean;
  /** The hour's drchrono calls ran out: accounts not yet taken wait for the next hourly run. */
  outOfCalls?: boolean;
  accounts: AccountRunReport[];
  /** Accounts not processed, counted by why (paused, not activated, needs re-authorization, ...). */
  notProcessed: Partial<Record<Exclude<AccountState, "eligible">, number>>;
  totals: { greeted: number; failed: number; deferred: number; skipped: number; drchronoCalls: number };
}
