import { randomUUID } from "node:crypto";
import type { Outbox } from "../outbox";
import { type FaultKnobs, Faults, json } from "./faults";
import type { WebhookQueue } from "./webhooks";

/**
 * A local stand-in for the part of the Resend API the `resend` SDK uses to send e-mail (`POST /emails`), answering
 * the way Resend does: `{ id }` on success, `{ statusCode, name, message }` on error. Sent e-mail lands in the
 * outbox. The Idempotency-Key header is honoured like Resend's: the same key with the same payload answers the
 * first id again and delivers nothing new (that is how dispatch reconciles a send that crashed halfway); the same
 * key with another payload is refused with 409.
 *
 * Like Resend, it reports back through signed webhooks (see webhooks.ts): `email.sent`, then `email.delivered`
 * (or `email.bounced` for an address in `bouncing`); `bounce(id)` and `complain(id)` stage what a recipient's
 * mail server or a "this is spam" click would report later.
 */

export const SANDBOX_RESEND_API_KEY = "re_sandbox_key";

export interface ResendFakeOptions {
  outbox: Outbox;
  apiKey?: string;
  now?: () => Date;
  /** Where events go; without it (or without a Resend URL and secret there) the fake sends no events. */
  webhooks?: WebhookQueue;
}

/** What Resend last knew about an e-mail, as its last event said. */
export type ResendEmailState = "sent" | "delivered" | "bounced" | "complained";

export interface ResendKnobs extends FaultKnobs {
  /** Addresses whose mail server refuses mail: sends to them end in `email.bounced` instead of delivered. */
  readonly bouncing: Set<string>;
  /** A hard bounce reported for an e-mail already sent. false: no such e-mail. */
  bounce(emailId: string): boolean;
  /** The recipient marked the e-mail as spam. false: no such e-mail. */
  complain(emailId: string): boolean;
  stateOf(emailId: string): ResendEmailState | null;
}

export interface ResendFake {
  /** `path` is the API path below the mount point, e.g. "/emails". */
  handle(request: Request, path: string): Promise<Response>;
  knobs: ResendKnobs;
}

interface SentEmail {
  id: string;
  from: string;
  to: string[];
  subject: string;
  createdAt: Date;
  state: ResendEmailState;
}

