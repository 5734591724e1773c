import { describe, expect, it } from "vitest";
import type { SendLogRow } from "@/db/schema";
import { planCandidates } from "@/lib/dispatch/candidates";

const now = new Date("2026-03-10T15:00:00Z");
const staleBefore = new Date(now.getTime() - 5 * 60_000);
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

function send(patientId: number, over: Partial<SendLogRow> = {}): SendLogRow {
  return {
    id: `row-${patientId}-${over.channel ?? "email"}`,
    accountId: "acc",
    patientId,
    birthdayYear: 2026,
    channel: "email",
    status: "sent",
    localDate: "2026-03-10",
    attempts: 0,
    nextAttemptAt: null,
    providerId: "p",
    error: null,
    runId: null,
    createdAt: minutesAgo(60),
    updatedAt: minutesAgo(60),
    sentAt: minutesAgo(60),
    deliveryStatus: null,
    deliveryStatusAt: null,
    deliveryErrorCode: null,
    contactHash: null,
    ...over,
  };
}

const indexed = (patientId: number, skipReason: string | null = null) => ({
  patientId,
  doctorId: 1,
  birthMonth: 3,
  birthDay: 10,
  skipReason,
});

describe("planCandidates", () => {
  it("works on patients with no greeting yet and spends nothing on those already greeted", () => {
    const plan = planCandidates({
      indexRows: [indexed(1), indexed(2)],
      todaysSends: [send(2)],
      channelMode: "email",
      now,
      staleBefore,
    });
    expect(plan.work).toEqual([{ patientId: 1, indexed: indexed(1), hasSends: false }]);
    expect(plan.alreadyHandled).toBe(1);
  });

  it("picks up a failed greeting once its retry is due, and waits for it before", () => {
    const due = send(3, { status: "failed", providerId: null, attempts: 1, nextAttemptAt: minutesAgo(1) });
    const later = send(4, {
      status: "failed",
      providerId: null,
      attempts: 1,
      nextAttemptAt: new Date(now.getTime() + 60_000),
    });
    const plan = planCandidates({
      indexRows: [indexed(4)],
      todaysSends: [due, later],
      channelMode: "email",
      now,
      staleBefore,
    });
    expect(plan.work).toEqual([{ patientId: 3, indexed: null, hasSends: true }]);
    expect(plan.waiting).toBe(1);
  });

  it("reconciles a row a crash left pending, but leaves a fresh pending row to the run that owns it", () => {
    const crashed = send(5, { status: "pending", providerId: null, updatedAt: minutesAgo(10) });
    const inFlight = send(6, { status: "pending", providerId: null, updatedAt: minutesAgo(1) });
    const plan = planCandidates({
      indexRows: [],
      todaysSends: [crashed, inFlight],
      channelMode: "email",
      now,
      staleBefore,
    });
    expect(plan.work.map((w) => w.patientId)).toEqual([5]);
    expect(plan.alreadyHandled).toBe(1);
  });

  it("treats a final failure as handled", () => {
    const final = send(7, { status: "failed", providerId: null, attempts: 5, nextAttemptAt: null });
    const plan = planCandidates({
      indexRows: [indexed(7)],
      todaysSends: [final],
      channelMode: "email",
      now,
      staleBefore,
    });
    expect(plan.work).toEqual([]);
    expect(plan.alreadyHandled).toBe(1);
  });

  it("with both channels, one sent channel does not finish the patient", () => {
    const plan = planCandidates({
      indexRows: [indexed(8)],
      todaysSends: [send(8)],
      channelMode: "both",
      now,
      staleBefore,
    });
    expect(plan.work.map((w) => w.patientId)).toEqual([8]);
  });

  it("keeps the index's known skip reason so the run need not fetch the patient", () => {
    const plan = planCandidates({
      indexRows: [indexed(9, "inactive")],
      todaysSends: [],
      channelMode: "email",
      now,
      staleBefore,
    });
    // No sends: the run may skip the patient again from the index alone, without a drchrono call.
    expect(plan.work).toEqual([{ patientId: 9, indexed: indexed(9, "inactive"), hasSends: false }]);
  });

  it("with both channels, a text that failed after the e-mail went out is retried once due", () => {
    const email = send(10, { channel: "email" });
    const text = send(10, {
      channel: "sms",
      status: "failed",
      providerId: null,
      attempts: 1,
      nextAttemptAt: minutesAgo(1),
    });
    const plan = planCandidates({
      indexRows: [indexed(10)],
      todaysSends: [email, text],
      channelMode: "both",
      now,
      staleBefore,
    });
    expect(plan).toEqual({
      work: [{ patientId: 10, indexed: indexed(10), hasSends: true }],
      alreadyHandled: 0,
      waiting: 0,
    });
  });

  it("with both channels, a text waiting for its retry after the e-mail went out waits", () => {
    const email = send(11, { channel: "email" });
    const text = send(11, {
      channel: "sms",
      status: "failed",
      providerId: null,
      attempts: 1,
      nextAttemptAt: new Date(now.getTime() + 60_000),
    });
    const plan = planCandidates({
      indexRows: [indexed(11)],
      todaysSends: [email, text],
      channelMode: "both",
      now,
      staleBefore,
    });
    expect(plan).toEqual({ work: [], alreadyHandled: 0, waiting: 1 });
  });

  it("lists the work in patient id order, numerically", () => {
    const plan = planCandidates({
      indexRows: [indexed(10), indexed(2)],
      todaysSends: [
        send(9, { status: "failed", providerId: null, attempts: 1, nextAttemptAt: minutesAgo(1) }),
      ],
      channelMode: "email",
      now,
      staleBefore,
    });
    expect(plan.work.map((w) => w.patientId)).toEqual([2, 9, 10]);
  });

  it("a retry due this very moment is picked up; a row pending exactly as long as the stale limit is not", () => {
    const dueNow = send(12, { status: "failed", providerId: null, attempts: 1, nextAttemptAt: now });
    const atLimit = send(13, { status: "pending", providerId: null, updatedAt: staleBefore });
    const plan = planCandidates({
      indexRows: [],
      todaysSends: [dueNow, atLimit],
      channelMode: "email",
      now,
      staleBefore,
    });
    expect(plan).toEqual({
      work: [{ patientId: 12, indexed: null, hasSends: true }],
      alreadyHandled: 1,
      waiting: 0,
    });
  });

  it("a retry another run has just taken (pending again, its retry time past) is left to that run", () => {
    // claimDueRetry sets the row back to pending and keeps nextAttemptAt: it is in flight, not waiting.
    const inFlight = send(18, {
      status: "pending",
      providerId: null,
      attempts: 1,
      nextAttemptAt: minutesAgo(3),
      updatedAt: minutesAgo(1),
    });
    const plan = planCandidates({
      indexRows: [indexed(18)],
      todaysSends: [inFlight],
      channelMode: "sms",
      now,
      staleBefore,
    });
    expect(plan).toEqual({ work: [], alreadyHandled: 1, waiting: 0 });
  });

  it("a pending row that already holds the provider's id is not reconciled, however old", () => {
    const accepted = send(14, { status: "pending", providerId: "SM14", updatedAt: minutesAgo(120) });
    const plan = planCandidates({
      indexRows: [indexed(14)],
      todaysSends: [accepted],
      channelMode: "sms",
      now,
      staleBefore,
    });
    expect(plan).toEqual({ work: [], alreadyHandled: 1, waiting: 0 });
  });

  it("a final failure counts as handled, not as waiting", () => {
    const final = send(15, { status: "failed", providerId: null, attempts: 5, nextAttemptAt: null });
    const plan = planCandidates({
      indexRows: [indexed(15)],
      todaysSends: [final],
      channelMode: "sms",
      now,
      staleBefore,
    });
    expect(plan).toEqual({ work: [], alreadyHandled: 1, waiting: 0 });
  });

  it("with both channels, both sent finishes the patient; in one-channel modes one row does", () => {
    const both = planCandidates({
      indexRows: [indexed(16)],
      todaysSends: [send(16, { channel: "email" }), send(16, { channel: "sms" })],
      channelMode: "both",
      now,
      staleBefore,
    });
    expect(both).toEqual({ work: [], alreadyHandled: 1, waiting: 0 });
    const sms = planCandidates({
      indexRows: [indexed(17)],
      todaysSends: [send(17, { channel: "sms" })],
      channelMode: "sms",
      now,
      staleBefore,
    });
    expect(sms).toEqual({ work: [], alreadyHandled: 1, waiting: 0 });
  });
});
