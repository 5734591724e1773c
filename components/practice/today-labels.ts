import type { AccountState } from "@/lib/accounts/state";
import type { TodayState } from "@/lib/accounts/today";
import { SKIP_REASON_HINTS } from "@/lib/greetings/skip-reasons";
import { formatTime } from "./format";
import { isSkipReason, skipReasonLabel } from "./skip-labels";

/*
 * Today's states in the practice's words: a short label for the badge and one sentence of detail (what went out,
 * what it waits for, or what to fix).
 */

export const TODAY_STATE_LABELS: Record<TodayState["kind"], string> = {
  greeted: "Greeted",
  waiting: "Waiting",
  skipped: "Skipped",
  opted_out: "Opted out",
  failed: "Failed",
};

export function todayStateTone(state: TodayState): "ok" | "warn" | "bad" | "" {
  if (state.kind === "greeted") return "ok";
  if (state.kind === "failed") return "bad";
  if (state.kind === "skipped") return "warn";
  return "";
}

const DELIVERY_LABELS: Record<string, string> = {
  queued: "queued",
  sent: "sent",
  delivered: "delivered",
  delayed: "delayed",
  bounced: "bounced",
  complained: "marked as spam",
  undelivered: "not delivered",
  failed: "not delivered",
};

/** Why a waiting greeting has not gone out yet, given the account's state and the next run's time. */
export interface WaitingContext {
  accountState: AccountState;
  timeZone: string;
  nextRun: Date;
}

function waitingDetail(ctx: WaitingContext): string {
  switch (ctx.accountState) {
    case "not_requested":
    case "activation_requested":
      return "Not sent: greetings start once support activates your account.";
    case "paused":
      return "Not sent while greetings are paused.";
    case "deactivated":
      return "Not sent: support has deactivated this account.";
    case "needs_reauth":
    case "missing_permissions":
      return "On hold until someone signs in with drchrono again.";
    case "active":
      return `Goes out with the next run, at ${formatTime(ctx.nextRun, ctx.timeZone)}.`;
  }
}

export function todayStateDetail(state: TodayState, ctx: WaitingContext): string {
  switch (state.kind) {
    case "greeted":
      return state.sends
        .map((s) => {
          const channel = s.channel === "sms" ? "Text" : "E-mail";
          const at = s.sentAt ? ` at ${formatTime(s.sentAt, ctx.timeZone)}` : "";
          const delivery = s.deliveryStatus
            ? `, ${DELIVERY_LABELS[s.deliveryStatus] ?? s.deliveryStatus}`
            : "";
          return `${channel}${at}${delivery}`;
        })
        .join("; ");
    case "waiting":
      return waitingDetail(ctx);
    case "skipped":
      return `${skipReasonLabel(state.reason)}. ${isSkipReason(state.reason) ? SKIP_REASON_HINTS[state.reason] : ""}`.trim();
    case "opted_out":
      return skipReasonLabel(state.reason);
    case "failed":
      return state.retrying
        ? "The provider did not take the greeting; it is tried again automatically."
        : "The provider did not take the greeting, and it will not be retried today. See History.";
  }
}
