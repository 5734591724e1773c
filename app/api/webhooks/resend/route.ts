import { getDb } from "@/db";
import { createDeliveryEventDeps } from "@/lib/delivery/deps";
import { getConfig } from "@/lib/env";
import { receiveResendWebhook } from "@/lib/webhooks/resend";

export const dynamic = "force-dynamic";

/** Resend's delivery events (delivered, delayed, bounced, complained, failed), Svix-signed. */
export async function POST(request: Request) {
  const config = getConfig();
  const db = await getDb();
  return receiveResendWebhook(request, {
    ...createDeliveryEventDeps(config, db),
    secret: config.email.webhookSecret,
  });
}
