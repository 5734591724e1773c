import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { recordProviderEvent } from "@/db/queries/delivery";
import { findSend, type GreetingKey, insertPendingSend } from "@/db/queries/send-log";
import { accounts, deliverySuppressions, optOuts } from "@/db/schema";
import { createTestDatabase } from "@/db/testing";
import type {
  EmailChannel,
  EmailMessage,
  SendOutcome,
  SentTextQuery,
  SmsChannel,
  SmsMessage,
} from "@/lib/channels/types";
import { contactHash } from "@/lib/delivery/contact-hash";
import {
  type DeliveryContext,
  type DeliveryStep,
  deliverGreeting,
  type GreetingMessage,
} from "@/lib/dispatch/deliver";

/*
 * deliverGreeting on its own: the send log on an in-memory database, the provider channels as small scripted fakes
 * of the channel interface (the unit here is the delivery, not our Twilio or Resend adapter; those have their own
 * tests). Light enough for the send path's mutation run (stryker.send.config.mjs); deliver.test.ts drives the same
 * paths through the real adapters against the fake providers.
 */

const NOON_NY = new Date("2026-03-10T16:00:00Z");
const START_OF_DAY = new Date("2026-03-10T04:00:00Z");
const TODAY = "2026-03-10";
const MINUTE = 60_000;
const SECRET = "contact-hash-test-secret-with-enough-entropy";
/** A number two patients share (spouses, a parent and an adult child). */
const SHARED = "+12015550147";
const ANA_TEXT = "Happy birthday, Ana! Warm wishes from Dr. Raman and colleagues.";
const LUIS_TEXT = "Happy birthday, Luis! Warm wishes from Dr. Raman and colleagues.";
const STOPPED_ERROR = "Twilio 21610 (HTTP 400): Attempt to send to unsubscribed recipient";
const at = (minutes: number) => new Date(NOON_NY.getTime() + minutes * MINUTE);

let handle: DatabaseHandle;
let accountId: string;
let clock: Date;
let practiceGroupId = 100;

beforeAll(async () => {
  handle = await createTestDatabase("pglite");
});
afterAll(() => handle.close());

beforeEach(async () => {
  // One database for the file, a practice of its own for each test: sids and rows never meet across tests.
  practiceGroupId += 1;
  const [row] = await handle.db
    .insert(accounts)
    .values({ practiceGroupId, practiceName: "Raman Family Medicine" })
    .returning({ id: accounts.id });
  accountId = row?.id as string;
  clock = NOON_NY;
});

function context(over: Partial<DeliveryContext> = {}) {
  const steps: Array<{ step: DeliveryStep; key: GreetingKey }> = [];
  const ctx: DeliveryContext = {
    db: handle.db,
    runId: randomUUID(),
    localDate: TODAY,
    now: () => clock,
    staleBefore: () => new Date(clock.getTime() - 5 * MINUTE),
    startOfLocalDay: START_OF_DAY,
    contactHashSecret: SECRET,
    log: () => {},
    checkpoint: (step, key) => {
      steps.push({ step, key });
    },
    ...over,
  };
  return { ctx, steps };
}

const smsKey = (patientId: number): GreetingKey => ({
  accountId,
  patientId,
  birthdayYear: 2026,
  channel: "sms",
});
const emailKey = (patientId: number): GreetingKey => ({ ...smsKey(patientId), channel: "email" });

/** A scripted Twilio: each send answers with the next outcome (default: accepted, with a fresh sid). */
function fakeSms(script: { outcomes?: SendOutcome[]; found?: string[]; throws?: boolean } = {}) {
  const sent: SmsMessage[] = [];
  const lookups: SentTextQuery[] = [];
  const outcomes = [...(script.outcomes ?? [])];
  const channel: SmsChannel = {
    send: async (message) => {
      sent.push(message);
      if (script.throws) throw new Error("process died mid-call");
      return outcomes.shift() ?? { ok: true, providerId: smsId(sent.length) };
    },
    findSentSince: async (query) => {
      lookups.push(query);
      return script.found ?? [];
    },
  };
  return { channel, sent, lookups };
}

