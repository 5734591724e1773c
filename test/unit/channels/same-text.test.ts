import { describe, expect, it } from "vitest";
import { sameText } from "@/lib/channels/sms";

const SENT = "¡Feliz cumpleaños, Ana! Con cariño, Dra. Raman y colegas — “su consultorio”… Reply STOP";

describe("sameText: is the body Twilio stored the text we sent?", () => {
  it.each([
    ["exactly as sent", SENT, true],
    [
      "after Smart Encoding (plain quotes, dashes and dots)",
      '¡Feliz cumpleaños, Ana! Con cariño, Dra. Raman y colegas - "su consultorio"... Reply STOP',
      true,
    ],
    ["with the Messaging Service's opt-out line appended", `${SENT}\nReply STOP to unsubscribe.`, true],
    ["with line breaks folded", SENT.replace(" Con", "\nCon"), true],
    ["another patient's name", SENT.replace("Ana", "Luis"), false],
    ["cut short", SENT.slice(0, 20), false],
    ["missing", null, false],
  ])("%s: %s", (_, stored, expected) => {
    expect(sameText(stored, SENT)).toBe(expected);
  });
});
