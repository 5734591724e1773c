import { describe, expect, it } from "vitest";
import { describeGreeting, greetedThisYear, outcomeSentence } from "@/lib/delivery/describe";
import { describeSenderRates } from "@/lib/delivery/health";

const sent = { status: "sent" as const, error: null, deliveryStatus: null, deliveryErrorCode: null };

describe("a greeting's outcome as History shows it", () => {
  it("reads Sent until the provider reports more, and Sending or Failed from our own log", () => {
    expect(describeGreeting(sent)).toEqual({ label: "Sent", tone: "ok", reason: null });
    expect(describeGreeting({ ...sent, deliveryStatus: "queued" })).toEqual({
      label: "Sent",
      tone: "ok",
      reason: null,
    });
    expect(describeGreeting({ ...sent, status: "pending" })).toEqual({
      label: "Sending",
      tone: "warn",
      reason: null,
    });
    expect(describeGreeting({ ...sent, status: "failed", error: "Resend 422: invalid address" })).toEqual({
      label: "Failed",
      tone: "bad",
      reason: "Resend 422: invalid address",
    });
  });

  it.each([
    ["delivered", null, "Delivered"],
    ["delayed", null, "Delayed: the patient's mail server has not accepted it yet; Resend keeps trying"],
    [
      "bounced",
      "Permanent/General",
      "Bounced: the e-mail address does not exist or refuses mail; correct it on the chart in drchrono",
    ],
    [
      "complained",
      null,
      "Complained: the patient marked the greeting as spam; they are unsubscribed from e-mail greetings",
    ],
    ["undelivered", "30003", "Undelivered: the phone is switched off or out of reach"],
    ["failed", "30006", "Failed: the number is a landline or its carrier cannot receive texts"],
    ["undelivered", "39999", "Undelivered: the provider reported error 39999"],
  ])("names %s (%s) in plain words", (deliveryStatus, deliveryErrorCode, sentence) => {
    expect(outcomeSentence(describeGreeting({ ...sent, deliveryStatus, deliveryErrorCode }))).toBe(sentence);
  });

  it("gives the patient's row one sentence for every channel the provider reported on", () => {
    expect(greetedThisYear([])).toBe("Greeted this year");
    expect(greetedThisYear([{ channel: "email", deliveryStatus: "sent", deliveryErrorCode: null }])).toBe(
      "Greeted this year",
    );
    expect(
      greetedThisYear([
        { channel: "email", deliveryStatus: "delivered", deliveryErrorCode: null },
        { channel: "sms", deliveryStatus: "undelivered", deliveryErrorCode: "30003" },
      ]),
    ).toBe(
      "Greeted this year (e-mail: Delivered; text message: Undelivered: the phone is switched off or out of reach)",
    );
  });
});

describe("sender rates as the overview and support's list show them", () => {
  it("says when there is nothing to count", () => {
    expect(describeSenderRates({ sent: 0, delivered: 0, bounced: 0, complained: 0 })).toBe(
      "No e-mail greetings in the last 30 days.",
    );
  });

  it("shows delivery and bounces of sent, complaints of delivered, with two decimals below 1%", () => {
    expect(describeSenderRates({ sent: 40, delivered: 38, bounced: 1, complained: 0 })).toBe(
      "95.0% delivered, 2.5% bounced, 0.00% marked as spam (40 e-mails)",
    );
    expect(describeSenderRates({ sent: 1, delivered: 1, bounced: 0, complained: 1 })).toBe(
      "100.0% delivered, 0.00% bounced, 100.0% marked as spam (1 e-mail)",
    );
  });
});