/** Provider ids are unique across practices, as they are at Resend and Twilio. */
const emailId = (n: number) => `em_${accountId.slice(0, 8)}_${n}`;
const smsId = (n: number) => `SM${accountId.slice(0, 8)}${n}`;

function fakeEmail(outcomes: SendOutcome[] = []) {
  const sent: EmailMessage[] = [];
  const channel: EmailChannel = {
    send: async (message) => {
      sent.push(message);
      return outcomes.shift() ?? { ok: true, providerId: emailId(sent.length) };
    },
  };
  return { channel, sent };
}

const text = (send: SmsChannel, body = ANA_TEXT, to = SHARED): GreetingMessage => ({
  channel: "sms",
  send,
  to,
  body,
});
const EMAIL = {
  to: "ana@example.com",
  subject: "Happy birthday, Ana!",
  html: "<p>Happy birthday, Ana!</p>",
  text: "Happy birthday, Ana!",
  headers: { "List-Unsubscribe": "<https://example.test/u/1>" },
};
const mail = (send: EmailChannel): GreetingMessage => ({ channel: "email", send, message: EMAIL });

const retryableFailure = (code = "network"): SendOutcome => ({
  ok: false,
  retryable: true,
  code,
  error: "Twilio could not be reached",
});

/** A row a crashed run left pending `minutesAgo` ago (written before the provider call, nothing after). */
async function leftPending(key: GreetingKey, minutesAgo: number) {
  const row = await insertPendingSend(handle.db, {
    ...key,
    localDate: TODAY,
    runId: randomUUID(),
    now: at(-minutesAgo),
  });
  if (!row) throw new Error("row exists");
  return row;
}

async function optOutRows() {
  const rows = await handle.db.select().from(optOuts);
  return rows
    .filter((r) => r.accountId === accountId)
    .map(({ patientId, source, actor, reason }) => ({ patientId, source, actor, reason }));
}

async function suppressionRows() {
  const rows = await handle.db.select().from(deliverySuppressions);
  return rows
    .filter((r) => r.accountId === accountId)
    .map(({ patientId, channel, contactHash, reason, createdAt }) => ({
      patientId,
      channel,
      contactHash,
      reason,
      createdAt,
    }));
}

