import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import twilio from "twilio";

/*
 * The events the fake Resend and fake Twilio send back to the app, signed exactly as the real services sign them:
 * Resend through Svix (`svix-id`, `svix-timestamp`, `svix-signature` over the raw JSON body, signed with the
 * `standardwebhooks` library the resend SDK verifies with), Twilio with `X-Twilio-Signature` (twilio's own
 * getExpectedTwilioSignature over the URL and the form fields). Nothing here hand-rolls an HMAC.
 *
 * Events wait in a queue. In "auto" mode each one is posted `delayMs` after what caused it (a demo sees
 * "delivered" a moment after the send); in "manual" mode they wait for `flush()` or `post()`, so a test decides
 * when they arrive, in what order and how often.
 */

/** Posts one signed request; the app's is `fetch`, a test world may route straight to a handler. */
export type WebhookTransport = (request: Request) => Promise<Response>;

export interface WebhookSettings {
  /** Where Resend posts events (the endpoint configured in Resend's dashboard); unset: Resend sends none. */
  resendUrl?: string;
  /** Resend's signing secret, `whsec_…` (RESEND_WEBHOOK_SECRET on the app side). */
  resendSecret?: string;
  /** The Messaging Service's inbound URL, for replies such as STOP; unset: replies go nowhere. */
  twilioInboundUrl?: string;
  transport?: WebhookTransport;
  /**
   * The signature timestamp: when the attempt is made. Wall-clock time, like Svix, even when the app runs on a
   * simulated date (SANDBOX_NOW), because receivers check it against their own wall clock.
   */
  signingClock?: () => Date;
}

export type WebhookKind = "resend" | "twilio-status" | "twilio-inbound";

export interface PendingWebhook {
  /** Unique per event: a re-post of the same event (a duplicate) carries the same id and svix-id. */
  id: string;
  kind: WebhookKind;
  /** The provider's message id the event is about (Resend e-mail id, Twilio sid). */
  messageId: string;
  /** e.g. "email.delivered", "delivered", "STOP". */
  event: string;
  url: string;
  /** The JSON body (Resend) or the form fields (Twilio). */
  body: Record<string, unknown> | Record<string, string>;
}

export interface PostedWebhook {
  webhook: PendingWebhook;
  status: number;
}

export interface WebhookKnobs {
  mode: "auto" | "manual";
  /** How long after its cause an event is posted in "auto" mode. */
  delayMs: number;
  /** Events not yet posted, oldest first. */
  pending(): PendingWebhook[];
  /** Removes and returns the pending events (a test then posts them in its own order, or twice). */
  take(): PendingWebhook[];
  /** Posts every pending event in order and empties the queue. */
  flush(): Promise<PostedWebhook[]>;
  /** Signs and posts one event now (again, if it was posted before: that is a duplicate delivery). */
  post(webhook: PendingWebhook): Promise<PostedWebhook>;
  /** Every post so far with the app's answer. */
  readonly posted: readonly PostedWebhook[];
  reset(): void;
}

const DEFAULT_DELAY_MS = 1_500;
const POSTED_CAPACITY = 10_000;

/** An id shaped like Svix's (`msg_…`); Twilio events get one too, for duplicates and bookkeeping. */
export const eventId = () => `msg_${randomBytes(12).toString("hex")}`;

export class WebhookQueue implements WebhookKnobs {
  mode: "auto" | "manual" = "auto";
  delayMs = DEFAULT_DELAY_MS;
  private queue: PendingWebhook[] = [];
  private log: PostedWebhook[] = [];
  private timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(
    private readonly settings: WebhookSettings,
    private readonly twilioAuthToken: string,
  ) {}

  get posted(): readonly PostedWebhook[] {
    return this.log;
  }

  get resendUrl(): string | undefined {
    return this.settings.resendUrl && this.settings.resendSecret ? this.settings.resendUrl : undefined;
  }

  get twilioInboundUrl(): string | undefined {
    return this.settings.twilioInboundUrl;
  }

  enqueue(webhook: Omit<PendingWebhook, "id">): PendingWebhook {
    const pending = { ...webhook, id: eventId() };
    this.queue.push(pending);
    if (this.mode === "auto") {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        const at = this.queue.indexOf(pending);
        if (at < 0) return;
        this.queue.splice(at, 1);
        this.post(pending).catch(() => {});
      }, this.delayMs);
      timer.unref?.();
      this.timers.add(timer);
    }
    return pending;
  }

  pending(): PendingWebhook[] {
    return [...this.queue];
  }

  take(): PendingWebhook[] {
    const taken = this.queue;
    this.queue = [];
    return taken;
  }

  async flush(): Promise<PostedWebhook[]> {
    const results: PostedWebhook[] = [];
    for (const webhook of this.take()) results.push(await this.post(webhook));
    return results;
  }

  async post(webhook: PendingWebhook): Promise<PostedWebhook> {
    const request = this.sign(webhook);
    const transport = this.settings.transport ?? ((r: Request) => fetch(r));
    let status: number;
    try {
      const response = await transport(request);
      status = response.status;
      await response.body?.cancel();
    } catch {
      // The app was unreachable: like Svix and Twilio, the fake does not crash over it.
      status = 0;
    }
    const posted = { webhook, status };
    this.log.push(posted);
    if (this.log.length > POSTED_CAPACITY) this.log.splice(0, this.log.length - POSTED_CAPACITY);
    return posted;
  }

  reset(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.queue = [];
    this.log = [];
    this.mode = "auto";
    this.delayMs = DEFAULT_DELAY_MS;
  }

  private sign(webhook: PendingWebhook): Request {
    const at = (this.settings.signingClock ?? (() => new Date()))();
    if (webhook.kind === "resend") {
      const payload = JSON.stringify(webhook.body);
      const signature = new Webhook(this.settings.resendSecret ?? "").sign(webhook.id, at, payload);
      return new Request(webhook.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "Svix-Webhooks/1.0 (sandbox)",
          "svix-id": webhook.id,
          "svix-timestamp": String(Math.floor(at.getTime() / 1000)),
          "svix-signature": signature,
        },
        body: payload,
      });
    }
    const params = webhook.body as Record<string, string>;
    return new Request(webhook.url, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "user-agent": "TwilioProxy/1.1 (sandbox)",
        "x-twilio-signature": twilio.getExpectedTwilioSignature(this.twilioAuthToken, webhook.url, params),
      },
      body: new URLSearchParams(params).toString(),
    });
  }
}
