import { randomBytes } from "node:crypto";
import { smsSegments } from "@/lib/greetings/sms-segments";
import type { Outbox } from "../outbox";
import { type FaultKnobs, Faults, json } from "./faults";
import type { WebhookQueue } from "./webhooks";

/**
 * A local stand-in for the part of Twilio's Messaging API the `twilio` SDK uses here:
 * `POST /2010-04-01/Accounts/{sid}/Messages.json` (form body To, Body, From or MessagingServiceSid; Basic auth)
 * and `GET` on the same path with `To` / `DateSent>` filters and Twilio's paging envelope. Errors use Twilio's
 * JSON shape `{ code, message, more_info, status }`. Delivered texts land in the outbox; the fake also keeps its
 * own message log (like Twilio's), which the list answers from, so dispatch can ask "did this already go out?".
 *
 * Like Twilio, it reports back through signed webhooks (see webhooks.ts): status callbacks "sent" then
 * "delivered" (or "undelivered" with the carrier's error code for a number in `unreachable`) to the message's
 * StatusCallback URL, and a patient's reply ("STOP", "START") to the Messaging Service's inbound URL. A STOP also
 * puts the number on the fake's stop list, as Twilio's Advanced Opt-Out does (the next send answers 21610).
 */

export const SANDBOX_TWILIO_ACCOUNT_SID = `AC${"0".repeat(32)}`;
export const SANDBOX_TWILIO_AUTH_TOKEN = "sandbox-token";

export interface TwilioFakeOptions {
  outbox: Outbox;
  accountSid?: string;
  authToken?: string;
  now?: () => Date;
  /** Where status callbacks and replies are posted from; without it the fake sends no webhooks. */
  webhooks?: WebhookQueue;
}

/** A message's status as Twilio last reported it. */
export type TwilioMessageState = "sent" | "delivered" | "undelivered";

export interface TwilioKnobs extends FaultKnobs {
  /** Numbers that cannot receive texts, with the carrier's error code (30003 unreachable, 30005 unknown, …). */
  readonly unreachable: Map<string, number>;
  /**
   * The recipient of message `sid` texts `body` back (e.g. "STOP", "START"). STOP-like words put the number on
   * the stop list and START/UNSTOP take it off, as Advanced Opt-Out does. false: no such message.
   */
  reply(sid: string, body: string): boolean;
  stateOf(sid: string): TwilioMessageState | null;
}

export interface TwilioFake {
  /** `path` is the API path below the mount point, e.g. "/2010-04-01/Accounts/AC…/Messages.json". */
  handle(request: Request, path: string): Promise<Response>;
  knobs: TwilioKnobs;
}

/** The number replies come to when a message went out through a Messaging Service without a From. */
const SERVICE_NUMBER = "+15005550006";
const STOP_WORDS = new Set(["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"]);
const START_WORDS = new Set(["START", "UNSTOP"]);

interface StoredMessage {
  sid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  segments: number;
  status: TwilioMessageState;
  statusCallback: string | null;
  dateCreated: Date;
  dateSent: Date;
}

const MESSAGE_LOG_CAPACITY = 10_000;
const E164 = /^\+[1-9]\d{7,14}$/;

/** HTTP status and message Twilio uses for the error codes the fake can produce. */
const ERRORS: Record<number, { status: number; message: string }> = {
  20003: { status: 401, message: "Authenticate" },
  20404: { status: 404, message: "The requested resource was not found" },
  20429: { status: 429, message: "Too Many Requests" },
  20500: { status: 500, message: "An internal server error has occurred" },
  20503: { status: 503, message: "Service unavailable" },
  21211: { status: 400, message: "The 'To' number is not a valid phone number." },
  21602: { status: 400, message: "Message body is required." },
  21603: { status: 400, message: "The 'From' phone number is required." },
  21604: { status: 400, message: "A 'To' phone number is required." },
  21610: { status: 400, message: "Attempt to send to unsubscribed recipient" },
  21614: { status: 400, message: "'To' number is not a valid mobile number" },
};

