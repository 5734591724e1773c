import "server-only";
import type { Database } from "@/db/client";
import { findAccountForPatient, recordWebhookHint } from "@/db/queries/webhooks";
import { readCappedBody } from "./capped-body";
import { isValidDrchronoSignature, signDrchronoPayload } from "./signature";

/*
 * drchrono's PATIENT_CREATE / PATIENT_MODIFY webhooks, treated as hints and never as data:
 * 1. A body larger than the cap is refused while it streams (413).
 * 2. A body whose X-drchrono-signature is not the HMAC-SHA256 of the raw body under our secret is refused (401).
 * 3. From a signed body we take only the patient's id (and primary doctor id, to find the practice). Nothing
 *    else in it is read: the registration handshake below signs text of the caller's choosing, so a valid
 *    signature proves little.
 * 4. If one of our synced practices knows that patient or doctor, a hint row "patient N of account A changed"
 *    is kept (one per patient; a replay only refreshes it). The next dispatch run reads the patient again from
 *    drchrono with the practice's own token (lib/dispatch/webhook-hints.ts), a bounded number per run.
 * 5. Every signed delivery gets the same answer, customer or not, used or not: 202 {"received":true}.
 */

const PATIENT_EVENTS = new Set(["PATIENT_CREATE", "PATIENT_MODIFY"]);
export const MAX_WEBHOOK_BODY_BYTES = 256 * 1024;
/**
 * The handshake signs only short tokens of letters, digits, "-" and "_": no JSON body can be made of those, so
 * the handshake cannot be used to sign a delivery we would read.
 */
const HANDSHAKE_MSG = /^[A-Za-z0-9_-]{1,128}$/;

export interface WebhookDeps {
  db: Database;
  /** Undefined when no webhook secret is configured: the endpoint then does not exist. */
  secret: string | undefined;
  now: () => Date;
}

const json = (body: unknown, status: number) => Response.json(body, { status });
export const RECEIVED = { received: true } as const;

/** drchrono's registration handshake: GET ?msg=… answers the HMAC of msg under the secret. */
export function answerVerification(url: URL, deps: Pick<WebhookDeps, "secret">): Response {
  if (!deps.secret) return json({ error: "webhooks are not configured" }, 404);
  const msg = url.searchParams.get("msg");
  if (!msg || !HANDSHAKE_MSG.test(msg)) {
    return json({ error: "msg must be 1 to 128 letters, digits, '-' or '_'" }, 400);
  }
  return json({ secret_token: signDrchronoPayload(deps.secret, msg) }, 200);
}

export async function receiveDelivery(request: Request, deps: WebhookDeps): Promise<Response> {
  if (!deps.secret) return json({ error: "webhooks are not configured" }, 404);
  const body = await readCappedBody(request, MAX_WEBHOOK_BODY_BYTES);
  if (!body.ok) return json({ error: "payload too large" }, 413);
  if (!isValidDrchronoSignature(deps.secret, body.text, request.headers.get("x-drchrono-signature"))) {
    return json({ error: "invalid signature" }, 401);
  }
  const event = request.headers.get("x-drchrono-event") ?? "";
  const hint = PATIENT_EVENTS.has(event) ? patientHintOf(body.text) : null;
  if (hint) await keepHint(deps, hint);
  return json(RECEIVED, 202);
}

interface PatientHint {
  patientId: number;
  doctorId: number | null;
}

const positiveId = (value: unknown): number | null =>
  typeof value === "number" && Number.isSafeInteger(value) && value > 0 ? value : null;

/** The patient id and primary doctor id of a delivery, or null; every other field is ignored unread. */
export function patientHintOf(text: string): PatientHint | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== "object") return null;
  const object = (parsed as { object?: unknown }).object;
  if (!object || typeof object !== "object") return null;
  const patientId = positiveId((object as { id?: unknown }).id);
  if (patientId === null) return null;
  return { patientId, doctorId: positiveId((object as { doctor?: unknown }).doctor) };
}

async function keepHint(deps: WebhookDeps, hint: PatientHint): Promise<void> {
  const account = await findAccountForPatient(deps.db, hint.patientId, hint.doctorId);
  // An account that never synced gets every patient from its first full listing anyway.
  if (!account?.lastSyncAt) return;
  await recordWebhookHint(deps.db, account.id, hint.patientId, deps.now());
}
