"use server";

import { after } from "next/server";
import { z } from "zod";
import { getDb } from "@/db";
import { requestAdminSignIn } from "@/lib/admin/magic-link";
import { getChannels } from "@/lib/channels";
import { now } from "@/lib/clock";
import { getConfig } from "@/lib/env";

export type SignInState =
  | { status: "idle" }
  | { status: "sent"; email: string }
  | { status: "error"; message: string };

const signInInput = z.object({ email: z.email().max(320) });

/**
 * Answers every valid address the same way, and sends the link after the response, so neither the words nor the
 * timing reveal whether an address belongs to support.
 */
export async function requestSignInLink(_previous: SignInState, form: FormData): Promise<SignInState> {
  const parsed = signInInput.safeParse({ email: String(form.get("email") ?? "").trim() });
  if (!parsed.success)
    return { status: "error", message: "Enter a valid e-mail address, like name@example.com." };
  const email = parsed.data.email;
  after(async () => {
    try {
      const config = getConfig();
      await requestAdminSignIn(
        {
          db: await getDb(),
          email: getChannels().email,
          adminEmails: config.adminEmails,
          appUrl: config.appUrl,
          now: now(),
        },
        email,
      );
    } catch (error) {
      console.error(
        "admin sign-in: could not issue a magic link:",
        error instanceof Error ? error.message : error,
      );
    }
  });
  return { status: "sent", email };
}
