import { localDateTime, SENDING_HOURS } from "@/lib/greetings/dates";
import type { Channel, IsoDate } from "@/lib/greetings/types";

/*
 * Today as the practice sees it: every patient whose birthday it is, with one state each, and the day's counts.
 * Pure: the day's facts in (index rows with the day's outcome, today's send log, opt-outs), states out. The
 * counts are the states counted, so Overview, Upcoming, Skipped and the admin page agree with each other and
 * add up across any number of runs in a day.
 */

export type DayOutcome = "greeted" | "skipped" | "opted_out" | "waiting" | "failed";

/** What the index knows about one of today's patients (no contact data). */
export interface TodayIndexFacts {
  patientId: number;
  /** A skip reason known from the record at the last sync. */
  skipReason: string | null;
  outcomeDate: string | null;
  outcome: string | null;
  outcomeReason: string | null;
}

/** One row of today's send log for the patient. */
export interface TodaySend {
  patientId: number;
  channel: Channel;
  status: "pending" | "sent" | "failed";
  sentAt: Date | null;
  deliveryStatus: string | null;
  /** When a failed greeting is tried again; null when it failed for good. */
  nextAttemptAt: Date | null;
}

export type TodayState =
  | {
      kind: "greeted";
      sends: Array<{ channel: Channel; sentAt: Date | null; deliveryStatus: string | null }>;
    }
  | { kind: "waiting" }
  | { kind: "skipped"; reason: string }
  | { kind: "opted_out"; reason: string }
  | { kind: "failed"; retrying: boolean };

export interface TodayEntry {
  patientId: number;
  state: TodayState;
}

export interface DayCounts {
  /** Every patient whose birthday it is today. */
  birthdays: number;
  greeted: number;
  waiting: number;
  skipped: number;
  optedOut: number;
  failed: number;
}

const DAY_OUTCOMES: readonly string[] = ["greeted", "skipped", "opted_out", "waiting", "failed"];
const OPT_OUT_REASONS: readonly string[] = ["opted_out", "unsubscribed", "sms_stopped"];

/**
 * One patient's state today, in a fixed precedence: a greeting that went out wins (it cannot be taken back);
 * then a staff opt-out made since the run; then the day's recorded outcome; then what the send log and the
 * index say on their own (before the first run of the day, or from a build that recorded no outcome).
 */
export function todayStateOf(
  facts: TodayIndexFacts,
  sends: readonly TodaySend[],
  staffOptedOut: boolean,
  today: IsoDate,
): TodayState {
  const sent = sends.filter((s) => s.status === "sent");
  if (sent.length > 0)
    return {
      kind: "greeted",
      sends: sent.map((s) => ({ channel: s.channel, sentAt: s.sentAt, deliveryStatus: s.deliveryStatus })),
    };
  if (staffOptedOut) return { kind: "opted_out", reason: "opted_out" };
  const failed = sends.filter((s) => s.status === "failed");
  const outcome = facts.outcomeDate === today && facts.outcome ? facts.outcome : null;
  if (outcome && DAY_OUTCOMES.includes(outcome)) {
    if (outcome === "skipped")
      return OPT_OUT_REASONS.includes(facts.outcomeReason ?? "")
        ? { kind: "opted_out", reason: facts.outcomeReason ?? "opted_out" }
        : { kind: "skipped", reason: facts.outcomeReason ?? facts.skipReason ?? "unknown" };
    if (outcome === "opted_out") return { kind: "opted_out", reason: facts.outcomeReason ?? "opted_out" };
    if (outcome === "failed")
      return { kind: "failed", retrying: failed.some((s) => s.nextAttemptAt !== null) };
    if (outcome === "waiting") return { kind: "waiting" };
  }
  if (failed.length > 0 && !sends.some((s) => s.status === "pending"))
    return { kind: "failed", retrying: failed.some((s) => s.nextAttemptAt !== null) };
  if (sends.length === 0 && facts.skipReason) return { kind: "skipped", reason: facts.skipReason };
  return { kind: "waiting" };
}

/** Today's entries: index rows in patient id order, plus patients only the send log knows about today. */
export function todayEntries(input: {
  today: IsoDate;
  indexRows: readonly TodayIndexFacts[];
  sends: readonly TodaySend[];
  staffOptOuts: ReadonlySet<number>;
}): TodayEntry[] {
  const sendsBy = new Map<number, TodaySend[]>();
  for (const send of input.sends) sendsBy.set(send.patientId, [...(sendsBy.get(send.patientId) ?? []), send]);
  const facts = new Map(input.indexRows.map((row) => [row.patientId, row]));
  for (const id of sendsBy.keys())
    if (!facts.has(id))
      facts.set(id, {
        patientId: id,
        skipReason: null,
        outcomeDate: null,
        outcome: null,
        outcomeReason: null,
      });
  return [...facts.values()]
    .sort((a, b) => a.patientId - b.patientId)
    .map((row) => ({
      patientId: row.patientId,
      state: todayStateOf(
        row,
        sendsBy.get(row.patientId) ?? [],
        input.staffOptOuts.has(row.patientId),
        input.today,
      ),
    }));
}

export function countDay(entries: readonly TodayEntry[]): DayCounts {
  const counts: DayCounts = {
    birthdays: entries.length,
    greeted: 0,
    waiting: 0,
    skipped: 0,
    optedOut: 0,
    failed: 0,
  };
  for (const { state } of entries) {
    if (state.kind === "greeted") counts.greeted += 1;
    else if (state.kind === "waiting") counts.waiting += 1;
    else if (state.kind === "skipped") counts.skipped += 1;
    else if (state.kind === "opted_out") counts.optedOut += 1;
    else counts.failed += 1;
  }
  return counts;
}

/** The day's skips by reason, from the same states the counts come from. */
export function skipsByReason(entries: readonly TodayEntry[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const { state } of entries)
    if (state.kind === "skipped") out[state.reason] = (out[state.reason] ?? 0) + 1;
  return out;
}

/** The hour greetings may start today: the practice's chosen hour, else the start of the sending window. */
export function firstSendingHour(sendHour: number | null): number {
  if (sendHour === null || sendHour < SENDING_HOURS.startHour || sendHour >= SENDING_HOURS.endHour)
    return SENDING_HOURS.startHour;
  return sendHour;
}

/**
 * When the scheduled run next works for the practice: the dispatch runs at the top of every hour, and the first
 * run at or after the practice's hour (inside 08:00–21:00 local) sends. Searches the next two days hour by hour,
 * so daylight-saving changes come out right.
 */
export function nextRunAt(now: Date, timeZone: string, sendHour: number | null): Date {
  const startHour = firstSendingHour(sendHour);
  const hour = 3_600_000;
  let at = new Date(Math.floor(now.getTime() / hour) * hour + hour);
  for (let i = 0; i < 48; i += 1, at = new Date(at.getTime() + hour)) {
    const local = localDateTime(at, timeZone).hour;
    if (local >= startHour && local < SENDING_HOURS.endHour) return at;
  }
  return at;
}

/** Whether a run now would send for the practice: inside the window and at or after its hour. */
export function isSendingTime(now: Date, timeZone: string, sendHour: number | null): boolean {
  const local = localDateTime(now, timeZone).hour;
  return local >= firstSendingHour(sendHour) && local < SENDING_HOURS.endHour;
}
