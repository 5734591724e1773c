import { createHash, timingSafeEqual } from "node:crypto";
import type { OutboxEntry } from "./outbox";

/*
 * A sandbox build may be a public demo, and its outbox is open to anyone. Support's magic-link e-mails land there
 * too, so the outbox hides every message holding a support sign-in link (to whatever address) unless the visitor
 * entered the sandbox support key, which only whoever runs the server knows (it is printed at start-up, or set as
 * SANDBOX_SUPPORT_KEY). Other mail to support (activation requests) shows: it grants nothing.
 */

export const SUPPORT_KEY_COOKIE = "bg_sandbox_support";

export function isSupportSignIn(entry: OutboxEntry): boolean {
  const content = `${entry.subject ?? ""}\n${entry.html ?? ""}\n${entry.text ?? ""}\n${entry.body ?? ""}`;
  return content.includes("/admin/callback");
}

/** Constant-time comparison of fixed-length digests: the key cannot be guessed a character at a time. */
export function holdsSupportKey(presented: string | undefined, supportKey: string): boolean {
  if (!presented) return false;
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(presented), digest(supportKey));
}

export function visibleOutbox(
  entries: OutboxEntry[],
  input: { unlocked: boolean },
): { shown: OutboxEntry[]; hidden: number } {
  if (input.unlocked) return { shown: entries, hidden: 0 };
  const shown = entries.filter((entry) => !isSupportSignIn(entry));
  return { shown, hidden: entries.length - shown.length };
}
