import type { Account } from "@/db/schema";
import { normalisePhone } from "./forms";
import type { PracticeSession } from "./session";

/*
 * Where a test greeting may go: the signed-in user's own e-mail address (from drchrono), and the practice's
 * contact e-mail and phone on file (given in the activation request). Nowhere else: the test form must not become
 * a way to send the practice's message, with its name and address, to anyone at all.
 */

export interface TestRecipients {
  emails: string[];
  phones: string[];
}

export function testRecipients(
  session: Pick<PracticeSession, "email">,
  account: Pick<Account, "contactEmail" | "contactPhone">,
): TestRecipients {
  const emails = [session.email, account.contactEmail]
    .map((e) => e?.trim().toLowerCase() ?? "")
    .filter((e, i, all) => e !== "" && all.indexOf(e) === i);
  const phone = account.contactPhone ? normalisePhone(account.contactPhone) : null;
  return { emails, phones: phone ? [phone] : [] };
}

export function isTestRecipient(
  recipients: TestRecipients,
  input: { channel: "email"; to: string } | { channel: "sms"; to: string },
): boolean {
  return input.channel === "email"
    ? recipients.emails.includes(input.to.trim().toLowerCase())
    : recipients.phones.includes(input.to);
}
