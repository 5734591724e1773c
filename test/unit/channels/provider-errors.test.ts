import { describe, expect, it } from "vitest";
import { classifyResendError } from "@/lib/channels/email";
import { redactContacts } from "@/lib/channels/redact";
import { classifyTwilioError } from "@/lib/channels/sms";

describe("Resend errors", () => {
  it.each([
    [{ statusCode: 429, name: "rate_limit_exceeded" }, true],
    [{ statusCode: 500, name: "internal_server_error" }, true],
    [{ statusCode: 503, name: "application_error" }, true],
    [{ statusCode: null, name: "application_error" }, true],
    [{ statusCode: 409, name: "concurrent_idempotent_requests" }, true],
    [{ statusCode: 409, name: "invalid_idempotent_request" }, false],
    [{ statusCode: 422, name: "validation_error" }, false],
    [{ statusCode: 403, name: "invalid_api_key" }, false],
    [{ statusCode: 429, name: "daily_quota_exceeded" }, true],
  ])("%o retryable: %s", (error, retryable) => {
    expect(classifyResendError({ ...error, message: "m" })).toMatchObject({
      ok: false,
      retryable,
      code: error.name,
    });
  });
});

describe("Twilio errors", () => {
  it.each([
    [{ status: 400, code: 21610 }, false, "21610"],
    [{ status: 400, code: 21211 }, false, "21211"],
    [{ status: 429, code: 20429 }, true, "20429"],
    [{ status: 500, code: 20500 }, true, "20500"],
    [{ status: 503 }, true, "503"],
    [new Error("socket hang up"), true, "network"],
  ])("%o retryable: %s", (error, retryable, code) => {
    expect(classifyTwilioError(error)).toMatchObject({ ok: false, retryable, code });
  });
});

describe("redactContacts", () => {
  it("masks addresses and phone numbers in provider messages", () => {
    expect(redactContacts("The 'To' number +1 (555) 123-0001 is not valid")).toBe(
      "The 'To' number [phone] is not valid",
    );
    expect(redactContacts("Invalid `to`: pat.smith@example.org")).toBe("Invalid `to`: [email]");
    expect(redactContacts("HTTP 500 error 21610")).toBe("HTTP 500 error 21610");
  });
});
