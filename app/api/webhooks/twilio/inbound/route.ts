import { getDb } from "@/db";
import { createDeliveryEventDeps } from "@/lib/delivery/deps";
import { getConfig } from "@/lib/env";
import { receiveTwilioInbound } from "@/lib/webhooks/twilio";

export const dynamic = "force-dynamic";

/** Texts patients send to our number: STOP-type keywords opt out, START and UNSTOP opt back in. */
export async function POST(request: Request) {
  const config = getConfig();
  const db = await getDb();
  return receiveTwilioInbound(request, {
    ...createDeliveryEventDeps(config, db),
    authToken: config.sms.authToken,
    appUrl: config.appUrl,
    contactHashSecret: config.authSecret,
  });
}
