import "server-only";
import { z } from "zod";
import type { Database } from "@/db/client";
import { upsertIndexRows } from "@/db/queries/patient-index";
import { findAccountForPatient } from "@/db/queries/webhooks";
import { indexRowFor } from "@/lib/dispatch/sync";
import { parsePatient } from "@/lib/drchrono/records";
import { localDateTime } from "@/lib/greetings";
import { isValidDrchronoSignature, signDrchronoPayload } from "./signature";

/*
 * drchrono's PATIENT_CREATE / PATIENT_MODIFY webhooks keep the minimal index current between daily syncs (a new
 * patient born today is greeted today). The day's decision still comes from a fresh record, so a webhook only
 * ever updates what the index holds: birth month and day, primary doctor, a known skip reason.
 */

const PATIENT_EVENTS = new Set(["PATIENT_CREATE", "PATIENT_MODIFY"]);
const MAX_BODY_BYTES = 256 * 1024;

const delivery = z.object({ object: z.unknown() });

export interface WebhookDeps {
  db: Database;
  /** Null when no webhook secret is configured: the endpoint then does not exist. */
  secret: string | undefined;
  now: () => Date;
}

const json = (body: unknown, status = 200) => Response.json(body, { status });

/** drchrono's registration handshake: GET ?msg=… must answer the HMAC of msg under the secret. */
export function answerVerification(url: URL, deps: Pick<WebhookDeps, "secret">): Response {
  if (!deps.secret) return json({ error: "webhooks are not configured" }, 404);
  const msg = url.searchParams.get("msg");
  if (!msg) return json({ error: "msg is required" }, 400);
  return json({ secret_token: signDrchronoPayload(deps.secret, msg) });
}

export async function receiveDelivery(request: Request, deps: WebhookDeps): Promise<Response> {
  if (!deps.secret) return json({ error: "webhooks are not configured" }, 404);
  const payload = await request.text();
  if (payload.length > MAX_BODY_BYTES) return json({ error: "payload too large" }, 413);
  if (!isValidDrchronoSignature(deps.secret, payload, request.headers.get("x-drchrono-signature"))) {
    return json({ error: "invalid signature" }, 401);
  }
  const event = request.headers.get("x-drchrono-event") ?? "";
  if (!PATIENT_EVENTS.has(event)) return json({ ignored: "event not used" }, 202);

  let body: unknown;
  try {
    body = JSON.parse(payload);
  } catch {
    return json({ error: "body is not JSON" }, 400);
  }
  const parsedDelivery = delivery.safeParse(body);
  if (!parsedDelivery.success) return json({ error: "no object in the delivery" }, 400);
  const record = parsePatient(parsedDelivery.data.object);
  if (!record.ok) return json({ ignored: "malformed patient record" }, 202);

  const { patient } = record;
  const account = await findAccountForPatient(deps.db, patient.id, patient.doctorId);
  // An account that never synced gets this patient from its first full listing.
  if (!account?.lastSyncAt) return json({ ignored: "patient of no synced practice" }, 202);
  const now = deps.now();
  const today = localDateTime(now, account.timeZone).date;
  await upsertIndexRows(deps.db, account.id, [indexRowFor(patient, today)], now);
  return json({ updated: 1 });
}
