import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSmsChannel } from "@/lib/channels/sms";
import { TWILIO_STOPPED } from "@/lib/channels/types";
import { type FakeProvidersServer, startFakeProvidersServer } from "@/sandbox/providers/server";

// The real `twilio` SDK, through our adapter, against the fake Twilio endpoint over loopback.

const SID = `AC${"1".repeat(32)}`;
const TOKEN = "test-auth-token";
const PATIENT = "+15551230001";
/** The fake keeps Twilio's message log across tests, so the reconciliation tests use a number of their own. */
const RECONCILED = "+15557770001";
const SHARED = "+15557770002";
const BODY = "Happy birthday, Pat! From Dr Smith and colleagues. Reply STOP to opt out";

let clock = new Date("2026-03-14T15:00:00Z");
let server: FakeProvidersServer;

beforeAll(async () => {
  server = await startFakeProvidersServer({
    twilioAccountSid: SID,
    twilioAuthToken: TOKEN,
    now: () => clock,
  });
});
afterAll(() => server.close());
beforeEach(() => {
  server.outbox.clear();
  server.twilio.reset();
});

function channel(options: { authToken?: string; messagingServiceSid?: string } = {}) {
  return createSmsChannel({
    accountSid: SID,
    authToken: options.authToken ?? TOKEN,
    baseUrl: server.twilioUrl,
    ...(options.messagingServiceSid
      ? { messagingServiceSid: options.messagingServiceSid }
      : { from: "+15005550006" }),
  });
}

