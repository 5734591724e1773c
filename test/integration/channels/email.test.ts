import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createEmailChannel } from "@/lib/channels/email";
import type { EmailMessage } from "@/lib/channels/types";
import { type FakeProvidersServer, startFakeProvidersServer } from "@/sandbox/providers/server";

// The real `resend` SDK, through our adapter, against the fake Resend endpoint over loopback.

const API_KEY = "re_test_key";
let server: FakeProvidersServer;
/** Idempotency keys outlive a test in the fake (as in Resend, for 24 hours), so each test uses its own. */
let key: string;

beforeAll(async () => {
  server = await startFakeProvidersServer({ resendApiKey: API_KEY });
});
afterAll(() => server.close());
beforeEach(() => {
  server.outbox.clear();
  server.resend.reset();
  key = `greeting/${randomUUID()}/email`;
});

function channel(apiKey = API_KEY) {
  return createEmailChannel({ apiKey, baseUrl: server.resendUrl, from: "Dr Smith <greetings@example.com>" });
}

function message(overrides: Partial<EmailMessage> = {}): EmailMessage {
  return {
    to: "pat@example.org",
    subject: "Happy birthday!",
    html: "<p>Happy birthday from Dr Smith and colleagues</p>",
    text: "Happy birthday from Dr Smith and colleagues",
    headers: {
      "List-Unsubscribe": "<https://app.example.com/unsubscribe/abc>",
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
    idempotencyKey: key,
    ...overrides,
  };
}

describe("e-mail channel on the resend SDK", () => {
  it("delivers the message with its headers and idempotency key", async () => {
    const outcome = await channel().send(message());
    expect(outcome).toMatchObject({ ok: true });
    const [entry, ...rest] = server.outbox.list();
    expect(rest).toHaveLength(0);
    expect(entry).toMatchObject({
      channel: "email",
      to: "pat@example.org",
      from: "Dr Smith <greetings@example.com>",
      subject: "Happy birthday!",
      html: "<p>Happy birthday from Dr Smith and colleagues</p>",
      text: "Happy birthday from Dr Smith and colleagues",
      idempotencyKey: key,
      headers: {
        "List-Unsubscribe": "<https://app.example.com/unsubscribe/abc>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      },
    });
    expect(outcome.ok && outcome.providerId).toBe(entry?.id);
  });

  it("a resend under the same idempotency key answers the first id and delivers nothing new", async () => {
    const first = await channel().send(message());
    const again = await channel().send(message());
    expect(again).toEqual(first);
    expect(server.outbox.list()).toHaveLength(1);

    const other = await channel().send(message({ idempotencyKey: `${key}/other` }));
    expect(other.ok && first.ok && other.providerId !== first.providerId).toBe(true);
    expect(server.outbox.list()).toHaveLength(2);
  });

  it("refuses to reuse a key for a different message, without sending it", async () => {
    await channel().send(message());
    const outcome = await channel().send(message({ subject: "Something else" }));
    expect(outcome).toMatchObject({ ok: false, retryable: false, code: "invalid_idempotent_request" });
    expect(server.outbox.list()).toHaveLength(1);
  });

  it("reports a 5xx as retryable and sends once the provider recovers", async () => {
    server.resend.failNext(1, 500);
    const failed = await channel().send(message());
    expect(failed).toMatchObject({ ok: false, retryable: true });
    expect(server.outbox.list()).toHaveLength(0);
    expect(await channel().send(message())).toMatchObject({ ok: true });
    expect(server.outbox.list()).toHaveLength(1);
  });

  it("reports rate limiting and an outage as retryable", async () => {
    server.resend.failWith(429);
    expect(await channel().send(message())).toMatchObject({
      ok: false,
      retryable: true,
      code: "rate_limit_exceeded",
    });
    server.resend.failWith("always");
    expect(await channel().send(message())).toMatchObject({ ok: false, retryable: true });
    expect(server.outbox.list()).toHaveLength(0);
  });

  it("reports a network failure as retryable", async () => {
    const unreachable = createEmailChannel({
      apiKey: API_KEY,
      baseUrl: "http://127.0.0.1:9/resend",
      from: "greetings@example.com",
    });
    expect(await unreachable.send(message())).toMatchObject({ ok: false, retryable: true });
  });

  it("reports a timeout as retryable", async () => {
    server.resend.latencyMs = 500;
    const impatient = createEmailChannel({
      apiKey: API_KEY,
      baseUrl: server.resendUrl,
      from: "greetings@example.com",
      timeoutMs: 50,
    });
    expect(await impatient.send(message())).toMatchObject({ ok: false, retryable: true });
  });

  it("reports an invalid address as final, without the address in the error", async () => {
    const outcome = await channel().send(message({ to: "not-an-address" }));
    expect(outcome).toMatchObject({ ok: false, retryable: false, code: "validation_error" });
    expect(outcome.ok ? "" : outcome.error).not.toContain("not-an-address");
  });

  it("reports a wrong API key as final", async () => {
    const outcome = await channel("re_wrong").send(message());
    expect(outcome).toMatchObject({ ok: false, retryable: false, code: "invalid_api_key" });
    expect(server.outbox.list()).toHaveLength(0);
  });
});
