import "server-only";
import { type Config, getConfig } from "@/lib/env";
import { TWILIO_STATUS_PATH } from "@/lib/webhooks/paths";
import { createEmailChannel } from "./email";
import { createSmsChannel } from "./sms";
import type { EmailChannel, SmsChannel } from "./types";

export type { EmailChannel, EmailMessage, SendOutcome, SmsChannel, SmsMessage } from "./types";
export { TWILIO_STOPPED } from "./types";

export interface Channels {
  email: EmailChannel;
  sms: SmsChannel;
}

const built = new WeakMap<Config, Channels>();

/**
 * The e-mail and SMS channels for a configuration. Sandbox or not, these are the same adapters on the real SDKs;
 * in sandbox mode the configuration's base URLs point them at the app's own fake endpoints
 * (`${appUrl}/sandbox/resend`, `${appUrl}/sandbox/twilio`).
 */
export function getChannels(config: Config = getConfig()): Channels {
  let channels = built.get(config);
  if (!channels) {
    channels = {
      email: createEmailChannel({
        apiKey: config.email.apiKey,
        baseUrl: config.email.baseUrl,
        from: config.email.from,
      }),
      sms: createSmsChannel({
        accountSid: config.sms.accountSid,
        authToken: config.sms.authToken,
        baseUrl: config.sms.baseUrl,
        messagingServiceSid: config.sms.messagingServiceSid,
        from: config.sms.from,
        statusCallbackUrl: config.appUrl + TWILIO_STATUS_PATH,
      }),
    };
    built.set(config, channels);
  }
  return channels;
}