describe("deliverGreeting: first attempts", () => {
  it("a text is written pending, sent without asking Twilio what went out, and recorded with its sid", async () => {
    const sms = fakeSms();
    const { ctx, steps } = context();
    expect(await deliverGreeting(ctx, smsKey(1), text(sms.channel))).toBe("sent");
    expect(sms.lookups).toEqual([]);
    expect(sms.sent).toEqual([{ to: SHARED, body: ANA_TEXT }]);
    expect(await findSend(handle.db, smsKey(1))).toMatchObject({
      status: "sent",
      attempts: 0,
      providerId: smsId(1),
      error: null,
      nextAttemptAt: null,
      runId: ctx.runId,
      localDate: TODAY,
      sentAt: NOON_NY,
      updatedAt: NOON_NY,
      contactHash: contactHash(SECRET, "sms", SHARED),
    });
    expect(steps).toEqual([
      { step: "before_log_row", key: smsKey(1) },
      { step: "after_log_row", key: smsKey(1) },
      { step: "after_provider_call", key: smsKey(1) },
      { step: "before_status_update", key: smsKey(1) },
    ]);
  });

  it("an e-mail goes with the idempotency key greeting/<row id> and the message exactly as built", async () => {
    const email = fakeEmail();
    const { ctx } = context();
    expect(await deliverGreeting(ctx, emailKey(1), mail(email.channel))).toBe("sent");
    const row = await findSend(handle.db, emailKey(1));
    expect(email.sent).toEqual([{ ...EMAIL, idempotencyKey: `greeting/${row?.id}` }]);
    expect(row).toMatchObject({
      status: "sent",
      providerId: emailId(1),
      contactHash: contactHash(SECRET, "email", "ana@example.com"),
    });
  });

  it("works without a checkpoint (production sets none)", async () => {
    const sms = fakeSms();
    const { ctx } = context({ checkpoint: undefined });
    expect(await deliverGreeting(ctx, smsKey(1), text(sms.channel))).toBe("sent");
    const failing = fakeSms({ outcomes: [retryableFailure()] });
    expect(await deliverGreeting(ctx, smsKey(2), text(failing.channel, LUIS_TEXT))).toBe("failed");
    const crashing = fakeSms({ throws: true });
    expect(await deliverGreeting(ctx, smsKey(3), text(crashing.channel))).toBe("uncertain");
  });

  it("events the provider posted before our row had the sid are applied at once (Twilio and Resend)", async () => {
    for (const [provider, messageId] of [
      ["twilio", smsId(1)],
      ["resend", emailId(1)],
    ] as const) {
      await recordProviderEvent(handle.db, {
        provider,
        eventId: `early-${messageId}`,
        messageId,
        status: "delivered",
        errorCode: null,
        occurredAt: at(0),
        receivedAt: at(0),
      });
    }
    const { ctx } = context();
    expect(await deliverGreeting(ctx, smsKey(1), text(fakeSms().channel))).toBe("sent");
    expect(await deliverGreeting(ctx, emailKey(1), mail(fakeEmail().channel))).toBe("sent");
    expect((await findSend(handle.db, smsKey(1)))?.deliveryStatus).toBe("delivered");
    expect((await findSend(handle.db, emailKey(1)))?.deliveryStatus).toBe("delivered");
  });
  it("a sent greeting stays sent when its early events cannot be applied yet (the webhook applies them later)", async () => {
    const lines: string[] = [];
    // The first read of a first attempt is the one looking for early events: make it fail.
    const failingReads = new Proxy(handle.db, {
      get(target, property, receiver) {
        if (property === "select") {
          return () => {
            throw new TypeError("connection lost");
          };
        }
        const value = Reflect.get(target, property, receiver);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const { ctx } = context({ db: failingReads, log: (line) => lines.push(line) });
    expect(await deliverGreeting(ctx, smsKey(1), text(fakeSms().channel))).toBe("sent");
    expect(await findSend(handle.db, smsKey(1))).toMatchObject({ status: "sent", providerId: smsId(1) });
    expect(lines).toEqual([`events for sms ${smsId(1)}: not applied yet (TypeError)`]);
  });
});

describe("deliverGreeting: nothing to do", () => {
  it("a greeting already sent is handled: no provider call, nothing after the claim", async () => {
    const first = fakeSms();
    expect(await deliverGreeting(context().ctx, smsKey(1), text(first.channel))).toBe("sent");
    const again = fakeSms();
    const { ctx, steps } = context();
    expect(await deliverGreeting(ctx, smsKey(1), text(again.channel))).toBe("already_handled");
    expect(again.sent).toEqual([]);
    expect(again.lookups).toEqual([]);
    expect(steps).toEqual([{ step: "before_log_row", key: smsKey(1) }]);
  });

  it("a row another run is sending right now (pending, not yet stale) is left to that run", async () => {
    await leftPending(smsKey(1), 4);
    const sms = fakeSms();
    const { ctx, steps } = context();
    expect(await deliverGreeting(ctx, smsKey(1), text(sms.channel))).toBe("already_handled");
    expect(sms.sent).toEqual([]);
    expect(sms.lookups).toEqual([]);
    expect(steps.map((s) => s.step)).toEqual(["before_log_row"]);
  });

  it("a failed retryable greeting waits for its time, and a final failure is never tried again", async () => {
    const { ctx } = context();
    const failing = fakeSms({ outcomes: [retryableFailure()] });
    expect(await deliverGreeting(ctx, smsKey(1), text(failing.channel))).toBe("failed");
    const final = fakeSms({
      outcomes: [{ ok: false, retryable: false, code: "21408", error: "Twilio 21408: region not enabled" }],
    });
    expect(await deliverGreeting(ctx, smsKey(2), text(final.channel, LUIS_TEXT))).toBe("failed");

    // One millisecond before the retry is due.
    clock = new Date(at(5).getTime() - 1);
    const later = fakeSms();
    const { ctx: next, steps } = context();
    expect(await deliverGreeting(next, smsKey(1), text(later.channel))).toBe("waiting");
    expect(await deliverGreeting(next, smsKey(2), text(later.channel, LUIS_TEXT))).toBe("already_handled");
    clock = at(120);
    expect(await deliverGreeting(next, smsKey(2), text(later.channel, LUIS_TEXT))).toBe("already_handled");
    expect(later.sent).toEqual([]);
    expect(later.lookups).toEqual([]);
    expect(steps.map((s) => s.step)).toEqual(["before_log_row", "before_log_row", "before_log_row"]);
  });
});

describe("deliverGreeting: reconciling a crash or a failed attempt", () => {
  it("a stale pending text that Twilio already sent is recorded with that sid, not sent again", async () => {
    await leftPending(smsKey(1), 10);
    const sms = fakeSms({ found: ["SMalready"] });
    const { ctx, steps } = context();
    expect(await deliverGreeting(ctx, smsKey(1), text(sms.channel))).toBe("sent");
    expect(sms.lookups).toEqual([{ to: SHARED, body: ANA_TEXT, since: START_OF_DAY }]);
    expect(sms.sent).toEqual([]);
    expect(await findSend(handle.db, smsKey(1))).toMatchObject({
      status: "sent",
      attempts: 0,
      providerId: "SMalready",
      runId: ctx.runId,
      sentAt: NOON_NY,
      contactHash: contactHash(SECRET, "sms", SHARED),
    });
    expect(steps.map((s) => s.step)).toEqual([
      "before_log_row",
      "after_log_row",
      "after_provider_call",
      "before_status_update",
    ]);
  });

  it("a stale pending text that never reached Twilio is sent now", async () => {
    await leftPending(smsKey(1), 10);
    const sms = fakeSms();
    expect(await deliverGreeting(context().ctx, smsKey(1), text(sms.channel))).toBe("sent");
    expect(sms.lookups).toHaveLength(1);
    expect(sms.sent).toEqual([{ to: SHARED, body: ANA_TEXT }]);
    expect((await findSend(handle.db, smsKey(1)))?.providerId).toBe(smsId(1));
  });

  it("a stale pending e-mail goes again under the same idempotency key (Resend dedupes)", async () => {
    const row = await leftPending(emailKey(1), 10);
    const email = fakeEmail();
    expect(await deliverGreeting(context().ctx, emailKey(1), mail(email.channel))).toBe("sent");
    expect(email.sent.map((m) => m.idempotencyKey)).toEqual([`greeting/${row.id}`]);
  });

  it("a text that failed before it reached Twilio: the retry finds nothing, then really sends", async () => {
    const failing = fakeSms({ outcomes: [retryableFailure()] });
    expect(await deliverGreeting(context().ctx, smsKey(1), text(failing.channel))).toBe("failed");
    expect(await findSend(handle.db, smsKey(1))).toMatchObject({
      status: "failed",
      attempts: 1,
      error: "Twilio could not be reached",
      nextAttemptAt: at(5),
      updatedAt: NOON_NY,
      providerId: null,
    });

    // Exactly when the retry is due.
    clock = at(5);
    const sms = fakeSms();
    const { ctx } = context();
    expect(await deliverGreeting(ctx, smsKey(1), text(sms.channel))).toBe("sent");
    expect(sms.lookups).toEqual([{ to: SHARED, body: ANA_TEXT, since: START_OF_DAY }]);
    expect(sms.sent).toEqual([{ to: SHARED, body: ANA_TEXT }]);
    expect(await findSend(handle.db, smsKey(1))).toMatchObject({
      status: "sent",
      attempts: 1,
      error: null,
      nextAttemptAt: null,
      providerId: smsId(1),
      runId: ctx.runId,
      sentAt: at(5),
    });
  });

  it("a second failure counts its attempt and backs off longer", async () => {
    const failing = fakeSms({ outcomes: [retryableFailure(), retryableFailure("30001")] });
    expect(await deliverGreeting(context().ctx, smsKey(1), text(failing.channel))).toBe("failed");
    clock = at(5);
    expect(await deliverGreeting(context().ctx, smsKey(1), text(failing.channel))).toBe("failed");
    expect(await findSend(handle.db, smsKey(1))).toMatchObject({
      status: "failed",
      attempts: 2,
      nextAttemptAt: at(15),
      updatedAt: at(5),
    });
    expect(await suppressionRows()).toEqual([]);
  });

  it("an e-mail retry goes under the same key as the failed attempt", async () => {
    const email = fakeEmail([{ ok: false, retryable: true, code: "rate_limited", error: "Resend 429" }]);
    expect(await deliverGreeting(context().ctx, emailKey(1), mail(email.channel))).toBe("failed");
    clock = at(5);
    expect(await deliverGreeting(context().ctx, emailKey(1), mail(email.channel))).toBe("sent");
    const row = await findSend(handle.db, emailKey(1));
    expect(email.sent.map((m) => m.idempotencyKey)).toEqual([`greeting/${row?.id}`, `greeting/${row?.id}`]);
    expect(row).toMatchObject({ status: "sent", attempts: 1, providerId: emailId(2) });
  });

  it("shared number: a sid another patient's greeting holds is not ours, our own text is", async () => {
    const ana = fakeSms({ outcomes: [{ ok: true, providerId: "SMana" }] });
    expect(await deliverGreeting(context().ctx, smsKey(1), text(ana.channel))).toBe("sent");
    await leftPending(smsKey(2), 10);
    // Newest first: Twilio lists Ana's text before Luis's.
    const sms = fakeSms({ found: ["SMana", "SMluis"] });
    expect(await deliverGreeting(context().ctx, smsKey(2), text(sms.channel, LUIS_TEXT))).toBe("sent");
    expect(sms.sent).toEqual([]);
    expect((await findSend(handle.db, smsKey(2)))?.providerId).toBe("SMluis");
    expect((await findSend(handle.db, smsKey(1)))?.providerId).toBe("SMana");
  });

  it("shared number: when the only text found is the other patient's, ours is sent", async () => {
    const ana = fakeSms({ outcomes: [{ ok: true, providerId: "SMana" }] });
    expect(await deliverGreeting(context().ctx, smsKey(1), text(ana.channel))).toBe("sent");
    const failing = fakeSms({ outcomes: [retryableFailure()] });
    expect(await deliverGreeting(context().ctx, smsKey(2), text(failing.channel))).toBe("failed");
    clock = at(5);
    // Word for word the same text (a family of the same first name is rare, but the sid tells them apart).
    const sms = fakeSms({ found: ["SMana"], outcomes: [{ ok: true, providerId: "SMluis" }] });
    expect(await deliverGreeting(context().ctx, smsKey(2), text(sms.channel))).toBe("sent");
    expect(sms.sent).toEqual([{ to: SHARED, body: ANA_TEXT }]);
    expect((await findSend(handle.db, smsKey(2)))?.providerId).toBe("SMluis");
  });

  it("of two runs reconciling the same row at once, one sends and the other leaves it", async () => {
    await leftPending(smsKey(1), 10);
    const failing = fakeSms({ outcomes: [retryableFailure()] });
    expect(await deliverGreeting(context().ctx, smsKey(2), text(failing.channel, LUIS_TEXT))).toBe("failed");
    clock = at(5);
    const sms = fakeSms();
    const results = await Promise.all([
      deliverGreeting(context().ctx, smsKey(1), text(sms.channel)),
      deliverGreeting(context().ctx, smsKey(1), text(sms.channel)),
      deliverGreeting(context().ctx, smsKey(2), text(sms.channel, LUIS_TEXT)),
      deliverGreeting(context().ctx, smsKey(2), text(sms.channel, LUIS_TEXT)),
    ]);
    expect(results.sort()).toEqual(["already_handled", "already_handled", "sent", "sent"]);
    expect(sms.sent.map((m) => m.body).sort()).toEqual([ANA_TEXT, LUIS_TEXT]);
  });
});

describe("deliverGreeting: when the provider fails", () => {
  it("a provider call that throws is 'uncertain' and leaves the row pending for reconciliation", async () => {
    const crashing = fakeSms({ throws: true });
    const { ctx, steps } = context();
    expect(await deliverGreeting(ctx, smsKey(1), text(crashing.channel))).toBe("uncertain");
    expect(await findSend(handle.db, smsKey(1))).toMatchObject({
      status: "pending",
      attempts: 0,
      providerId: null,
      error: null,
      nextAttemptAt: null,
    });
    expect(steps.map((s) => s.step)).toEqual(["before_log_row", "after_log_row"]);
  });

  it("a failure that is not retryable is final at once", async () => {
    const final = fakeSms({
      outcomes: [{ ok: false, retryable: false, code: "21408", error: "Twilio 21408: region not enabled" }],
    });
    expect(await deliverGreeting(context().ctx, smsKey(1), text(final.channel))).toBe("failed");
    expect(await findSend(handle.db, smsKey(1))).toMatchObject({
      status: "failed",
      attempts: 1,
      nextAttemptAt: null,
      error: "Twilio 21408: region not enabled",
    });
    expect(await suppressionRows()).toEqual([]);
    expect(await optOutRows()).toEqual([]);
  });

  it("a STOP reply (21610) records the patient's own opt-out and a final failure", async () => {
    const stopped = fakeSms({
      outcomes: [{ ok: false, retryable: true, code: "21610", error: STOPPED_ERROR }],
    });
    const { ctx, steps } = context();
    expect(await deliverGreeting(ctx, smsKey(1), text(stopped.channel))).toBe("failed");
    expect(await optOutRows()).toEqual([
      {
        patientId: 1,
        source: "sms_stop",
        actor: "patient",
        reason: "Twilio 21610: the recipient replied STOP",
      },
    ]);
    expect(await findSend(handle.db, smsKey(1))).toMatchObject({
      status: "failed",
      attempts: 1,
      nextAttemptAt: null,
      error: STOPPED_ERROR,
      providerId: null,
      updatedAt: NOON_NY,
    });
    expect(await suppressionRows()).toEqual([]);
    expect(steps.map((s) => s.step)).toEqual([
      "before_log_row",
      "after_log_row",
      "after_provider_call",
      "before_status_update",
    ]);
  });

  it("a STOP on a retry counts every attempt", async () => {
    const sms = fakeSms({
      outcomes: [retryableFailure(), { ok: false, retryable: false, code: "21610", error: STOPPED_ERROR }],
    });
    expect(await deliverGreeting(context().ctx, smsKey(1), text(sms.channel))).toBe("failed");
    clock = at(5);
    expect(await deliverGreeting(context().ctx, smsKey(1), text(sms.channel))).toBe("failed");
    expect(await findSend(handle.db, smsKey(1))).toMatchObject({ attempts: 2, nextAttemptAt: null });
  });

  it.each(["30003", "30004", "30005", "30006", "21211", "21614"])(
    "Twilio %s (the number cannot take texts) suppresses that number for the patient",
    async (code) => {
      const sms = fakeSms({
        outcomes: [{ ok: false, retryable: false, code, error: `Twilio ${code}` }],
      });
      expect(await deliverGreeting(context().ctx, smsKey(1), text(sms.channel))).toBe("failed");
      expect(await suppressionRows()).toEqual([
        {
          patientId: 1,
          channel: "sms",
          contactHash: contactHash(SECRET, "sms", SHARED),
          reason: "sms_undeliverable",
          createdAt: NOON_NY,
        },
      ]);
      expect(await findSend(handle.db, smsKey(1))).toMatchObject({
        status: "failed",
        attempts: 1,
        error: `Twilio ${code}`,
        nextAttemptAt: null,
      });
      expect(await optOutRows()).toEqual([]);
    },
  );

  it("an e-mail failure whose code looks like Twilio's neither suppresses nor opts out", async () => {
    const email = fakeEmail([
      { ok: false, retryable: false, code: "30003", error: "odd" },
      { ok: false, retryable: false, code: "21610", error: "odder" },
    ]);
    expect(await deliverGreeting(context().ctx, emailKey(1), mail(email.channel))).toBe("failed");
    expect(await deliverGreeting(context().ctx, emailKey(2), mail(email.channel))).toBe("failed");
    expect(await suppressionRows()).toEqual([]);
    expect(await optOutRows()).toEqual([]);
  });
});
