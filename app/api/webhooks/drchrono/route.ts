import { getDb } from "@/db";
import { now } from "@/lib/clock";
import { getConfig } from "@/lib/env";
import { answerVerification, receiveDelivery } from "@/lib/webhooks/drchrono";

export const dynamic = "force-dynamic";

export function GET(request: Request) {
  return answerVerification(new URL(request.url), { secret: getConfig().drchrono.webhookSecret });
}

export async function POST(request: Request) {
  return receiveDelivery(request, { db: await getDb(), secret: getConfig().drchrono.webhookSecret, now });
}
