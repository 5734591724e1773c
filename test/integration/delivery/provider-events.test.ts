import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import twilio from "twilio";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import {
  accounts,
  auditLog,
  deliverySuppressions,
  optOuts,
  providerEvents,
  type SendLogRow,
  sendLog,
} from "@/db/schema";
import { createTestDatabase, testDrivers } from "@/db/testing";
import { createEmailChannel } from "@/lib/channels/email";
import type { DeliveryEventDeps } from "@/lib/delivery/apply";
import { contactHash } from "@/lib/delivery/contact-hash";
import { deliverGreeting } from "@/lib/dispatch/deliver";
import { notifyEmailPaused } from "@/lib/notifications";
import { receiveResendWebhook } from "@/lib/webhooks/resend";
import { receiveTwilioInbound, receiveTwilioStatus } from "@/lib/webhooks/twilio";
import { type FakeProvidersServer, startFakeProvidersServer } from "@/sandbox/providers/server";

// Provider events through the real verification code (Resend SDK / Svix, twilio.validateRequest), applied to a
// real database: arriving early, twice, out of order, for messages we never sent, forged or stale.

const RESEND_SECRET = `whsec_${Buffer.from("resend-webhook-secret-for-tests!").toString("base64")}`;
const TWILIO_TOKEN = "twilio-auth-token-for-tests";
const APP_URL = "https://greetings.example.com";
const HASH_SECRET = "contact-hash-secret-for-tests-with-entropy";
const NOW = new Date("2026-11-26T17:00:00Z");
const PHONE = "+12015550123";
const EMAIL = "ana@example.com";

function resendRequest(
  body: unknown,
  options: { id?: string; signedAt?: Date; secret?: string; signature?: string } = {},
) {
  const payload = JSON.stringify(body);
  const id = options.id ?? `msg_${randomUUID()}`;
  // Svix signs with the real time: the SDK compares it with the real clock, not the app's sandbox clock.
  const signedAt = options.signedAt ?? new Date();
  const signature =
    options.signature ?? new Webhook(options.secret ?? RESEND_SECRET).sign(id, signedAt, payload);
  return new Request(`${APP_URL}/api/webhooks/resend`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "svix-id": id,
      "svix-timestamp": String(Math.floor(signedAt.getTime() / 1000)),
      "svix-signature": signature,
    },
    body: payload,
  });
}

function resendEvent(type: string, emailId: string, createdAt: string, extra: Record<string, unknown> = {}) {
  return {
    type,
    created_at: createdAt,
    data: {
      email_id: emailId,
      to: [EMAIL],
      from: "greetings@example.com",
      subject: "Happy birthday",
      ...extra,
    },
  };
}

