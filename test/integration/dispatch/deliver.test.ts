import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { optOutFlagsFor } from "@/db/queries/opt-outs";
import { findSend } from "@/db/queries/send-log";
import { optOuts } from "@/db/schema";
import { testDrivers } from "@/db/testing";
import type { SmsChannel } from "@/lib/channels/types";
import { type DeliveryContext, deliverGreeting, type GreetingMessage } from "@/lib/dispatch/deliver";
import { CONTACT_HASH_TEST_SECRET, createDispatchWorld, type DispatchWorld } from "@/sandbox/world";

/*
 * One greeting on one channel, driven directly: the real Twilio SDK against the fake Twilio, the send log on a real
 * database. These pin the retry and reconciliation paths a daily run only reaches under faults.
 */

const NOON_NY = new Date("2026-03-10T16:00:00Z");
const TODAY = "2026-03-10";
const MINUTE = 60_000;
/** A number two patients share (spouses, a parent and an adult child). */
const SHARED = "+12015550147";
const ANA_TEXT = "Happy birthday, Ana! Warm wishes from Dr. Raman and colleagues.";
const LUIS_TEXT = "Happy birthday, Luis! Warm wishes from Dr. Raman and colleagues.";

describe.each(testDrivers)("deliverGreeting (%s)", (driver) => {
  let world: DispatchWorld;
  let accountId: string;
  afterEach(async () => {
    await world?.close();
  });

  async function setUp() {
    // The greetings are driven directly: a small practice is enough for the account and the fakes.
    world = await createDispatchWorld({ driver, now: NOON_NY, patients: 20 });
    const account = await world.addPractice({
      practiceGroup: world.emulator.practiceGroups.a,
      channelMode: "sms",
      smsConsent: true,
    });
    accountId = account.id;
  }

  function context(): DeliveryContext {
    return {
      db: world.db,
      runId: randomUUID(),
      localDate: TODAY,
      now: () => world.now(),
      staleBefore: () => new Date(world.now().getTime() - 5 * MINUTE),
      startOfLocalDay: new Date("2026-03-10T04:00:00Z"),
      contactHashSecret: CONTACT_HASH_TEST_SECRET,
      log: () => {},
    };
  }

  const key = (patientId: number) => ({ accountId, patientId, birthdayYear: 2026, channel: "sms" as const });
  const text = (send: SmsChannel, to: string, body: string): GreetingMessage => ({
    channel: "sms",
    send,
    to,
    body,
  });

  /** Twilio unreachable: the request never left, so nothing reached the patient. */
  function unreachable(real: SmsChannel): SmsChannel {
    return {
      send: async () => ({
        ok: false,
        retryable: true,
        code: "network",
        error: "Twilio could not be reached",
      }),
      findSentSince: (query) => real.findSentSince(query),
    };
  }

  /** The real channel, counting how often reconciliation asks Twilio. */
  function counting(real: SmsChannel) {
    const counter = { lookups: 0 };
    const channel: SmsChannel = {
      send: (message) => real.send(message),
      findSentSince: (query) => {
        counter.lookups += 1;
        return real.findSentSince(query);
      },
    };
    return { channel, counter };
  }

  it("a first attempt sends without asking Twilio what already went out", async () => {
    await setUp();
    const { channel, counter } = counting(world.channels.sms);
    expect(await deliverGreeting(context(), key(1), text(channel, SHARED, ANA_TEXT))).toBe("sent");
    expect(counter.lookups).toBe(0);
    expect(world.providers.outbox.list({ channel: "sms" }).map((m) => m.body)).toEqual([ANA_TEXT]);
  });

  it("a retry that finds nothing at Twilio sends the text, and records Twilio's sid", async () => {
    await setUp();
    expect(
      await deliverGreeting(context(), key(1), text(unreachable(world.channels.sms), SHARED, ANA_TEXT)),
    ).toBe("failed");
    expect(world.providers.outbox.size).toBe(0);

    world.advance(30 * MINUTE);
    const { channel, counter } = counting(world.channels.sms);
    expect(await deliverGreeting(context(), key(1), text(channel, SHARED, ANA_TEXT))).toBe("sent");
    expect(counter.lookups).toBe(1);
    const sent = world.providers.outbox.list({ channel: "sms" });
    expect(sent.map((m) => m.body)).toEqual([ANA_TEXT]);
    expect(await findSend(world.db, key(1))).toMatchObject({
      status: "sent",
      attempts: 1,
      providerId: sent[0]?.id,
      error: null,
    });
  });

  it("two patients sharing a number: one text sent and one failed before Twilio, the retry still texts", async () => {
    await setUp();
    expect(await deliverGreeting(context(), key(1), text(world.channels.sms, SHARED, ANA_TEXT))).toBe("sent");
    expect(
      await deliverGreeting(context(), key(2), text(unreachable(world.channels.sms), SHARED, LUIS_TEXT)),
    ).toBe("failed");

    world.advance(30 * MINUTE);
    expect(await deliverGreeting(context(), key(2), text(world.channels.sms, SHARED, LUIS_TEXT))).toBe(
      "sent",
    );
    const sent = world.providers.outbox.list({ channel: "sms", to: SHARED });
    expect(sent.map((m) => m.body).sort()).toEqual([ANA_TEXT, LUIS_TEXT]);
    const luis = sent.find((m) => m.body === LUIS_TEXT);
    expect((await findSend(world.db, key(2)))?.providerId).toBe(luis?.id);
    expect((await findSend(world.db, key(1)))?.providerId).not.toBe(luis?.id);
  });

  it("even with word-for-word the same text, a sid recorded for the other patient is not taken", async () => {
    await setUp();
    expect(await deliverGreeting(context(), key(1), text(world.channels.sms, SHARED, ANA_TEXT))).toBe("sent");
    expect(
      await deliverGreeting(context(), key(2), text(unreachable(world.channels.sms), SHARED, ANA_TEXT)),
    ).toBe("failed");

    world.advance(30 * MINUTE);
    expect(await deliverGreeting(context(), key(2), text(world.channels.sms, SHARED, ANA_TEXT))).toBe("sent");
    const sids = world.providers.outbox.list({ channel: "sms", to: SHARED }).map((m) => m.id);
    expect(sids).toHaveLength(2);
    expect(
      new Set([
        (await findSend(world.db, key(1)))?.providerId,
        (await findSend(world.db, key(2)))?.providerId,
      ]),
    ).toEqual(new Set(sids));
  });

  it("a crash during the provider call counts as failed for the run and leaves the row pending", async () => {
    await setUp();
    const crashing: SmsChannel = {
      send: async () => {
        throw new Error("process died mid-call");
      },
      findSentSince: (query) => world.channels.sms.findSentSince(query),
    };
    expect(await deliverGreeting(context(), key(1), text(crashing, SHARED, ANA_TEXT))).toBe("uncertain");
    expect(await findSend(world.db, key(1))).toMatchObject({
      status: "pending",
      attempts: 0,
      providerId: null,
    });
  });

  it("a STOP reply (Twilio 21610) records the patient's opt-out and a final failure", async () => {
    await setUp();
    world.providers.twilio.stopped.add(SHARED);
    expect(await deliverGreeting(context(), key(1), text(world.channels.sms, SHARED, ANA_TEXT))).toBe(
      "failed",
    );
    const row = await findSend(world.db, key(1));
    expect(row).toMatchObject({ status: "failed", attempts: 1, nextAttemptAt: null, providerId: null });
    expect(row?.error).toBe("Twilio 21610 (HTTP 400): Attempt to send to unsubscribed recipient");
    const stored = await world.db.select().from(optOuts);
    expect(
      stored.map(({ patientId, source, actor, reason }) => ({ patientId, source, actor, reason })),
    ).toEqual([
      {
        patientId: 1,
        source: "sms_stop",
        actor: "patient",
        reason: "Twilio 21610: the recipient replied STOP",
      },
    ]);
    expect((await optOutFlagsFor(world.db, accountId, [1])).get(1)).toEqual({
      staff: false,
      emailUnsubscribed: false,
      smsStopped: true,
    });
  });
});