const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const IDEMPOTENCY_CAPACITY = 10_000;
const ADDRESS = /^(?:[^<>]*<\s*[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+\s*>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/;

const ERROR_NAMES: Record<number, string> = {
  400: "invalid_parameter",
  401: "missing_api_key",
  403: "invalid_api_key",
  404: "not_found",
  409: "invalid_idempotent_request",
  422: "validation_error",
  429: "rate_limit_exceeded",
  500: "internal_server_error",
  503: "application_error",
};

function resendError(status: number, message?: string, name?: string): Response {
  const body = {
    statusCode: status,
    name: name ?? ERROR_NAMES[status] ?? (status >= 500 ? "internal_server_error" : "invalid_parameter"),
    message:
      message ?? (status === 429 ? "Too many requests. Please slow down." : `Simulated error ${status}.`),
  };
  return json(body, status, status === 429 ? { "retry-after": "1" } : {});
}

interface SendPayload {
  from?: unknown;
  to?: unknown;
  subject?: unknown;
  html?: unknown;
  text?: unknown;
  headers?: unknown;
}

type Validated = {
  from: string;
  to: string[];
  subject: string;
  html?: string;
  text?: string;
  headers: Record<string, string>;
};

function validate(payload: SendPayload): Validated | Response {
  const missing = (field: string) =>
    resendError(422, `Missing \`${field}\` field.`, "missing_required_field");
  if (typeof payload.from !== "string" || payload.from === "") return missing("from");
  if (!ADDRESS.test(payload.from))
    return resendError(
      422,
      "Invalid `from` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.",
    );
  const to = typeof payload.to === "string" ? [payload.to] : payload.to;
  if (!Array.isArray(to) || to.length === 0) return missing("to");
  if (to.length > 50) return resendError(422, "Too many recipients: at most 50 per e-mail.");
  if (!to.every((address) => typeof address === "string" && ADDRESS.test(address)))
    return resendError(
      422,
      "Invalid `to` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.",
    );
  if (typeof payload.subject !== "string" || payload.subject === "") return missing("subject");
  if (typeof payload.html !== "string" && typeof payload.text !== "string") return missing("html or text");
  const headers = payload.headers ?? {};
  if (
    typeof headers !== "object" ||
    Array.isArray(headers) ||
    Object.values(headers).some((v) => typeof v !== "string")
  )
    return resendError(422, "Invalid `headers` field: expected an object of strings.");
  return {
    from: payload.from,
    to: to as string[],
    subject: payload.subject,
    html: typeof payload.html === "string" ? payload.html : undefined,
    text: typeof payload.text === "string" ? payload.text : undefined,
    headers: headers as Record<string, string>,
  };
}

/** JSON with sorted keys, so the same payload always compares equal whatever the key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function createResendFake(options: ResendFakeOptions): ResendFake {
  const apiKey = options.apiKey ?? SANDBOX_RESEND_API_KEY;
  const now = options.now ?? (() => new Date());
  const faults = new Faults();
  const bouncing = new Set<string>();
  const idempotent = new Map<string, { payload: string; id: string; at: number }>();
  const sent = new Map<string, SentEmail>();

  /** Records the e-mail's new state and, when webhooks are configured, queues Resend's event for it. */
  function report(email: SentEmail, state: ResendEmailState, extra: Record<string, unknown> = {}) {
    email.state = state;
    const url = options.webhooks?.resendUrl;
    if (!url) return;
    const type = `email.${state}`;
    options.webhooks?.enqueue({
      kind: "resend",
      messageId: email.id,
      event: type,
      url,
      body: {
        type,
        created_at: now().toISOString(),
        data: {
          created_at: email.createdAt.toISOString(),
          email_id: email.id,
          from: email.from,
          to: email.to,
          subject: email.subject,
          ...extra,
        },
      },
    });
  }

  const HARD_BOUNCE = {
    bounce: {
      type: "Permanent",
      subType: "General",
      message: "The recipient's mail server permanently rejected the e-mail (sandbox).",
    },
  };

  function remember(key: string, payload: string, id: string) {
    const at = now().getTime();
    for (const [oldKey, entry] of idempotent) {
      if (idempotent.size < IDEMPOTENCY_CAPACITY && at - entry.at < IDEMPOTENCY_TTL_MS) break;
      idempotent.delete(oldKey);
    }
    idempotent.set(key, { payload, id, at });
  }

  async function sendEmail(request: Request): Promise<Response> {
    let payload: SendPayload;
    try {
      payload = (await request.json()) as SendPayload;
    } catch {
      return resendError(400, "Invalid JSON body.", "invalid_parameter");
    }
    if (!payload || typeof payload !== "object") return resendError(422, "Expected a JSON object.");
    const email = validate(payload);
    if (email instanceof Response) return email;

    const key = request.headers.get("idempotency-key");
    if (key !== null && (key.length === 0 || key.length > 256))
      return resendError(
        400,
        "Idempotency key must be between 1 and 256 characters.",
        "invalid_idempotency_key",
      );
    const fingerprint = canonical(payload);
    if (key !== null) {
      const previous = idempotent.get(key);
      if (previous && now().getTime() - previous.at < IDEMPOTENCY_TTL_MS) {
        if (previous.payload !== fingerprint)
          return resendError(409, "Same idempotency key used with a different request payload.");
        return json({ id: previous.id }, 200);
      }
    }

    const recipient = email.to.join(", ");
    const fault = faults.standingFor(recipient);
    if (fault !== null) return resendError(fault === "always" ? 503 : fault);

    const id = randomUUID();
    options.outbox.add({
      id,
      channel: "email",
      to: recipient,
      from: email.from,
      subject: email.subject,
      html: email.html,
      text: email.text,
      headers: email.headers,
      idempotencyKey: key ?? undefined,
      createdAt: now(),
    });
    if (key !== null) remember(key, fingerprint, id);
    const record: SentEmail = {
      id,
      from: email.from,
      to: email.to,
      subject: email.subject,
      createdAt: now(),
      state: "sent",
    };
    sent.set(id, record);
    if (sent.size > IDEMPOTENCY_CAPACITY) sent.delete(sent.keys().next().value as string);
    report(record, "sent");
    if (email.to.some((address) => bouncing.has(address))) report(record, "bounced", HARD_BOUNCE);
    else report(record, "delivered");
    return json({ id }, 200);
  }

  async function handle(request: Request, path: string): Promise<Response> {
    const oneOff = await faults.begin();
    if (oneOff !== null) return resendError(oneOff);
    const auth = request.headers.get("authorization");
    if (!auth?.startsWith("Bearer ") || auth.length <= "Bearer ".length)
      return resendError(
        401,
        "Missing API key in the authorization header. Include the following header in the request: Authorization: Bearer YOUR_API_KEY",
      );
    if (auth.slice("Bearer ".length) !== apiKey) return resendError(403, "API key is invalid");
    if (path === "/emails" && request.method === "POST") return sendEmail(request);
    if (path === "/emails") return resendError(405, "Method not allowed", "method_not_allowed");
    return resendError(404, "The requested endpoint does not exist.");
  }

  const knobs: ResendKnobs = Object.assign(faults, {
    bouncing,
    bounce(emailId: string) {
      const email = sent.get(emailId);
      if (email) report(email, "bounced", HARD_BOUNCE);
      return email !== undefined;
    },
    complain(emailId: string) {
      const email = sent.get(emailId);
      if (email) report(email, "complained");
      return email !== undefined;
    },
    stateOf: (emailId: string) => sent.get(emailId)?.state ?? null,
  });
  const reset = faults.reset.bind(faults);
  knobs.reset = () => {
    reset();
    bouncing.clear();
  };
  return { handle, knobs };
}