function twilioRequest(path: string, params: Record<string, string>, token = TWILIO_TOKEN) {
  const signature = twilio.getExpectedTwilioSignature(token, APP_URL + path, params);
  return new Request(`http://internal:3000${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
    body: new URLSearchParams(params).toString(),
  });
}

describe.each(testDrivers)("provider events (%s)", (driver) => {
  let handle: DatabaseHandle;
  let accountId: string;
  let otherAccountId: string;
  let nextPatient = 5000;

  const deps = (): DeliveryEventDeps => ({ db: handle.db, now: () => NOW });
  const resendDeps = () => ({ ...deps(), secret: RESEND_SECRET });
  const twilioDeps = () => ({
    ...deps(),
    authToken: TWILIO_TOKEN,
    appUrl: APP_URL,
    contactHashSecret: HASH_SECRET,
  });

  async function sentRow(
    channel: "email" | "sms",
    options: { providerId?: string | null; contact?: string; account?: string; patientId?: number } = {},
  ): Promise<SendLogRow> {
    const contact = options.contact ?? (channel === "email" ? EMAIL : PHONE);
    const [row] = await handle.db
      .insert(sendLog)
      .values({
        accountId: options.account ?? accountId,
        patientId: options.patientId ?? nextPatient++,
        birthdayYear: 2026,
        channel,
        status: "sent",
        localDate: "2026-11-26",
        attempts: 0,
        providerId: options.providerId === undefined ? `id_${randomUUID()}` : options.providerId,
        sentAt: NOW,
        contactHash: contactHash(HASH_SECRET, channel, contact),
      })
      .returning();
    if (!row) throw new Error("no row");
    return row;
  }

  async function reread(row: SendLogRow) {
    const [fresh] = await handle.db.select().from(sendLog).where(eq(sendLog.id, row.id));
    return fresh;
  }

  async function statusOf(row: SendLogRow) {
    const fresh = await reread(row);
    return {
      status: fresh?.deliveryStatus,
      at: fresh?.deliveryStatusAt?.toISOString(),
      code: fresh?.deliveryErrorCode,
    };
  }

  beforeAll(async () => {
    handle = await createTestDatabase(driver);
    const rows = await handle.db
      .insert(accounts)
      .values([
        { practiceGroupId: 7001, practiceName: "Maple Street", activation: "active" },
        { practiceGroupId: 7002, practiceName: "Oak Lane", activation: "active" },
      ])
      .returning({ id: accounts.id });
    accountId = rows[0]?.id ?? "";
    otherAccountId = rows[1]?.id ?? "";
  });
  afterAll(() => handle.close());

  describe("Resend", () => {
    it("records a delivery with the time Resend reports", async () => {
      const row = await sentRow("email");
      const response = await receiveResendWebhook(
        resendRequest(resendEvent("email.delivered", row.providerId as string, "2026-11-26T17:00:05.000Z")),
        resendDeps(),
      );
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ result: "applied" });
      expect(await statusOf(row)).toEqual({
        status: "delivered",
        at: "2026-11-26T17:00:05.000Z",
        code: null,
      });
    });

    it("treats a repeated event id as one event", async () => {
      const row = await sentRow("email");
      const body = resendEvent("email.delivered", row.providerId as string, "2026-11-26T17:00:05.000Z");
      const id = `msg_${randomUUID()}`;
      await receiveResendWebhook(resendRequest(body, { id }), resendDeps());
      const again = await receiveResendWebhook(resendRequest(body, { id }), resendDeps());
      expect(await again.json()).toEqual({ result: "duplicate" });
      const stored = await handle.db.select().from(providerEvents).where(eq(providerEvents.eventId, id));
      expect(stored).toHaveLength(1);
      expect(await statusOf(row)).toEqual({
        status: "delivered",
        at: "2026-11-26T17:00:05.000Z",
        code: null,
      });
    });

    it("keeps Delivered when a delay report arrives after it", async () => {
      const row = await sentRow("email");
      const id = row.providerId as string;
      await receiveResendWebhook(
        resendRequest(resendEvent("email.delivered", id, "2026-11-26T17:10:00.000Z")),
        resendDeps(),
      );
      await receiveResendWebhook(
        resendRequest(resendEvent("email.delivery_delayed", id, "2026-11-26T17:01:00.000Z")),
        resendDeps(),
      );
      expect(await statusOf(row)).toEqual({
        status: "delivered",
        at: "2026-11-26T17:10:00.000Z",
        code: null,
      });
    });

    it("refuses a forged signature and records nothing", async () => {
      const row = await sentRow("email");
      const id = `msg_${randomUUID()}`;
      const forged = resendRequest(
        resendEvent("email.bounced", row.providerId as string, NOW.toISOString()),
        {
          id,
          secret: `whsec_${Buffer.from("somebody-else's-secret-entirely").toString("base64")}`,
        },
      );
      const response = await receiveResendWebhook(forged, resendDeps());
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: "invalid or expired signature" });
      expect(await handle.db.select().from(providerEvents).where(eq(providerEvents.eventId, id))).toEqual([]);
      expect(await statusOf(row)).toEqual({ status: null, at: undefined, code: null });
    });

    it("refuses a correctly signed delivery that is more than 5 minutes old", async () => {
      const row = await sentRow("email");
      const stale = resendRequest(
        resendEvent("email.delivered", row.providerId as string, NOW.toISOString()),
        {
          signedAt: new Date(Date.now() - 6 * 60_000),
        },
      );
      const response = await receiveResendWebhook(stale, resendDeps());
      expect(response.status).toBe(401);
      expect(await statusOf(row)).toEqual({ status: null, at: undefined, code: null });
    });

    it("answers 404 when no webhook secret is configured", async () => {
      const response = await receiveResendWebhook(
        resendRequest(resendEvent("email.delivered", "x", NOW.toISOString())),
        { ...deps(), secret: undefined },
      );
      expect(response.status).toBe(404);
    });

    it("stores an event for a message we never sent, without error", async () => {
      const emailId = `never_${randomUUID()}`;
      const response = await receiveResendWebhook(
        resendRequest(resendEvent("email.delivered", emailId, NOW.toISOString())),
        resendDeps(),
      );
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ result: "stored" });
      const [stored] = await handle.db
        .select()
        .from(providerEvents)
        .where(eq(providerEvents.messageId, emailId));
      expect(stored).toMatchObject({ provider: "resend", status: "delivered", appliedAt: null });
    });

    it("ignores event types it does not use", async () => {
      const response = await receiveResendWebhook(
        resendRequest(resendEvent("email.opened", "whatever", NOW.toISOString())),
        resendDeps(),
      );
      expect(await response.json()).toEqual({ ignored: "event email.opened not used" });
    });

    it("suppresses a hard-bounced address for that patient (hash only)", async () => {
      const row = await sentRow("email");
      await receiveResendWebhook(
        resendRequest(
          resendEvent("email.bounced", row.providerId as string, "2026-11-26T17:00:03.000Z", {
            bounce: { message: "550 5.1.1 user unknown", subType: "General", type: "Permanent" },
          }),
        ),
        resendDeps(),
      );
      expect(await statusOf(row)).toEqual({
        status: "bounced",
        at: "2026-11-26T17:00:03.000Z",
        code: "Permanent/General",
      });
      const suppressed = await handle.db
        .select()
        .from(deliverySuppressions)
        .where(eq(deliverySuppressions.patientId, row.patientId));
      expect(suppressed).toEqual([
        {
          accountId,
          patientId: row.patientId,
          channel: "email",
          contactHash: contactHash(HASH_SECRET, "email", EMAIL),
          reason: "email_bounced",
          createdAt: NOW,
        },
      ]);
    });

    it("does not suppress an address after a transient bounce", async () => {
      const row = await sentRow("email");
      await receiveResendWebhook(
        resendRequest(
          resendEvent("email.bounced", row.providerId as string, NOW.toISOString(), {
            bounce: { message: "mailbox full", subType: "MailboxFull", type: "Transient" },
          }),
        ),
        resendDeps(),
      );
      expect(await statusOf(row)).toMatchObject({ status: "bounced", code: "Transient/MailboxFull" });
      const suppressed = await handle.db
        .select()
        .from(deliverySuppressions)
        .where(eq(deliverySuppressions.patientId, row.patientId));
      expect(suppressed).toEqual([]);
    });

    it("counts a complaint as the patient unsubscribing from e-mail", async () => {
      const row = await sentRow("email");
      const id = row.providerId as string;
      await receiveResendWebhook(
        resendRequest(resendEvent("email.delivered", id, "2026-11-26T17:00:05.000Z")),
        resendDeps(),
      );
      await receiveResendWebhook(
        resendRequest(resendEvent("email.complained", id, "2026-11-26T18:00:00.000Z")),
        resendDeps(),
      );
      expect(await statusOf(row)).toEqual({
        status: "complained",
        at: "2026-11-26T18:00:00.000Z",
        code: null,
      });
      const recorded = await handle.db
        .select({ source: optOuts.source, actor: optOuts.actor, reason: optOuts.reason })
        .from(optOuts)
        .where(and(eq(optOuts.accountId, accountId), eq(optOuts.patientId, row.patientId)));
      expect(recorded).toEqual([
        {
          source: "email_unsubscribe",
          actor: "patient",
          reason: "Marked a birthday greeting as spam (complaint reported by the mail provider)",
        },
      ]);
    });
  });

  describe("an event that arrives before our own row has the provider id", () => {
    let providers: FakeProvidersServer;
    beforeAll(async () => {
      providers = await startFakeProvidersServer({ resendApiKey: "re_test" });
    });
    afterAll(() => providers.close());

    it("is stored, then applied as soon as the greeting records its provider id", async () => {
      const real = createEmailChannel({
        apiKey: "re_test",
        baseUrl: providers.resendUrl,
        from: "g@example.com",
      });
      const early: string[] = [];
      // Resend's webhook beats our own commit: it reaches us after Resend accepted, before we record the id.
      const racing = {
        send: async (message: Parameters<typeof real.send>[0]) => {
          const outcome = await real.send(message);
          if (outcome.ok) {
            const response = await receiveResendWebhook(
              resendRequest(resendEvent("email.delivered", outcome.providerId, "2026-11-26T17:00:02.000Z")),
              resendDeps(),
            );
            early.push(((await response.json()) as { result: string }).result);
          }
          return outcome;
        },
      };
      const patientId = nextPatient++;
      const result = await deliverGreeting(
        {
          db: handle.db,
          runId: randomUUID(),
          localDate: "2026-11-26",
          now: () => NOW,
          staleBefore: () => new Date(NOW.getTime() - 300_000),
          startOfLocalDay: new Date("2026-11-26T05:00:00Z"),
          contactHashSecret: HASH_SECRET,
          log: () => {},
        },
        { accountId, patientId, birthdayYear: 2026, channel: "email" },
        {
          channel: "email",
          send: racing,
          message: {
            to: "Ana@Example.com",
            subject: "Happy birthday",
            html: "<p>Hi</p>",
            text: "Hi",
            headers: {},
          },
        },
      );
      expect(result).toBe("sent");
      expect(early).toEqual(["stored"]);
      const [row] = await handle.db.select().from(sendLog).where(eq(sendLog.patientId, patientId));
      expect(row).toMatchObject({
        status: "sent",
        deliveryStatus: "delivered",
        deliveryStatusAt: new Date("2026-11-26T17:00:02.000Z"),
        contactHash: contactHash(HASH_SECRET, "email", EMAIL),
      });
      const stored = await handle.db
        .select({ appliedAt: providerEvents.appliedAt })
        .from(providerEvents)
        .where(eq(providerEvents.messageId, row?.providerId as string));
      expect(stored).toEqual([{ appliedAt: NOW }]);
    });
  });

  describe("Twilio status callbacks", () => {
    const path = "/api/webhooks/twilio/status";

    it("records each status, never letting a late 'sent' overwrite 'delivered'", async () => {
      const row = await sentRow("sms", { providerId: `SM${randomUUID().replaceAll("-", "")}` });
      const sid = row.providerId as string;
      for (const status of ["queued", "delivered", "sent", "delivered"]) {
        const response = await receiveTwilioStatus(
          twilioRequest(path, { MessageSid: sid, MessageStatus: status, AccountSid: "AC1" }),
          twilioDeps(),
        );
        expect(response.status).toBe(200);
        expect(response.headers.get("content-type")).toBe("text/xml");
      }
      expect(await statusOf(row)).toEqual({ status: "delivered", at: NOW.toISOString(), code: null });
    });

    it("records undelivered with Twilio's code and suppresses a number that cannot receive texts", async () => {
      const row = await sentRow("sms", { providerId: `SM${randomUUID().replaceAll("-", "")}` });
      await receiveTwilioStatus(
        twilioRequest(path, {
          MessageSid: row.providerId as string,
          MessageStatus: "undelivered",
          ErrorCode: "30005",
        }),
        twilioDeps(),
      );
      expect(await statusOf(row)).toEqual({ status: "undelivered", at: NOW.toISOString(), code: "30005" });
      const suppressed = await handle.db
        .select({ channel: deliverySuppressions.channel, reason: deliverySuppressions.reason })
        .from(deliverySuppressions)
        .where(eq(deliverySuppressions.patientId, row.patientId));
      expect(suppressed).toEqual([{ channel: "sms", reason: "sms_undeliverable" }]);
    });

    it("does not suppress the number for a carrier's passing failure (30008)", async () => {
      const row = await sentRow("sms", { providerId: `SM${randomUUID().replaceAll("-", "")}` });
      await receiveTwilioStatus(
        twilioRequest(path, {
          MessageSid: row.providerId as string,
          MessageStatus: "failed",
          ErrorCode: "30008",
        }),
        twilioDeps(),
      );
      expect(await statusOf(row)).toEqual({ status: "failed", at: NOW.toISOString(), code: "30008" });
      const suppressed = await handle.db
        .select()
        .from(deliverySuppressions)
        .where(eq(deliverySuppressions.patientId, row.patientId));
      expect(suppressed).toEqual([]);
    });

    it("refuses a signature made for another URL or with another token", async () => {
      const row = await sentRow("sms", { providerId: `SM${randomUUID().replaceAll("-", "")}` });
      const params = { MessageSid: row.providerId as string, MessageStatus: "failed", ErrorCode: "30005" };
      const wrongToken = await receiveTwilioStatus(
        twilioRequest(path, params, "not-our-token"),
        twilioDeps(),
      );
      expect(wrongToken.status).toBe(403);
      const otherUrl = await receiveTwilioStatus(
        twilioRequest("/api/webhooks/twilio/inbound", params),
        twilioDeps(),
      );
      expect(otherUrl.status).toBe(403);
      expect(await statusOf(row)).toEqual({ status: null, at: undefined, code: null });
    });
  });

  describe("Twilio inbound replies", () => {
    const path = "/api/webhooks/twilio/inbound";
    const reply = (body: string, from = PHONE) =>
      twilioRequest(path, {
        MessageSid: `SM${randomUUID().replaceAll("-", "")}`,
        From: from,
        To: "+15005550006",
        Body: body,
      });

    async function smsStops() {
      return handle.db
        .select({ accountId: optOuts.accountId, patientId: optOuts.patientId, reason: optOuts.reason })
        .from(optOuts)
        .where(eq(optOuts.source, "sms_stop"));
    }

    beforeEach(async () => {
      await handle.db.delete(optOuts).where(eq(optOuts.source, "sms_stop"));
    });

    it("STOP opts out every patient we texted at that number; START lifts it", async () => {
      const number = "+12015550188";
      const first = await sentRow("sms", { contact: number });
      const other = await sentRow("sms", { contact: number, account: otherAccountId });
      await sentRow("sms", { contact: "+12015550199" });

      const stop = await receiveTwilioInbound(reply(" stop ", number), twilioDeps());
      expect(stop.status).toBe(200);
      expect(await stop.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
      const stops = await smsStops();
      expect(stops).toHaveLength(2);
      expect(stops).toEqual(
        expect.arrayContaining([
          { accountId, patientId: first.patientId, reason: "Replied STOP to a greeting text" },
          {
            accountId: otherAccountId,
            patientId: other.patientId,
            reason: "Replied STOP to a greeting text",
          },
        ]),
      );

      await receiveTwilioInbound(reply("UNSTOP", number), twilioDeps());
      expect(await smsStops()).toEqual([]);
    });

    it.each(["STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"])("%s is an opt-out too", async (word) => {
      const row = await sentRow("sms", { contact: "+12015550177" });
      await receiveTwilioInbound(reply(word, "+12015550177"), twilioDeps());
      const stops = await smsStops();
      expect(stops.filter((s) => s.patientId === row.patientId)).toHaveLength(1);
    });

    it("leaves HELP and ordinary replies alone", async () => {
      await sentRow("sms", { contact: "+12015550166" });
      for (const body of ["HELP", "Thank you so much!"]) {
        const response = await receiveTwilioInbound(reply(body, "+12015550166"), twilioDeps());
        expect(response.status).toBe(200);
      }
      expect(await smsStops()).toEqual([]);
    });

    it("answers a STOP from a number we never texted without error", async () => {
      const response = await receiveTwilioInbound(reply("STOP", "+12015550100"), twilioDeps());
      expect(response.status).toBe(200);
      expect(await smsStops()).toEqual([]);
    });

    it("refuses an unsigned reply", async () => {
      await sentRow("sms", { contact: "+12015550155" });
      const forged = new Request(`${APP_URL}${path}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          MessageSid: "SM1234567890",
          From: "+12015550155",
          Body: "STOP",
        }).toString(),
      });
      const response = await receiveTwilioInbound(forged, twilioDeps());
      expect(response.status).toBe(403);
      expect(await smsStops()).toEqual([]);
    });

    it("applies a retried reply once, so an old START cannot undo a newer STOP", async () => {
      const number = "+12015550144";
      await sentRow("sms", { contact: number });
      const start = {
        MessageSid: "SMstart000000000000000000000000001",
        From: number,
        To: "+15005550006",
        Body: "START",
      };
      await receiveTwilioInbound(twilioRequest(path, start), twilioDeps());
      await receiveTwilioInbound(reply("STOP", number), twilioDeps());
      await receiveTwilioInbound(twilioRequest(path, start), twilioDeps());
      expect(await smsStops()).toHaveLength(1);
    });
  });

  describe("sender health", () => {
    let providers: FakeProvidersServer;
    let healthAccount: string;
    beforeAll(async () => {
      providers = await startFakeProvidersServer({ resendApiKey: "re_test" });
      const [row] = await handle.db
        .insert(accounts)
        .values({
          practiceGroupId: 7003,
          practiceName: "Birch Clinic",
          activation: "active",
          contactEmail: "office@birch.example",
        })
        .returning({ id: accounts.id });
      healthAccount = row?.id ?? "";
    });
    afterAll(() => providers.close());

    it("pauses e-mail once bounces cross 4%, tells support and the practice once, and audits it", async () => {
      const email = createEmailChannel({
        apiKey: "re_test",
        baseUrl: providers.resendUrl,
        from: "g@example.com",
      });
      const pauseDeps = {
        ...resendDeps(),
        notifyEmailPaused: async (
          account: Parameters<typeof notifyEmailPaused>[0],
          pause: { reason: string; at: Date },
        ) => {
          await notifyEmailPaused(account, pause, {
            email,
            appUrl: APP_URL,
            supportEmail: "support@example.com",
            findDoctorEmail: async () => null,
            now: pause.at,
          });
        },
      };
      const rows: SendLogRow[] = [];
      for (let i = 0; i < 20; i++) rows.push(await sentRow("email", { account: healthAccount }));
      for (const row of rows.slice(0, 3)) {
        await receiveResendWebhook(
          resendRequest(
            resendEvent("email.bounced", row.providerId as string, NOW.toISOString(), {
              bounce: { type: "Permanent", subType: "General" },
            }),
          ),
          pauseDeps,
        );
      }
      const [account] = await handle.db.select().from(accounts).where(eq(accounts.id, healthAccount));
      const reason = "3 of 20 greetings bounced in the last 30 days (15.0%; the limit is 4.0%)";
      expect(account).toMatchObject({ emailPausedAt: NOW, emailPausedReason: reason });
      const audit = await handle.db
        .select({ actor: auditLog.actor, action: auditLog.action, detail: auditLog.detail })
        .from(auditLog)
        .where(and(eq(auditLog.accountId, healthAccount), eq(auditLog.action, "email.paused")));
      expect(audit).toEqual([{ actor: "system", action: "email.paused", detail: { reason } }]);
      const notices = providers.outbox.list().map((e) => ({ to: e.to, subject: e.subject }));
      expect(notices).toEqual([
        // The outbox lists the newest first.
        { to: "office@birch.example", subject: "E-mail greetings paused for Birch Clinic" },
        { to: "support@example.com", subject: "Review needed: e-mail paused for Birch Clinic" },
      ]);

      // A fourth bounce finds e-mail already paused: no second notice.
      await receiveResendWebhook(
        resendRequest(resendEvent("email.bounced", rows[3]?.providerId as string, NOW.toISOString())),
        pauseDeps,
      );
      expect(providers.outbox.list()).toHaveLength(2);
    });

    it("does not pause a practice for two bounces, however few it sent", async () => {
      const [row] = await handle.db
        .insert(accounts)
        .values({ practiceGroupId: 7004, practiceName: "Elm Practice", activation: "active" })
        .returning({ id: accounts.id });
      const small = row?.id ?? "";
      for (let i = 0; i < 2; i++) {
        const sent = await sentRow("email", { account: small });
        await receiveResendWebhook(
          resendRequest(resendEvent("email.bounced", sent.providerId as string, NOW.toISOString())),
          resendDeps(),
        );
      }
      const [account] = await handle.db.select().from(accounts).where(eq(accounts.id, small));
      expect(account?.emailPausedAt).toBeNull();
    });
  });
});