function twilioError(code: number, status?: number): Response {
  const known = ERRORS[code];
  const httpStatus = status ?? known?.status ?? 400;
  return json(
    {
      code,
      message: known?.message ?? `Simulated Twilio error ${code}`,
      more_info: `https://www.twilio.com/docs/errors/${code}`,
      status: httpStatus,
    },
    httpStatus,
  );
}

/** A one-off HTTP failure from `failNext`, with the Twilio code that matches the status. */
function statusError(status: number): Response {
  const code =
    status === 429 ? 20429 : status === 401 ? 20003 : status === 404 ? 20404 : status >= 500 ? 20500 : 21211;
  return twilioError(code, status);
}

/** Twilio's RFC 2822 date format, e.g. "Thu, 30 Jul 2015 20:12:31 +0000". */
function rfc2822(date: Date): string {
  return date.toUTCString().replace("GMT", "+0000");
}

function toResource(accountSid: string, m: StoredMessage, status: string, withSent: boolean) {
  return {
    sid: m.sid,
    account_sid: accountSid,
    messaging_service_sid: m.messagingServiceSid,
    to: m.to,
    from: m.from,
    body: m.body,
    status,
    num_segments: String(m.segments),
    num_media: "0",
    direction: "outbound-api",
    api_version: "2010-04-01",
    price: null,
    price_unit: "USD",
    error_code: null,
    error_message: null,
    date_created: rfc2822(m.dateCreated),
    date_updated: rfc2822(m.dateCreated),
    date_sent: withSent ? rfc2822(m.dateSent) : null,
    uri: `/2010-04-01/Accounts/${accountSid}/Messages/${m.sid}.json`,
    subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${m.sid}/Media.json` },
  };
}

export function createTwilioFake(options: TwilioFakeOptions): TwilioFake {
  const accountSid = options.accountSid ?? SANDBOX_TWILIO_ACCOUNT_SID;
  const authToken = options.authToken ?? SANDBOX_TWILIO_AUTH_TOKEN;
  const now = options.now ?? (() => new Date());
  const faults = new Faults();
  const unreachable = new Map<string, number>();
  const messages: StoredMessage[] = [];
  const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;

  /** Records the message's new status and queues the status callback Twilio would make for it. */
  function report(m: StoredMessage, status: TwilioMessageState, errorCode?: number) {
    m.status = status;
    if (!m.statusCallback || !options.webhooks) return;
    const fields: Record<string, string> = {
      AccountSid: accountSid,
      ApiVersion: "2010-04-01",
      From: m.from ?? SERVICE_NUMBER,
      MessageSid: m.sid,
      MessageStatus: status,
      SmsSid: m.sid,
      SmsStatus: status,
      To: m.to,
    };
    if (m.messagingServiceSid) fields.MessagingServiceSid = m.messagingServiceSid;
    if (errorCode !== undefined) fields.ErrorCode = String(errorCode);
    options.webhooks.enqueue({
      kind: "twilio-status",
      messageId: m.sid,
      event: status,
      url: m.statusCallback,
      body: fields,
    });
  }

  function reply(sid: string, body: string): boolean {
    const m = messages.find((message) => message.sid === sid);
    if (!m) return false;
    const word = body.trim().toUpperCase();
    if (STOP_WORDS.has(word)) faults.stopped.add(m.to);
    if (START_WORDS.has(word)) faults.stopped.delete(m.to);
    const url = options.webhooks?.twilioInboundUrl;
    if (!url) return true;
    const inboundSid = `SM${randomBytes(16).toString("hex")}`;
    const fields: Record<string, string> = {
      AccountSid: accountSid,
      ApiVersion: "2010-04-01",
      Body: body,
      From: m.to,
      MessageSid: inboundSid,
      NumMedia: "0",
      NumSegments: "1",
      SmsMessageSid: inboundSid,
      SmsSid: inboundSid,
      SmsStatus: "received",
      To: m.from ?? SERVICE_NUMBER,
    };
    if (m.messagingServiceSid) fields.MessagingServiceSid = m.messagingServiceSid;
    options.webhooks?.enqueue({
      kind: "twilio-inbound",
      messageId: inboundSid,
      event: word,
      url,
      body: fields,
    });
    return true;
  }

  async function create(request: Request): Promise<Response> {
    const form = new URLSearchParams(await request.text());
    const to = form.get("To");
    const body = form.get("Body");
    const from = form.get("From");
    const messagingServiceSid = form.get("MessagingServiceSid");
    if (!to) return twilioError(21604);
    if (!body) return twilioError(21602);
    if (!from && !messagingServiceSid) return twilioError(21603);
    if (!E164.test(to)) return twilioError(21211);

    const fault = faults.standingFor(to);
    if (fault === "always") return twilioError(20503);
    if (fault !== null) return twilioError(fault);
    if (faults.stopped.has(to)) return twilioError(21610);

    const at = now();
    const message: StoredMessage = {
      sid: `SM${randomBytes(16).toString("hex")}`,
      to,
      from,
      messagingServiceSid,
      body,
      segments: smsSegments(body),
      status: "sent",
      statusCallback: form.get("StatusCallback"),
      dateCreated: at,
      dateSent: at,
    };
    messages.push(message);
    if (messages.length > MESSAGE_LOG_CAPACITY) messages.splice(0, messages.length - MESSAGE_LOG_CAPACITY);
    options.outbox.add({
      id: message.sid,
      channel: "sms",
      to,
      from: from ?? messagingServiceSid ?? "",
      body,
      segments: message.segments,
      headers: {},
      createdAt: at,
    });
    // Like Twilio, the create answer says "queued"; the fake hands the text to the carrier at once, so a later
    // list says "delivered" (or "undelivered"), and the status callbacks follow.
    report(message, "sent");
    const carrierError = unreachable.get(to);
    if (carrierError !== undefined) report(message, "undelivered", carrierError);
    else report(message, "delivered");
    return json(toResource(accountSid, message, "queued", false), 201);
  }

  function list(url: URL): Response {
    const to = url.searchParams.get("To");
    const sentAfter = url.searchParams.get("DateSent>");
    const since = sentAfter ? Date.parse(sentAfter) : Number.NaN;
    if (sentAfter && Number.isNaN(since)) return twilioError(20001, 400);
    const pageSize = Math.min(Math.max(Number(url.searchParams.get("PageSize") ?? 50) || 50, 1), 1000);
    const page = Math.max(Number(url.searchParams.get("Page") ?? 0) || 0, 0);
    const matching = messages
      .filter((m) => (!to || m.to === to) && (Number.isNaN(since) || m.dateSent.getTime() >= since))
      .reverse();
    const slice = matching.slice(page * pageSize, (page + 1) * pageSize);
    const base = `/2010-04-01/Accounts/${accountSid}/Messages.json`;
    const query = (p: number) => {
      const params = new URLSearchParams(url.searchParams);
      params.set("PageSize", String(pageSize));
      params.set("Page", String(p));
      return `${base}?${params.toString()}`;
    };
    const hasNext = (page + 1) * pageSize < matching.length;
    return json(
      {
        messages: slice.map((m) => toResource(accountSid, m, m.status, true)),
        end: page * pageSize + Math.max(slice.length - 1, 0),
        first_page_uri: query(0),
        next_page_uri: hasNext ? query(page + 1) : null,
        page,
        page_size: pageSize,
        previous_page_uri: page > 0 ? query(page - 1) : null,
        start: page * pageSize,
        uri: query(page),
      },
      200,
    );
  }

  async function handle(request: Request, path: string): Promise<Response> {
    const oneOff = await faults.begin();
    if (oneOff !== null) return statusError(oneOff);
    if (request.headers.get("authorization") !== expectedAuth) return twilioError(20003);
    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(path);
    if (!match) return twilioError(20404);
    if (match[1] !== accountSid) return twilioError(20003);
    if (request.method === "POST") return create(request);
    if (request.method === "GET") return list(new URL(request.url));
    return twilioError(20004, 405);
  }

  const knobs: TwilioKnobs = Object.assign(faults, {
    unreachable,
    reply,
    stateOf: (sid: string) => messages.find((m) => m.sid === sid)?.status ?? null,
  });
  const reset = faults.reset.bind(faults);
  knobs.reset = () => {
    reset();
    unreachable.clear();
  };
  return { handle, knobs };
}
