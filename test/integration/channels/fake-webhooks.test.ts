import { Resend } from "resend";
import twilio from "twilio";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { RebasedRequestClient } from "@/lib/channels/sms";
import { type FakeProvidersServer, startFakeProvidersServer } from "@/sandbox/providers/server";

// The fakes' signed events, checked with the verifiers the app relies on: the resend SDK's webhooks.verify
// (Svix signatures) and twilio's validateRequest. The fakes are driven by the real SDKs over loopback.

const API_KEY = "re_webhook_test";
const SECRET = `whsec_${Buffer.from("fake-webhooks-test-signing-secret").toString("base64")}`;
const SID = `AC${"2".repeat(32)}`;
const TOKEN = "webhook-test-token";
const APP = "https://greetings.example.com";
const STATUS_URL = `${APP}/api/webhooks/twilio/status`;
const INBOUND_URL = `${APP}/api/webhooks/twilio/inbound`;
const PATIENT_NUMBER = "+15551239876";

interface Received {
  url: string;
  headers: Headers;
  body: string;
}

let server: FakeProvidersServer;
let received: Received[] = [];

beforeAll(async () => {
  server = await startFakeProvidersServer({
    resendApiKey: API_KEY,
    twilioAccountSid: SID,
    twilioAuthToken: TOKEN,
    webhooks: {
      resendUrl: `${APP}/api/webhooks/resend`,
      resendSecret: SECRET,
      twilioInboundUrl: INBOUND_URL,
      transport: async (request) => {
        received.push({ url: request.url, headers: request.headers, body: await request.text() });
        return new Response(null, { status: 204 });
      },
    },
  });
});
afterAll(() => server.close());
beforeEach(() => {
  received = [];
  server.outbox.clear();
  server.webhooks.reset();
  server.webhooks.mode = "manual";
  server.resend.reset();
  server.twilio.reset();
});

const resend = () => new Resend(API_KEY, { baseUrl: server.resendUrl });

async function sendEmail(to: string): Promise<string> {
  const { data, error } = await resend().emails.send({
    from: "Greetings <greetings@example.com>",
    to,
    subject: "Happy birthday",
    text: "Happy birthday!",
  });
  if (error || !data) throw new Error(`send failed: ${error?.message}`);
  return data.id;
}

function verifyResend(r: Received) {
  return resend().webhooks.verify({
    payload: r.body,
    headers: {
      id: r.headers.get("svix-id") ?? "",
      timestamp: r.headers.get("svix-timestamp") ?? "",
      signature: r.headers.get("svix-signature") ?? "",
    },
    webhookSecret: SECRET,
  }) as unknown as { type: string; data: { email_id: string; to: string[]; bounce?: { type: string } } };
}

const twilioClient = () =>
  twilio(SID, TOKEN, { httpClient: new RebasedRequestClient(server.twilioUrl, 5_000) });

function verifyTwilio(r: Received): Record<string, string> {
  const params = Object.fromEntries(new URLSearchParams(r.body));
  const valid = twilio.validateRequest(TOKEN, r.headers.get("x-twilio-signature") ?? "", r.url, params);
  if (!valid) throw new Error(`bad Twilio signature on ${r.url}`);
  return params;
}

describe("fake Resend events", () => {
  it("sends email.sent then email.delivered, signed so that the resend SDK verifies them", async () => {
    const id = await sendEmail("pat@example.com");
    expect(server.webhooks.pending().map((w) => w.event)).toEqual(["email.sent", "email.delivered"]);
    await server.webhooks.flush();
    expect(received.map((r) => r.url)).toEqual([`${APP}/api/webhooks/resend`, `${APP}/api/webhooks/resend`]);
    const events = received.map(verifyResend);
    expect(events.map((e) => [e.type, e.data.email_id, e.data.to])).toEqual([
      ["email.sent", id, ["pat@example.com"]],
      ["email.delivered", id, ["pat@example.com"]],
    ]);
    expect(server.resend.stateOf(id)).toBe("delivered");
  });

  it("bounces for an address in `bouncing`, and reports a later bounce or complaint on request", async () => {
    server.resend.bouncing.add("gone@example.com");
    const bounced = await sendEmail("gone@example.com");
    const complained = await sendEmail("grumpy@example.com");
    expect(server.resend.complain(complained)).toBe(true);
    expect(server.resend.bounce("no-such-email")).toBe(false);
    await server.webhooks.flush();
    const events = received.map(verifyResend).map((e) => [e.type, e.data.email_id, e.data.bounce?.type]);
    expect(events).toEqual([
      ["email.sent", bounced, undefined],
      ["email.bounced", bounced, "Permanent"],
      ["email.sent", complained, undefined],
      ["email.delivered", complained, undefined],
      ["email.complained", complained, undefined],
    ]);
    expect([server.resend.stateOf(bounced), server.resend.stateOf(complained)]).toEqual([
      "bounced",
      "complained",
    ]);
  });

  it("a re-post of the same event carries the same svix-id; a tampered body fails verification", async () => {
    await sendEmail("pat@example.com");
    const [sent] = server.webhooks.take();
    if (!sent) throw new Error("no event");
    await server.webhooks.post(sent);
    await server.webhooks.post(sent);
    expect(received.map((r) => r.headers.get("svix-id"))).toEqual([sent.id, sent.id]);
    const first = received[0] as Received;
    expect(() => verifyResend({ ...first, body: first.body.replace("email.sent", "email.bounced") })).toThrow(
      "No matching signature found",
    );
  });

  it("sends nothing for an idempotent replay of the same send", async () => {
    const send = () =>
      resend().emails.send(
        { from: "Greetings <greetings@example.com>", to: "pat@example.com", subject: "Hi", text: "Hi" },
        { idempotencyKey: "greeting/1" },
      );
    await send();
    await send();
    expect(server.webhooks.pending().map((w) => w.event)).toEqual(["email.sent", "email.delivered"]);
  });
});

