import "server-only";
import twilio from "twilio";
import { redactContacts } from "./redact";
import {
  type SendOutcome,
  type SentTextQuery,
  type SmsChannel,
  type SmsMessage,
  TWILIO_STOPPED,
} from "./types";

/*
 * SMS through the real `twilio` SDK (v6).
 *
 * Base URL: the SDK hard-codes https://api.twilio.com in its domain classes and only lets `edge`/`region`
 * change the host name. Every request does go through `client.httpClient.request({ uri, ... })`, and the
 * constructor accepts `{ httpClient }`, so a RequestClient subclass that rewrites the origin of each `uri` points
 * the unmodified SDK (auth, form encoding, paging, error parsing) at TWILIO_API_BASE_URL — also for the
 * absolute next-page URLs the SDK builds while paging.
 *
 * Errors: for any non-2xx answer the SDK throws a RestException carrying `status` and Twilio's `code`; network
 * failures and timeouts surface as axios errors without a status.
 */

export interface SmsChannelOptions {
  accountSid: string;
  authToken: string;
  /** e.g. the sandbox's `${appUrl}/sandbox/twilio`; unset means the real https://api.twilio.com. */
  baseUrl?: string;
  messagingServiceSid?: string;
  from?: string;
  /** Twilio posts each text's status changes here (APP_URL + /api/webhooks/twilio/status). */
  statusCallbackUrl?: string;
  timeoutMs?: number;
}

const TWILIO_ORIGIN = "https://api.twilio.com";
const DEFAULT_TIMEOUT_MS = 15_000;
/** Message states that mean "this text did not reach the phone". Everything else was, or is being, delivered. */
const NOT_DELIVERED = new Set(["failed", "undelivered", "canceled"]);

type RequestOptions = Parameters<InstanceType<typeof twilio.RequestClient>["request"]>[0];

/** Sends the SDK's requests to another origin (and path prefix), leaving everything else untouched. */
export class RebasedRequestClient extends twilio.RequestClient {
  constructor(
    private readonly baseUrl: string,
    timeoutMs: number,
  ) {
    super({ timeout: timeoutMs });
  }

  override request<TData>(opts: RequestOptions & { data?: TData }) {
    const uri = opts.uri.startsWith(TWILIO_ORIGIN)
      ? this.baseUrl + opts.uri.slice(TWILIO_ORIGIN.length)
      : opts.uri;
    return super.request<TData>({ ...opts, uri });
  }
}

interface TwilioFailure {
  status?: number;
  code?: number;
  message?: string;
}

export function classifyTwilioError(error: unknown): SendOutcome {
  const failure = (error ?? {}) as TwilioFailure;
  if (typeof failure.status !== "number") {
    // No answer at all (connection refused, reset, timeout). The text may or may not have gone out; dispatch
    // asks findSentSince before trying again.
    return { ok: false, retryable: true, code: "network", error: "Twilio could not be reached" };
  }
  const code = String(failure.code ?? failure.status);
  const detail = `Twilio ${code} (HTTP ${failure.status}): ${redactContacts(failure.message ?? "")}`;
  if (code === TWILIO_STOPPED) return { ok: false, retryable: false, code, error: detail };
  const retryable = failure.status === 429 || failure.status >= 500;
  return { ok: false, retryable, code, error: detail };
}

/**
 * Whether the body Twilio stored is the text we sent. Smart Encoding may swap curly quotes and dashes for plain
 * ones, and a Messaging Service may append its opt-out line, so compare folded text and allow a suffix.
 */
export function sameText(stored: string | null | undefined, sent: string): boolean {
  if (typeof stored !== "string") return false;
  const fold = (text: string) =>
    text
      .normalize("NFKC")
      .replace(/[\u2018\u2019\u201A\u2032]/g, "'")
      .replace(/[\u201C\u201D\u201E\u2033]/g, '"')
      .replace(/[\u2013\u2014\u2212]/g, "-")
      .replace(/\u2026/g, "...")
      .replace(/\s+/g, " ")
      .trim();
  return fold(stored).startsWith(fold(sent));
}

export function createSmsChannel(options: SmsChannelOptions): SmsChannel {
  if (!options.messagingServiceSid && !options.from)
    throw new Error("An SMS channel needs a Twilio messaging service SID or a From number");
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const client = twilio(options.accountSid, options.authToken, {
    ...(options.baseUrl
      ? { httpClient: new RebasedRequestClient(options.baseUrl.replace(/\/$/, ""), timeoutMs) }
      : { timeout: timeoutMs }),
  });
  const sender = options.messagingServiceSid
    ? { messagingServiceSid: options.messagingServiceSid }
    : { from: options.from as string };
  const callback = options.statusCallbackUrl ? { statusCallback: options.statusCallbackUrl } : {};

  return {
    async send(message: SmsMessage): Promise<SendOutcome> {
      try {
        const sent = await client.messages.create({
          to: message.to,
          body: message.body,
          ...sender,
          ...callback,
        });
        return { ok: true, providerId: sent.sid };
      } catch (error) {
        return classifyTwilioError(error);
      }
    },

    /**
     * Lists the latest texts to `to` and returns one created since `since` that was not refused. Filtering on
     * the creation time here (rather than Twilio's DateSent filter) also finds a text still queued or sending,
     * which has no send date yet. Throws when Twilio cannot be asked: "unknown" must never read as "not sent".
     */
    async findSentSince({ to, body, since }: SentTextQuery): Promise<string[]> {
      // Twilio's dates have whole seconds; compare on that grain so a text created in the same second counts.
      const from = Math.floor(since.getTime() / 1000) * 1000;
      const recent = await client.messages.list({ to, limit: 20 });
      return recent
        .filter(
          (m) =>
            sameText(m.body, body) &&
            m.dateCreated &&
            m.dateCreated.getTime() >= from &&
            !NOT_DELIVERED.has(m.status),
        )
        .map((m) => m.sid);
    },
  };
}
