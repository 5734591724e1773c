import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RebasedRequestClient } from "@/lib/channels/sms";
import { type FakeProvidersServer, startFakeProvidersServer } from "@/sandbox/providers/server";
import { SANDBOX_TWILIO_ACCOUNT_SID, SANDBOX_TWILIO_AUTH_TOKEN } from "@/sandbox/providers/twilio-fake";

// The fake endpoints speak the providers' wire formats: raw HTTP where the SDKs would hide the detail, and the
// twilio SDK's own list filters where the fake must page and filter like Twilio.

let server: FakeProvidersServer;
let clock = new Date("2026-05-01T12:00:00Z");

beforeAll(async () => {
  server = await startFakeProvidersServer({ now: () => clock });
});
afterAll(() => server.close());

describe("fake Resend", () => {
  const email = { from: "a@example.com", to: "b@example.org", subject: "Hi", text: "Hello" };

  it("answers a missing or wrong key like Resend", async () => {
    const missing = await fetch(`${server.resendUrl}/emails`, {
      method: "POST",
      body: JSON.stringify(email),
    });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ statusCode: 401, name: "missing_api_key" });
    const wrong = await fetch(`${server.resendUrl}/emails`, {
      method: "POST",
      headers: { authorization: "Bearer re_nope", "content-type": "application/json" },
      body: JSON.stringify(email),
    });
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toMatchObject({ statusCode: 403, name: "invalid_api_key" });
  });

  it("requires a subject and a body", async () => {
    const response = await fetch(`${server.resendUrl}/emails`, {
      method: "POST",
      headers: { authorization: "Bearer re_sandbox_key", "content-type": "application/json" },
      body: JSON.stringify({ from: email.from, to: email.to }),
    });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ name: "missing_required_field" });
  });
});

describe("fake Twilio", () => {
  const client = () =>
    twilio(SANDBOX_TWILIO_ACCOUNT_SID, SANDBOX_TWILIO_AUTH_TOKEN, {
      httpClient: new RebasedRequestClient(server.twilioUrl, 5_000),
    });

  it("filters the message log by recipient and send date, newest first, across pages", async () => {
    const to = "+15550001111";
    clock = new Date("2026-05-01T12:00:00Z");
    await client().messages.create({ to, body: "old", from: "+15005550006" });
    clock = new Date("2026-05-02T12:00:00Z");
    for (let i = 0; i < 3; i++)
      await client().messages.create({ to, body: `new ${i}`, from: "+15005550006" });
    await client().messages.create({ to: "+15550002222", body: "someone else", from: "+15005550006" });

    const recent = await client().messages.list({
      to,
      dateSentAfter: new Date("2026-05-02T00:00:00Z"),
      pageSize: 2,
    });
    expect(recent.map((m) => m.body)).toEqual(["new 2", "new 1", "new 0"]);
    expect(recent.every((m) => m.status === "delivered" && m.dateSent?.getTime() === clock.getTime())).toBe(
      true,
    );
    expect((await client().messages.list({ to })).map((m) => m.body)).toHaveLength(4);
  });

  it("answers errors in Twilio's JSON shape", async () => {
    const response = await fetch(
      `${server.twilioUrl}/2010-04-01/Accounts/${SANDBOX_TWILIO_ACCOUNT_SID}/Messages.json`,
      {
        method: "POST",
        body: new URLSearchParams({ To: "+15550001111", Body: "x", From: "+15005550006" }),
      },
    );
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      code: 20003,
      message: "Authenticate",
      more_info: "https://www.twilio.com/docs/errors/20003",
      status: 401,
    });
  });
});
