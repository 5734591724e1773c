import "server-only";
import twilio from "twilio";
import type { Database } from "@/db/client";
import { recordInboundReply, smsRecipientsByContactHash } from "@/db/queries/delivery";
import { liftSmsStop, recordOptOut } from "@/db/queries/opt-outs";
import { type DeliveryEventDeps, type ProviderEvent, receiveProviderEvent } from "@/lib/delivery/apply";
import { contactHash } from "@/lib/delivery/contact-hash";
import type { DeliveryStatus } from "@/lib/delivery/status";
import { TWILIO_INBOUND_PATH, TWILIO_STATUS_PATH } from "./paths";

/*
 * Twilio's webhooks are form-encoded POSTs signed with X-Twilio-Signature: an HMAC (auth token) over the URL Twilio
 * called plus the sorted parameters. We check it with the SDK's `validateRequest` against OUR public URL under
 * APP_URL, never the URL the request claims (a proxy or a forged Host header must not change what is checked).
 *
 * Status callbacks (every text is created with a StatusCallback URL) carry MessageSid, MessageStatus and ErrorCode;
 * Twilio sends no event id or time, so the event id is "sid/status" (the same status twice is one event) and
 * its time is when it reached us; the status ladder keeps a late "sent" from overwriting "delivered".
 *
 * Inbound messages (the messaging service's incoming webhook) carry From, To, Body, MessageSid. An opt-out or
 * opt-in keyword is matched to the patients we texted at that number through the keyed hash written at send
 * (send_log.contact_hash): no phone number is stored, and no call to Twilio is needed.
 */

/** Twilio's standard opt-out and opt-in keywords (Advanced Opt-Out defaults). HELP is answered by Twilio itself. */
export const STOP_KEYWORDS = new Set(["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"]);
export const START_KEYWORDS = new Set(["START", "UNSTOP"]);

const MAX_BODY_BYTES = 64 * 1024;

const STATUS_OF: Record<string, DeliveryStatus> = {
  accepted: "queued",
  scheduled: "queued",
  queued: "queued",
  sending: "queued",
  sent: "sent",
  delivered: "delivered",
  read: "delivered",
  undelivered: "undelivered",
  failed: "failed",
  canceled: "failed",
};

export interface TwilioWebhookDeps extends DeliveryEventDeps {
  authToken: string;
  /** APP_URL without a trailing slash: the signed URL is appUrl + the route's path. */
  appUrl: string;
}

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';
const twiml = () => new Response(EMPTY_TWIML, { headers: { "content-type": "text/xml" } });
const refused = (status: number, error: string) => Response.json({ error }, { status });

type Verified = { ok: true; params: Record<string, string> } | { ok: false; response: Response };

async function verifiedParams(request: Request, deps: TwilioWebhookDeps, path: string): Promise<Verified> {
  const body = await request.text();
  if (body.length > MAX_BODY_BYTES) return { ok: false, response: refused(413, "payload too large") };
  const params: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(body)) params[key] = value;
  const signature = request.headers.get("x-twilio-signature") ?? "";
  const valid =
    signature !== "" && twilio.validateRequest(deps.authToken, signature, deps.appUrl + path, params);
  if (!valid) return { ok: false, response: refused(403, "invalid signature") };
  return { ok: true, params };
}

export async function receiveTwilioStatus(request: Request, deps: TwilioWebhookDeps): Promise<Response> {
  const verified = await verifiedParams(request, deps, TWILIO_STATUS_PATH);
  if (!verified.ok) return verified.response;
  const sid = verified.params.MessageSid ?? verified.params.SmsSid ?? "";
  const status = STATUS_OF[(verified.params.MessageStatus ?? verified.params.SmsStatus ?? "").toLowerCase()];
  if (!/^[A-Za-z0-9]{10,64}$/.test(sid) || !status) return twiml();
  const code = (verified.params.ErrorCode ?? "").trim();
  const event: ProviderEvent = {
    provider: "twilio",
    eventId: `${sid}/${status}`,
    messageId: sid,
    status,
    errorCode: /^\d{1,6}$/.test(code) ? code : null,
    occurredAt: deps.now(),
  };
  await receiveProviderEvent(deps, event);
  return twiml();
}

export interface TwilioInboundDeps extends TwilioWebhookDeps {
  /** The app secret the contact hashes are keyed with. */
  contactHashSecret: string;
}

export type InboundKeyword = "stop" | "start";

export function keywordOf(body: string): InboundKeyword | null {
  const word = body.trim().toUpperCase();
  if (STOP_KEYWORDS.has(word)) return "stop";
  if (START_KEYWORDS.has(word)) return "start";
  return null;
}

export async function receiveTwilioInbound(request: Request, deps: TwilioInboundDeps): Promise<Response> {
  const verified = await verifiedParams(request, deps, TWILIO_INBOUND_PATH);
  if (!verified.ok) return verified.response;
  const keyword = keywordOf(verified.params.Body ?? "");
  const from = verified.params.From ?? "";
  const sid = verified.params.MessageSid ?? verified.params.SmsSid ?? "";
  // Anything but an opt-out or opt-in keyword is not for us (replies are not read); HELP is Twilio's.
  if (!keyword || !from || !sid) return twiml();
  const at = deps.now();
  if (!(await recordInboundReply(deps.db, { messageId: sid.slice(0, 64), keyword, at }))) return twiml();
  await applyKeyword(deps.db, keyword, contactHash(deps.contactHashSecret, "sms", from), at);
  return twiml();
}

/** STOP opts out, START lifts a text opt-out, for every patient we texted at that number. */
async function applyKeyword(db: Database, keyword: InboundKeyword, hash: string, at: Date): Promise<void> {
  for (const { accountId, patientId } of await smsRecipientsByContactHash(db, hash)) {
    if (keyword === "stop") {
      await recordOptOut(db, {
        accountId,
        patientId,
        source: "sms_stop",
        actor: "patient",
        reason: "Replied STOP to a greeting text",
        at,
      });
    } else {
      await liftSmsStop(db, { accountId, patientId, at });
    }
  }
}
