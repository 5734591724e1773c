import "server-only";
import { now } from "@/lib/clock";
import { getConfig } from "@/lib/env";
import { getSandboxOutbox } from "../app-outbox";
import { assertSandboxMode } from "../mode";
import { createResendFake, type ResendFake } from "./resend-fake";
import { createTwilioFake, type TwilioFake } from "./twilio-fake";
import { WebhookQueue } from "./webhooks";

/**
 * The app's fake providers (one per process, on globalThis like the outbox). They accept the sandbox
 * credentials from the configuration and stamp messages with the app clock, so SANDBOX_NOW demos and Twilio's
 * "sent since" queries agree on what "today" is. Their signed events go back to this app's own webhook
 * endpoints under APP_URL, "delivered" a moment after each message, as the real services would send them.
 */

type SandboxProviders = { resend: ResendFake; twilio: TwilioFake; webhooks: WebhookQueue };

const holder = globalThis as unknown as { __sandboxProviders?: SandboxProviders };

export function getSandboxProviders(): SandboxProviders {
  const { appUrl, email, sms, mode } = getConfig();
  assertSandboxMode({ mode });
  if (!holder.__sandboxProviders) {
    const outbox = getSandboxOutbox();
    const webhooks = new WebhookQueue(
      {
        resendUrl: `${appUrl}/api/webhooks/resend`,
        resendSecret: email.webhookSecret,
        twilioInboundUrl: `${appUrl}/api/webhooks/twilio/inbound`,
      },
      sms.authToken,
    );
    holder.__sandboxProviders = {
      resend: createResendFake({ outbox, apiKey: email.apiKey, now, webhooks }),
      twilio: createTwilioFake({
        outbox,
        accountSid: sms.accountSid,
        authToken: sms.authToken,
        now,
        webhooks,
      }),
      webhooks,
    };
  }
  return holder.__sandboxProviders;
}
