import type { AccountRunReport, DispatchReport } from "@/lib/dispatch/types";
import type { Channel, SkipReason } from "@/lib/greetings/types";

/*
 * Turns a dry-run dispatch report into what support sees on the account page. Pure. Only drchrono patient ids
 * and skip reasons are shown: the skip detail can quote a birth date, which support does not need to see.
 */

export type DryRunView =
  | {
      kind: "preview";
      localDate: string;
      withinSendingHours: boolean;
      status: AccountRunReport["status"];
      greet: Array<{ patientId: number; channels: Channel[] }>;
      skip: Array<{ patientId: number; reason: SkipReason; label: string }>;
      alreadyHandled: number;
      drchronoCalls: number;
      error: string | null;
    }
  | { kind: "not_processed"; message: string }
  /** drchrono refused or failed: the preview is empty because nothing could be read, not because nobody is due. */
  | { kind: "could_not_read"; message: string }
  | { kind: "error"; message: string };

// A named dry run previews accounts before activation and while paused, so only drchrono access stops it.
const COULD_NOT_READ: Record<string, string> = {
  needs_reauth:
    "The dry run could not read drchrono: drchrono no longer accepts the practice's access. Someone at the practice must sign in with drchrono again.",
  missing_scopes:
    "The dry run could not read drchrono: drchrono did not grant the permissions greetings need. Someone at the practice must sign in with drchrono again and allow them.",
  no_token:
    "The dry run could not read drchrono: there is no drchrono token for this account. Someone at the practice must sign in with drchrono.",
};

const NOT_PROCESSED: Record<string, string> = {
  not_active: "The account is not active, so a run would not touch it. Activate it first.",
  paused: "The practice has paused greetings, so a run would not touch it.",
};

export const SKIP_LABELS: Record<SkipReason, string> = {
  no_birth_date: "No birth date",
  invalid_birth_date: "Birth date is not a real date",
  birth_date_in_future: "Birth date in the future",
  implausible_age: "Implausible age (over 120)",
  no_primary_doctor: "No primary doctor",
  inactive: "Inactive",
  deceased: "Deceased",
  responsible_party: "Has a responsible party",
  opted_out: "Opted out by staff",
  unsubscribed: "Unsubscribed from e-mail",
  sms_stopped: "Replied STOP to texts",
  email_bounced: "E-mail bounced",
  sms_undeliverable: "Number cannot receive texts",
  email_paused: "E-mail paused by support",
  no_contact: "No usable contact",
};

export function dryRunView(report: DispatchReport, accountId: string): DryRunView {
  const run = report.accounts.find((a) => a.accountId === accountId);
  if (!run) {
    const reason = Object.entries(report.notProcessed).find(([, n]) => (n ?? 0) > 0)?.[0] ?? "";
    const couldNotRead = COULD_NOT_READ[reason];
    if (couldNotRead) return { kind: "could_not_read", message: couldNotRead };
    return {
      kind: "not_processed",
      message: NOT_PROCESSED[reason] ?? "A run would not process this account right now.",
    };
  }
  const couldNotRead = COULD_NOT_READ[run.status];
  if (couldNotRead) return { kind: "could_not_read", message: couldNotRead };
  if (run.status === "error") {
    return {
      kind: "could_not_read",
      message: `The dry run could not finish reading drchrono (${run.error ?? "unknown error"}). Try again in a moment.`,
    };
  }
  const preview = run.preview;
  return {
    kind: "preview",
    localDate: run.localDate,
    withinSendingHours: preview?.withinSendingHours ?? run.status !== "deferred",
    status: run.status,
    greet: [...(preview?.greet ?? [])].sort((a, b) => a.patientId - b.patientId),
    skip: [...(preview?.skip ?? [])]
      .sort((a, b) => a.patientId - b.patientId)
      .map((s) => ({ patientId: s.patientId, reason: s.reason, label: SKIP_LABELS[s.reason] })),
    alreadyHandled: run.alreadyHandled,
    drchronoCalls: run.drchronoCalls,
    error: run.error,
  };
}
