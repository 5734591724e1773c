import "server-only";
import { now } from "@/lib/clock";
import { getConfig } from "@/lib/env";
import { getSandboxOutbox } from "../outbox";
import { createResendFake, type ResendFake } from "./resend-fake";
import { createTwilioFake, type TwilioFake } from "./twilio-fake";

/**
 * The app's fake providers (one per process, on globalThis like the outbox). They accept the sandbox
 * credentials from the configuration and stamp messages with the app clock, so SANDBOX_NOW demos and Twilio's
 * "sent since" queries agree on what "today" is.
 */

const holder = globalThis as unknown as { __sandboxProviders?: { resend: ResendFake; twilio: TwilioFake } };

export function getSandboxProviders(): { resend: ResendFake; twilio: TwilioFake } {
  if (!holder.__sandboxProviders) {
    const { email, sms } = getConfig();
    const outbox = getSandboxOutbox();
    holder.__sandboxProviders = {
      resend: createResendFake({ outbox, apiKey: email.apiKey, now }),
      twilio: createTwilioFake({ outbox, accountSid: sms.accountSid, authToken: sms.authToken, now }),
    };
  }
  return holder.__sandboxProviders;
}