describe("SMS channel on the twilio SDK", () => {
  it("sends the text from the configured number", async () => {
    const outcome = await channel().send({ to: PATIENT, body: BODY });
    expect(outcome).toMatchObject({ ok: true, providerId: expect.stringMatching(/^SM[0-9a-f]{32}$/) });
    expect(server.outbox.list()).toEqual([
      expect.objectContaining({ channel: "sms", to: PATIENT, from: "+15005550006", body: BODY, segments: 1 }),
    ]);
  });

  it("sends through a messaging service when one is configured", async () => {
    const outcome = await channel({ messagingServiceSid: "MG0123" }).send({ to: PATIENT, body: BODY });
    expect(outcome.ok).toBe(true);
    expect(server.outbox.list()[0]).toMatchObject({ from: "MG0123" });
  });

  it("reports a patient who replied STOP with Twilio's code 21610, as final", async () => {
    server.twilio.stopped.add(PATIENT);
    const outcome = await channel().send({ to: PATIENT, body: BODY });
    expect(outcome).toMatchObject({ ok: false, retryable: false, code: TWILIO_STOPPED });
    expect(server.outbox.list()).toHaveLength(0);
  });

  it("reports 5xx, rate limits and outages as retryable", async () => {
    server.twilio.failNext(1, 503);
    expect(await channel().send({ to: PATIENT, body: BODY })).toMatchObject({ ok: false, retryable: true });
    server.twilio.failNext(1, 429);
    expect(await channel().send({ to: PATIENT, body: BODY })).toMatchObject({
      ok: false,
      retryable: true,
      code: "20429",
    });
    server.twilio.failWith("always");
    expect(await channel().send({ to: PATIENT, body: BODY })).toMatchObject({ ok: false, retryable: true });
    expect(server.outbox.list()).toHaveLength(0);
    server.twilio.failWith(null);
    expect(await channel().send({ to: PATIENT, body: BODY })).toMatchObject({ ok: true });
  });

  it("reports an invalid number as final, without the number in the error", async () => {
    const outcome = await channel().send({ to: "+1555", body: BODY });
    expect(outcome).toMatchObject({ ok: false, retryable: false, code: "21211" });
    server.twilio.failWith(21614, { to: PATIENT });
    const landline = await channel().send({ to: PATIENT, body: BODY });
    expect(landline).toMatchObject({ ok: false, retryable: false, code: "21614" });
    expect(landline.ok ? "" : landline.error).not.toContain("5551230001");
  });

  it("reports wrong credentials as final", async () => {
    const outcome = await channel({ authToken: "wrong" }).send({ to: PATIENT, body: BODY });
    expect(outcome).toMatchObject({ ok: false, retryable: false, code: "20003" });
  });

  it("reports an unreachable Twilio as retryable", async () => {
    const unreachable = createSmsChannel({
      accountSid: SID,
      authToken: TOKEN,
      baseUrl: "http://127.0.0.1:9",
      from: "+15005550006",
    });
    expect(await unreachable.send({ to: PATIENT, body: BODY })).toMatchObject({
      ok: false,
      retryable: true,
      code: "network",
    });
  });

  describe("findSentSince (reconciling a send left pending by a crash)", () => {
    const sids = (outcome: { ok: boolean; providerId?: string }) => (outcome.ok ? [outcome.providerId] : []);

    it("finds this text sent to the number since the given time, and nothing before it", async () => {
      const startOfDay = new Date("2026-03-14T05:00:00Z");
      expect(await channel().findSentSince({ to: RECONCILED, body: BODY, since: startOfDay })).toEqual([]);

      clock = new Date("2026-03-13T15:00:00Z");
      await channel().send({ to: RECONCILED, body: BODY });
      clock = new Date("2026-03-14T15:00:00.400Z");
      const today = await channel().send({ to: RECONCILED, body: BODY });
      await channel().send({ to: "+15551230002", body: BODY });

      expect(await channel().findSentSince({ to: RECONCILED, body: BODY, since: startOfDay })).toEqual(
        sids(today),
      );
      // A text created within the same second as `since` counts (Twilio dates have whole seconds).
      const sameSecond = new Date("2026-03-14T15:00:00.900Z");
      expect(await channel().findSentSince({ to: RECONCILED, body: BODY, since: sameSecond })).toEqual(
        sids(today),
      );
      const nextSecond = new Date("2026-03-14T15:00:01Z");
      expect(await channel().findSentSince({ to: RECONCILED, body: BODY, since: nextSecond })).toEqual([]);
      expect(await channel().findSentSince({ to: "+15551230003", body: BODY, since: startOfDay })).toEqual(
        [],
      );
    });

    it("tells apart two patients who share a number by the words of their texts", async () => {
      clock = new Date("2026-03-14T15:30:00Z");
      const since = new Date("2026-03-14T05:00:00Z");
      const ana = await channel().send({
        to: SHARED,
        body: "Happy birthday, Ana! From Dr. Raman and colleagues.",
      });
      const luis = await channel().send({
        to: SHARED,
        body: "Happy birthday, Luis! From Dr. Raman and colleagues.",
      });
      expect(
        await channel().findSentSince({
          to: SHARED,
          body: "Happy birthday, Luis! From Dr. Raman and colleagues.",
          since,
        }),
      ).toEqual(sids(luis));
      expect(
        await channel().findSentSince({
          to: SHARED,
          body: "Happy birthday, Ana! From Dr. Raman and colleagues.",
          since,
        }),
      ).toEqual(sids(ana));
      expect(
        await channel().findSentSince({ to: SHARED, body: "Happy birthday, Eva! From Dr. Raman.", since }),
      ).toEqual([]);
    });

    it("pages through more texts than fit in one page", async () => {
      clock = new Date("2026-03-14T16:00:00Z");
      const first = await channel().send({ to: RECONCILED, body: BODY });
      clock = new Date("2026-03-14T16:00:05Z");
      for (let i = 0; i < 25; i++) await channel().send({ to: "+15551230009", body: "other" });
      expect(
        await channel().findSentSince({
          to: RECONCILED,
          body: BODY,
          since: new Date("2026-03-14T16:00:00Z"),
        }),
      ).toEqual(sids(first));
    });

    it("throws when Twilio cannot be asked, so 'unknown' never reads as 'not sent'", async () => {
      server.twilio.failNext(1, 500);
      await expect(
        channel().findSentSince({ to: RECONCILED, body: BODY, since: new Date(0) }),
      ).rejects.toThrow();
    });
  });
});
