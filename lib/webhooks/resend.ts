import "server-only";
import { Resend } from "resend";
import { z } from "zod";
import { type DeliveryEventDeps, type ProviderEvent, receiveProviderEvent } from "@/lib/delivery/apply";
import type { DeliveryStatus } from "@/lib/delivery/status";

/*
 * Resend's delivery webhooks (https://resend.com/docs/webhooks): Svix-signed JSON
 * `{ type, created_at, data: { email_id, bounce?: { type, subType } } }`. The signature is checked by the Resend
 * SDK's `webhooks.verify` (Svix/Standard Webhooks: HMAC over id.timestamp.body, constant-time compare), which
 * also refuses a timestamp more than 5 minutes away from our clock, so a captured delivery cannot be replayed
 * later. The svix-id is the event's id: Resend repeats it on every retry of the same event.
 */

const MAX_BODY_BYTES = 256 * 1024;

const STATUS_OF: Record<string, DeliveryStatus> = {
  "email.delivered": "delivered",
  "email.delivery_delayed": "delayed",
  "email.bounced": "bounced",
  "email.complained": "complained",
  "email.failed": "failed",
  // Resend refused to send to an address on its suppression list (an earlier bounce or complaint).
  "email.suppressed": "bounced",
};

/** Only what we use; anything else in the body is ignored. */
const eventShape = z.object({
  type: z.string(),
  created_at: z.string().optional(),
  data: z.object({
    email_id: z.string().min(1).max(200),
    bounce: z
      .object({ type: z.string().optional(), subType: z.string().optional() })
      .optional()
      .catch(undefined),
  }),
});

export interface ResendWebhookDeps extends DeliveryEventDeps {
  /** RESEND_WEBHOOK_SECRET ("whsec_..."); unset: the endpoint does not exist. */
  secret: string | undefined;
}

const json = (body: unknown, status = 200) => Response.json(body, { status });

/** The SDK's verifier needs no API key to verify; it is only constructed with one. */
const verifier = new Resend("re_webhook_verification_only").webhooks;

function errorCodeOf(type: string, bounce: { type?: string; subType?: string } | undefined): string | null {
  if (type === "email.suppressed") return "suppressed";
  if (!bounce?.type) return null;
  return [bounce.type, bounce.subType].filter(Boolean).join("/").slice(0, 100);
}

function occurredAt(raw: string | undefined, fallback: Date): Date {
  const at = raw ? new Date(raw) : null;
  return at && !Number.isNaN(at.getTime()) ? at : fallback;
}

export async function receiveResendWebhook(request: Request, deps: ResendWebhookDeps): Promise<Response> {
  if (!deps.secret) {
    // Only a development mix (ALLOW_PARTIAL_SANDBOX with real Resend) gets here: live mode needs the secret to start.
    console.warn("[delivery] a Resend webhook arrived but RESEND_WEBHOOK_SECRET is not set; refused");
    return json({ error: "webhooks are not configured" }, 404);
  }
  const payload = await request.text();
  if (payload.length > MAX_BODY_BYTES) return json({ error: "payload too large" }, 413);
  const id = request.headers.get("svix-id") ?? "";
  let body: unknown;
  try {
    body = verifier.verify({
      payload,
      headers: {
        id,
        timestamp: request.headers.get("svix-timestamp") ?? "",
        signature: request.headers.get("svix-signature") ?? "",
      },
      webhookSecret: deps.secret,
    });
  } catch {
    // A forged, tampered-with or stale delivery (or missing headers): nothing is recorded.
    return json({ error: "invalid or expired signature" }, 401);
  }
  const parsed = eventShape.safeParse(body);
  if (!parsed.success) return json({ ignored: "not an e-mail event" });
  const status = STATUS_OF[parsed.data.type];
  if (!status) return json({ ignored: `event ${parsed.data.type.slice(0, 60)} not used` });

  const event: ProviderEvent = {
    provider: "resend",
    eventId: id.slice(0, 200),
    messageId: parsed.data.data.email_id,
    status,
    errorCode: errorCodeOf(parsed.data.type, parsed.data.data.bounce),
    occurredAt: occurredAt(parsed.data.created_at, deps.now()),
  };
  const result = await receiveProviderEvent(deps, event);
  return json({ result });
}
