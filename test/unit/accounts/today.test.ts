import { describe, expect, it } from "vitest";
import {
  countDay,
  isSendingTime,
  nextRunAt,
  skipsByReason,
  type TodayIndexFacts,
  type TodaySend,
  todayEntries,
  todayStateOf,
} from "@/lib/accounts/today";

const TODAY = "2026-12-01";
const facts = (over: Partial<TodayIndexFacts> = {}): TodayIndexFacts => ({
  patientId: 1,
  skipReason: null,
  outcomeDate: null,
  outcome: null,
  outcomeReason: null,
  ...over,
});
const send = (over: Partial<TodaySend> = {}): TodaySend => ({
  patientId: 1,
  channel: "email",
  status: "sent",
  sentAt: new Date("2026-12-01T15:02:00Z"),
  deliveryStatus: null,
  nextAttemptAt: null,
  ...over,
});

describe("one patient's state today", () => {
  it("is greeted with channel, time and delivery status once a greeting went out, whatever else is recorded", () => {
    const state = todayStateOf(
      facts({ outcomeDate: TODAY, outcome: "failed" }),
      [send({ deliveryStatus: "delivered" }), send({ channel: "sms", status: "failed" })],
      true,
      TODAY,
    );
    expect(state).toEqual({
      kind: "greeted",
      sends: [{ channel: "email", sentAt: new Date("2026-12-01T15:02:00Z"), deliveryStatus: "delivered" }],
    });
  });

  it("is skipped with the reason the day's decision found (contacts are only known on the day)", () => {
    expect(
      todayStateOf(
        facts({ outcomeDate: TODAY, outcome: "skipped", outcomeReason: "no_contact" }),
        [],
        false,
        TODAY,
      ),
    ).toEqual({ kind: "skipped", reason: "no_contact" });
  });

  it("counts an unsubscribe or STOP recorded as a skip as opted out", () => {
    expect(
      todayStateOf(
        facts({ outcomeDate: TODAY, outcome: "skipped", outcomeReason: "unsubscribed" }),
        [],
        false,
        TODAY,
      ),
    ).toEqual({ kind: "opted_out", reason: "unsubscribed" });
  });

  it("is opted out when staff opted the patient out, even after the run decided otherwise", () => {
    expect(todayStateOf(facts({ outcomeDate: TODAY, outcome: "waiting" }), [], true, TODAY)).toEqual({
      kind: "opted_out",
      reason: "opted_out",
    });
  });

  it("ignores yesterday's outcome and waits, unless the record alone already says why it is skipped", () => {
    expect(
      todayStateOf(
        facts({ outcomeDate: "2026-11-30", outcome: "skipped", outcomeReason: "no_contact" }),
        [],
        false,
        TODAY,
      ),
    ).toEqual({
      kind: "waiting",
    });
    expect(todayStateOf(facts({ skipReason: "deceased" }), [], false, TODAY)).toEqual({
      kind: "skipped",
      reason: "deceased",
    });
  });

  it("is failed, retrying or not, from the send log when no outcome was recorded", () => {
    expect(
      todayStateOf(
        facts(),
        [send({ status: "failed", nextAttemptAt: new Date("2026-12-01T16:00:00Z") })],
        false,
        TODAY,
      ),
    ).toEqual({ kind: "failed", retrying: true });
    expect(todayStateOf(facts(), [send({ status: "failed" })], false, TODAY)).toEqual({
      kind: "failed",
      retrying: false,
    });
  });
});

describe("the day's counts", () => {
  it("count every birthday once, so greeted + waiting + skipped + opted out + failed = birthdays", () => {
    const entries = todayEntries({
      today: TODAY,
      indexRows: [
        facts({ patientId: 1 }),
        facts({ patientId: 2, outcomeDate: TODAY, outcome: "skipped", outcomeReason: "no_contact" }),
        facts({ patientId: 3, outcomeDate: TODAY, outcome: "skipped", outcomeReason: "responsible_party" }),
        facts({ patientId: 4 }),
        facts({ patientId: 5, skipReason: "inactive" }),
      ],
      // Patient 1 greeted in the first run, patient 9 only known from a retry of today's send log.
      sends: [send({ patientId: 1 }), send({ patientId: 9, status: "pending", sentAt: null })],
      staffOptOuts: new Set([4]),
    });
    expect(entries.map((e) => [e.patientId, e.state.kind])).toEqual([
      [1, "greeted"],
      [2, "skipped"],
      [3, "skipped"],
      [4, "opted_out"],
      [5, "skipped"],
      [9, "waiting"],
    ]);
    expect(countDay(entries)).toEqual({
      birthdays: 6,
      greeted: 1,
      waiting: 1,
      skipped: 3,
      optedOut: 1,
      failed: 0,
    });
    expect(skipsByReason(entries)).toEqual({ no_contact: 1, responsible_party: 1, inactive: 1 });
  });
});

describe("the next run", () => {
  it("is the next hour inside 08:00–21:00 local, or at the practice's chosen hour", () => {
    // 06:30 in New York (UTC-5): the first run that sends is 08:00, or 10:00 with a send hour of 10.
    const early = new Date("2026-12-01T11:30:00Z");
    expect(nextRunAt(early, "America/New_York", null).toISOString()).toBe("2026-12-01T13:00:00.000Z");
    expect(nextRunAt(early, "America/New_York", 10).toISOString()).toBe("2026-12-01T15:00:00.000Z");
    // 12:10 local: the next hourly run at 13:00.
    expect(nextRunAt(new Date("2026-12-01T17:10:00Z"), "America/New_York", null).toISOString()).toBe(
      "2026-12-01T18:00:00.000Z",
    );
    // 20:30 local: tomorrow at 08:00.
    expect(nextRunAt(new Date("2026-12-02T01:30:00Z"), "America/New_York", null).toISOString()).toBe(
      "2026-12-02T13:00:00.000Z",
    );
  });

  it("sends only inside the window and from the chosen hour", () => {
    const tenLocal = new Date("2026-12-01T15:00:00Z");
    expect(isSendingTime(tenLocal, "America/New_York", null)).toBe(true);
    expect(isSendingTime(tenLocal, "America/New_York", 11)).toBe(false);
    expect(isSendingTime(new Date("2026-12-02T02:00:00Z"), "America/New_York", null)).toBe(false);
  });
});
