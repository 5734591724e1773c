"use server";

import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { now } from "@/lib/clock";
import { createDispatchDeps } from "@/lib/dispatch/deps";
import { runDispatch } from "@/lib/dispatch/run";
import { getConfig } from "@/lib/env";
import { getSandboxOutbox } from "@/sandbox/app-outbox";
import { getSandboxProviders } from "@/sandbox/providers";
import { holdsSupportKey, SUPPORT_KEY_COOKIE } from "@/sandbox/support-mail";
import { describeSandboxRun } from "./run-summary";

/** Empties the sandbox outbox (made-up messages only; refused outside sandbox mode). */
export async function clearOutbox(): Promise<void> {
  if (!getConfig().sandbox.any) return;
  const outbox = getSandboxOutbox();
  outbox.clear();
  await outbox.flush();
  revalidatePath("/sandbox/outbox");
}

/** Shows support's sign-in e-mails to whoever holds the sandbox support key, for 8 hours. */
export async function unlockSupportMail(form: FormData): Promise<void> {
  const config = getConfig();
  if (!config.sandbox.any) return;
  const key = String(form.get("key") ?? "").trim();
  if (!holdsSupportKey(key, config.sandbox.supportKey)) redirect("/sandbox/outbox?support=wrong-key");
  (await cookies()).set(SUPPORT_KEY_COOKIE, key, {
    httpOnly: true,
    sameSite: "strict",
    secure: config.secureCookies,
    path: "/sandbox",
    maxAge: 8 * 60 * 60,
  });
  redirect("/sandbox/outbox");
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

export type RunNowState = { status: "idle" } | { status: "done"; message: string };

/**
 * Sandbox mode only: today's dispatch right now, as the hourly schedule would run it (the same code, the same
 * rules: only activated practices, inside 08:00–21:00 local, each greeting once).
 */
export async function runTodayNow(_previous: RunNowState, _form: FormData): Promise<RunNowState> {
  const config = getConfig();
  if (!config.sandbox.any) return { status: "done", message: "Only available in sandbox mode." };
  try {
    const report = await runDispatch(createDispatchDeps(config, await getDb()), {
      now: now(),
      trigger: "sandbox",
    });
    revalidatePath("/sandbox/outbox");
    return { status: "done", message: describeSandboxRun(report) };
  } catch (error) {
    console.error("sandbox run failed:", error instanceof Error ? error.message : "unknown error");
    return { status: "done", message: "The run could not finish. Try again in a moment." };
  }
}
