"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getConfig } from "@/lib/env";
import { getSandboxOutbox } from "@/sandbox/outbox";
import { getSandboxProviders } from "@/sandbox/providers";

/** Empties the sandbox outbox (made-up messages only; refused outside sandbox mode). */
export async function clearOutbox(): Promise<void> {
  if (!getConfig().sandbox.any) return;
  getSandboxOutbox().clear();
  revalidatePath("/sandbox/outbox");
}

/*
 * What a patient's mail server or phone would do with a sandbox message, so a demo (and the e2e stories) can
 * show the whole delivery loop: the fake provider sends the app the same signed event the real one would
 * (email.bounced, email.complained, an inbound "STOP" or "START"), a moment later, to /api/webhooks/*.
 */

const emailEvent = z.object({ id: z.string().min(1).max(100), event: z.enum(["bounce", "complain"]) });
const textReply = z.object({ id: z.string().regex(/^SM[0-9a-f]{32}$/), reply: z.enum(["STOP", "START"]) });

export async function reportEmailEvent(form: FormData): Promise<void> {
  if (!getConfig().email.sandbox) return;
  const parsed = emailEvent.safeParse({ id: form.get("id"), event: form.get("event") });
  if (!parsed.success) return;
  const { resend } = getSandboxProviders();
  if (parsed.data.event === "bounce") resend.knobs.bounce(parsed.data.id);
  else resend.knobs.complain(parsed.data.id);
  revalidatePath("/sandbox/outbox");
}

export async function replyToText(form: FormData): Promise<void> {
  if (!getConfig().sms.sandbox) return;
  const parsed = textReply.safeParse({ id: form.get("id"), reply: form.get("reply") });
  if (!parsed.success) return;
  getSandboxProviders().twilio.knobs.reply(parsed.data.id, parsed.data.reply);
  revalidatePath("/sandbox/outbox");
}
