import { getDb } from "@/db";
import { createDeliveryEventDeps } from "@/lib/delivery/deps";
import { getConfig } from "@/lib/env";
import { receiveTwilioStatus } from "@/lib/webhooks/twilio";

export const dynamic = "force-dynamic";

/** Twilio's status callbacks for each greeting text (queued, sent, delivered, undelivered, failed). */
export async function POST(request: Request) {
  const config = getConfig();
  const db = await getDb();
  return receiveTwilioStatus(request, {
    ...createDeliveryEventDeps(config, db),
    authToken: config.sms.authToken,
    appUrl: config.appUrl,
  });
}