describe("fake Twilio events", () => {
  it("posts sent then delivered to the message's StatusCallback, signed for validateRequest", async () => {
    const message = await twilioClient().messages.create({
      to: PATIENT_NUMBER,
      from: "+15005550006",
      body: "Happy birthday!",
      statusCallback: STATUS_URL,
    });
    await server.webhooks.flush();
    expect(received.map((r) => r.url)).toEqual([STATUS_URL, STATUS_URL]);
    expect(received.map(verifyTwilio).map((p) => [p.MessageSid, p.MessageStatus, p.To, p.ErrorCode])).toEqual(
      [
        [message.sid, "sent", PATIENT_NUMBER, undefined],
        [message.sid, "delivered", PATIENT_NUMBER, undefined],
      ],
    );
  });

  it("reports a number that cannot receive texts as undelivered with the carrier's code", async () => {
    server.twilio.unreachable.set(PATIENT_NUMBER, 30003);
    const message = await twilioClient().messages.create({
      to: PATIENT_NUMBER,
      from: "+15005550006",
      body: "Happy birthday!",
      statusCallback: STATUS_URL,
    });
    await server.webhooks.flush();
    expect(received.map(verifyTwilio).map((p) => [p.MessageStatus, p.ErrorCode])).toEqual([
      ["sent", undefined],
      ["undelivered", "30003"],
    ]);
    expect(server.twilio.stateOf(message.sid)).toBe("undelivered");
  });

  it("sends no status callbacks for a message created without a StatusCallback", async () => {
    await twilioClient().messages.create({ to: PATIENT_NUMBER, from: "+15005550006", body: "Hi" });
    expect(server.webhooks.pending()).toEqual([]);
  });

  it("a STOP reply reaches the inbound URL from the patient's number and stops the next send; START lifts it", async () => {
    const message = await twilioClient().messages.create({
      to: PATIENT_NUMBER,
      from: "+15005550006",
      body: "Happy birthday!",
    });
    expect(server.twilio.reply(message.sid, "STOP")).toBe(true);
    await server.webhooks.flush();
    const stop = verifyTwilio(received[0] as Received);
    expect([received[0]?.url, stop.From, stop.To, stop.Body]).toEqual([
      INBOUND_URL,
      PATIENT_NUMBER,
      "+15005550006",
      "STOP",
    ]);
    await expect(
      twilioClient().messages.create({ to: PATIENT_NUMBER, from: "+15005550006", body: "Again" }),
    ).rejects.toMatchObject({ code: 21610 });

    expect(server.twilio.reply(message.sid, "START")).toBe(true);
    await server.webhooks.flush();
    expect(verifyTwilio(received[1] as Received).Body).toBe("START");
    const again = await twilioClient().messages.create({
      to: PATIENT_NUMBER,
      from: "+15005550006",
      body: "Hi",
    });
    expect(again.sid).toMatch(/^SM[0-9a-f]{32}$/);
  });
});

describe("lost answers", () => {
  it("Resend takes the e-mail but the caller sees the connection drop; the same key then answers its id", async () => {
    server.resend.loseNext();
    const send = () =>
      resend().emails.send(
        { from: "Greetings <greetings@example.com>", to: "pat@example.com", subject: "Hi", text: "Hi" },
        { idempotencyKey: "greeting/lost" },
      );
    const lost = await send();
    expect(lost.data).toBeNull();
    expect(server.outbox.list().map((e) => e.to)).toEqual(["pat@example.com"]);
    const again = await send();
    expect(again.data?.id).toBe(server.outbox.list()[0]?.id);
    expect(server.resend.served).toEqual({ failed: 0, lost: 1 });
  });
});

describe("automatic delivery", () => {
  it("posts each event by itself a moment after the send", async () => {
    server.webhooks.mode = "auto";
    server.webhooks.delayMs = 20;
    const id = await sendEmail("pat@example.com");
    await expect.poll(() => received.length, { timeout: 2_000, interval: 10 }).toBe(2);
    expect(received.map(verifyResend).map((e) => [e.type, e.data.email_id])).toEqual([
      ["email.sent", id],
      ["email.delivered", id],
    ]);
    expect(server.webhooks.pending()).toEqual([]);
  });
});
