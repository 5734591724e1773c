import { afterEach, describe, expect, it } from "vitest";
import { testDrivers } from "@/db/testing";
import type { EmailChannel, SmsChannel } from "@/lib/channels/types";
import { emailIdempotencyKey } from "@/lib/dispatch/deliver";
import { runDispatch } from "@/lib/dispatch/run";
import { createDispatchWorld, type DispatchWorld, runnerIds } from "@/sandbox/world";
import { expectedGreetings, sendRows, settingsOf, sorted } from "./support";

// 12:00 in New York (EDT), where practice A's primary doctor is: inside sending hours.
const NOON_NY = new Date("2026-03-10T16:00:00Z");
const TODAY = "2026-03-10";
const MINUTE = 60_000;

describe.each(testDrivers)("dispatch run (%s)", (driver) => {
  let world: DispatchWorld;
  afterEach(async () => {
    await world?.close();
  });

  async function practiceA(now = NOON_NY) {
    world = await createDispatchWorld({ driver, now });
    const account = await world.addPractice({ practiceGroup: world.emulator.practiceGroups.a });
    const expected = expectedGreetings(world, world.emulator.practiceGroups.a, TODAY, settingsOf(account));
    return { account, expected };
  }

  it("greets exactly today's patients, once each, and a second run the same day sends nothing more", async () => {
    const { account, expected } = await practiceA();
    expect(expected.size).toBeGreaterThan(3);

    const first = await runDispatch(world.deps(), { now: world.now(), trigger: "cli" });
    const emails = world.providers.outbox.list({ channel: "email" });
    expect(sorted(emails.map((e) => e.to))).toEqual(sorted([...expected.values()].map((d) => d.email)));
    const rows = await sendRows(world.db, account.id);
    expect(sorted(rows.map((r) => r.patientId))).toEqual(sorted(expected.keys()));
    expect(rows.every((r) => r.status === "sent" && r.providerId && r.birthdayYear === 2026)).toBe(true);
    expect(first.accounts[0]).toMatchObject({ status: "done", greeted: expected.size, failed: 0 });
    // Every e-mail carries the one-click unsubscribe headers and a visible link.
    for (const e of emails) {
      expect(e.headers["List-Unsubscribe-Post"] ?? e.headers["list-unsubscribe-post"]).toBe(
        "List-Unsubscribe=One-Click",
      );
      expect(e.html).toContain("/unsubscribe/");
    }

    const second = await runDispatch(world.deps(), { now: world.advance(2 * 60 * MINUTE), trigger: "cli" });
    expect(world.providers.outbox.size).toBe(expected.size);
    expect(second.accounts[0]).toMatchObject({ greeted: 0, alreadyHandled: expected.size });
  });

  it("five concurrent invocations send each greeting once", async () => {
    const { expected } = await practiceA();
    const reports = await Promise.all(
      runnerIds(5).map((runnerId) =>
        runDispatch(world.deps(), { now: world.now(), trigger: "cron", runnerId }),
      ),
    );
    expect(world.providers.outbox.size).toBe(expected.size);
    expect(reports.reduce((n, r) => n + r.totals.greeted, 0)).toBe(expected.size);
  });

  it("a crash after the provider call and before the database write produces no second greeting", async () => {
    const { account, expected } = await practiceA();
    const real = world.channels.email;
    const crashing: EmailChannel = {
      send: async (message) => {
        await real.send(message);
        throw new Error("process died before recording the send");
      },
    };
    await runDispatch(world.deps({ channels: { email: crashing, sms: world.channels.sms } }), {
      now: world.now(),
      trigger: "cron",
    });
    expect(world.providers.outbox.size).toBe(expected.size);
    const pending = await sendRows(world.db, account.id);
    expect(pending.every((r) => r.status === "pending" && r.providerId === null)).toBe(true);

    // Too early: another run might still be working on it, so nothing is touched.
    await runDispatch(world.deps(), { now: world.advance(MINUTE), trigger: "cron" });
    expect((await sendRows(world.db, account.id)).every((r) => r.status === "pending")).toBe(true);

    const later = await runDispatch(world.deps(), { now: world.advance(10 * MINUTE), trigger: "cron" });
    const rows = await sendRows(world.db, account.id);
    expect(rows.every((r) => r.status === "sent")).toBe(true);
    expect(world.providers.outbox.size).toBe(expected.size);
    expect(later.accounts[0]?.greeted).toBe(expected.size);
    // The reconciling send reused each row's key, so the provider answered with the message it already had.
    const keys = new Set(world.providers.outbox.list().map((e) => e.idempotencyKey));
    for (const row of rows) expect(keys.has(emailIdempotencyKey({ id: row.id }))).toBe(true);
  });

  it("a send that timed out after the provider took it is retried without a second greeting", async () => {
    const { account, expected } = await practiceA();
    const realEmail = world.channels.email;
    const timingOut: EmailChannel = {
      send: async (message) => {
        await realEmail.send(message);
        return { ok: false, retryable: true, error: "timed out waiting for Resend", code: "network" };
      },
    };
    const first = await runDispatch(world.deps({ channels: { email: timingOut, sms: world.channels.sms } }), {
      now: world.now(),
      trigger: "cron",
    });
    expect(first.accounts[0]?.failed).toBe(expected.size);
    expect((await sendRows(world.db, account.id)).every((r) => r.status === "failed")).toBe(true);

    // After the backoff the retry goes out under the same key: Resend answers with the message it already sent.
    const retry = await runDispatch(world.deps(), { now: world.advance(30 * MINUTE), trigger: "cron" });
    expect(retry.accounts[0]?.greeted).toBe(expected.size);
    expect((await sendRows(world.db, account.id)).every((r) => r.status === "sent")).toBe(true);
    expect(world.providers.outbox.size).toBe(expected.size);
  });

  it("a text that timed out after Twilio took it is found at Twilio on retry, not sent twice", async () => {
    world = await createDispatchWorld({ driver, now: NOON_NY });
    const account = await world.addPractice({
      practiceGroup: world.emulator.practiceGroups.a,
      channelMode: "sms",
      smsConsent: true,
    });
    const expected = expectedGreetings(world, world.emulator.practiceGroups.a, TODAY, settingsOf(account));
    const real = world.channels.sms;
    const timingOut: SmsChannel = {
      send: async (message) => {
        await real.send(message);
        return { ok: false, retryable: true, error: "timed out waiting for Twilio", code: "network" };
      },
      findSentSince: (query) => real.findSentSince(query),
    };
    await runDispatch(world.deps({ channels: { email: world.channels.email, sms: timingOut } }), {
      now: world.now(),
      trigger: "cron",
    });
    await runDispatch(world.deps(), { now: world.advance(30 * MINUTE), trigger: "cron" });
    const rows = await sendRows(world.db, account.id);
    expect(rows.every((r) => r.status === "sent" && r.providerId?.startsWith("SM"))).toBe(true);
    expect(world.providers.outbox.list({ channel: "sms" })).toHaveLength(expected.size);
  });

  it("a text whose sending crashed is found at Twilio and recorded, not sent twice", async () => {
    world = await createDispatchWorld({ driver, now: NOON_NY });
    const account = await world.addPractice({
      practiceGroup: world.emulator.practiceGroups.a,
      channelMode: "sms",
      smsConsent: true,
    });
    const expected = expectedGreetings(world, world.emulator.practiceGroups.a, TODAY, settingsOf(account));
    expect(expected.size).toBeGreaterThan(0);
    const real = world.channels.sms;
    const crashing: SmsChannel = {
      send: async (message) => {
        await real.send(message);
        throw new Error("process died before recording the send");
      },
      findSentSince: (query) => real.findSentSince(query),
    };
    const crashed = await runDispatch(
      world.deps({ channels: { email: world.channels.email, sms: crashing } }),
      {
        now: world.now(),
        trigger: "cron",
      },
    );
    expect(world.providers.outbox.list({ channel: "sms" })).toHaveLength(expected.size);
    // Whether they left is unknown until reconciled: the run counts them as failed, not as handled.
    expect(crashed.accounts[0]).toMatchObject({ greeted: 0, failed: expected.size, alreadyHandled: 0 });

    await runDispatch(world.deps(), { now: world.advance(10 * MINUTE), trigger: "cron" });
    const rows = await sendRows(world.db, account.id);
    expect(rows.every((r) => r.status === "sent" && r.providerId?.startsWith("SM"))).toBe(true);
    expect(world.providers.outbox.list({ channel: "sms" })).toHaveLength(expected.size);
  });

  it("a provider outage leaves nothing marked sent, and a run after the backoff sends", async () => {
    const { account, expected } = await practiceA();
    world.providers.resend.failWith("always");
    const outage = await runDispatch(world.deps(), { now: world.now(), trigger: "cron" });
    expect(outage.accounts[0]).toMatchObject({ greeted: 0, failed: expected.size });
    let rows = await sendRows(world.db, account.id);
    expect(rows.filter((r) => r.status === "sent")).toEqual([]);
    expect(rows.every((r) => r.status === "failed" && r.attempts === 1 && r.nextAttemptAt !== null)).toBe(
      true,
    );
    expect(world.providers.outbox.size).toBe(0);

    world.providers.resend.failWith(null);
    const early = await runDispatch(world.deps(), { now: world.advance(MINUTE), trigger: "cron" });
    expect(early.accounts[0]).toMatchObject({ greeted: 0, deferred: expected.size });

    const retry = await runDispatch(world.deps(), { now: world.advance(10 * MINUTE), trigger: "cron" });
    expect(retry.accounts[0]?.greeted).toBe(expected.size);
    rows = await sendRows(world.db, account.id);
    expect(rows.every((r) => r.status === "sent")).toBe(true);
    expect(world.providers.outbox.size).toBe(expected.size);
  });

  it("a 429 storm slows the run but loses nothing", async () => {
    world = await createDispatchWorld({ driver, now: NOON_NY });
    const account = await world.addPractice({ practiceGroup: world.emulator.practiceGroups.a });
    await runDispatch(world.deps(), { now: world.now(), trigger: "cron" });
    const sentDayOne = world.providers.outbox.size;

    // Day 2, 09:00 in New York: drchrono now allows 3 calls an hour, far fewer than the run needs.
    world.setNow(new Date("2026-03-11T13:00:00Z"));
    world.emulator.faults.rateLimitPerHour = 3;
    const expected = expectedGreetings(
      world,
      world.emulator.practiceGroups.a,
      "2026-03-11",
      settingsOf(account),
    );
    let waited = 0;
    // drchrono's hour resets on its clock: waiting moves the shared clock instead of the test's wall time.
    const sleep = async (ms: number) => {
      waited += ms;
      world.advance(ms);
    };
    const report = await runDispatch(world.deps({}, { sleep, maxWaitMs: 2 * 60 * MINUTE, maxRetries: 20 }), {
      now: world.now(),
      trigger: "cron",
    });
    expect(waited).toBeGreaterThan(60 * MINUTE);
    expect(report.accounts[0]).toMatchObject({ status: "done", error: null, greeted: expected.size });
    expect(world.providers.outbox.size - sentDayOne).toBe(expected.size);
  });

  it("records an SMS STOP (Twilio 21610) as an opt-out and never marks it sent", async () => {
    world = await createDispatchWorld({ driver, now: NOON_NY });
    const account = await world.addPractice({
      practiceGroup: world.emulator.practiceGroups.a,
      channelMode: "sms",
      smsConsent: true,
    });
    const expected = expectedGreetings(world, world.emulator.practiceGroups.a, TODAY, settingsOf(account));
    const [stoppedId, stopped] = [...expected.entries()][0] ?? [];
    expect(stopped?.phone).toBeTruthy();
    world.providers.twilio.stopped.add(stopped?.phone as string);

    const report = await runDispatch(world.deps(), { now: world.now(), trigger: "cron" });
    expect(report.accounts[0]).toMatchObject({ greeted: expected.size - 1, failed: 1 });
    const rows = await sendRows(world.db, account.id);
    const row = rows.find((r) => r.patientId === stoppedId);
    expect(row).toMatchObject({ status: "failed", channel: "sms", nextAttemptAt: null });
    const { optOutFlagsFor } = await import("@/db/queries/opt-outs");
    const flags = await optOutFlagsFor(world.db, account.id, [stoppedId as number]);
    expect(flags.get(stoppedId as number)?.smsStopped).toBe(true);
  });
});
