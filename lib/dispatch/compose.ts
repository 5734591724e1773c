import "server-only";
import type { Account } from "@/db/schema";
import type { EmailChannel, SmsChannel } from "@/lib/channels/types";
import type { DrchronoDoctor } from "@/lib/drchrono/types";
import { composeEmail, composeSms, type Language, languageOf } from "@/lib/greetings";
import type { PatientRecord } from "@/lib/greetings/types";
import { createUnsubscribeToken, listUnsubscribeHeaders, unsubscribeUrl } from "@/lib/unsubscribe/token";
import type { GreetingMessage } from "./deliver";

/*
 * The message for one channel: the core's words, the practice's name and address, the doctor's signature and,
 * for e-mail, a signed one-click unsubscribe link. Null when the decision has no address for that channel.
 */

export interface ComposeInput {
  channel: "email" | "sms";
  patient: PatientRecord;
  /** The patient's primary doctor when drchrono lists them; the core words it without a name otherwise. */
  doctor: DrchronoDoctor | null;
  decision: { email: string | null; phone: string | null };
  /** The account as read right before sending (practice name, address and who signs may have just changed). */
  account: Pick<Account, "id" | "practiceName" | "practiceAddress" | "signOff">;
  /** The practice's own wording per language (greeting_templates); a language without one gets ours. */
  wording: Partial<Record<Language, string>>;
  appUrl: string;
  unsubscribeSecret: string;
  channels: { email: EmailChannel; sms: SmsChannel };
}

export function composeFor(input: ComposeInput): GreetingMessage | null {
  const { channel, patient, doctor, decision, account } = input;
  const practice = { name: account.practiceName, address: account.practiceAddress ?? null };
  const words = { patient, doctor, practice, signedBy: account.signOff, wording: input.wording };
  if (channel === "email") {
    if (!decision.email) return null;
    const url = unsubscribeUrl(
      input.appUrl,
      createUnsubscribeToken(
        { accountId: account.id, patientId: patient.id, language: languageOf(patient.preferredLanguage) },
        input.unsubscribeSecret,
      ),
    );
    const content = composeEmail({ ...words, unsubscribeUrl: url });
    return {
      channel,
      send: input.channels.email,
      message: { to: decision.email, ...content, headers: listUnsubscribeHeaders(url) },
    };
  }
  if (!decision.phone) return null;
  return {
    channel,
    send: input.channels.sms,
    to: decision.phone,
    body: composeSms(words),
  };
}
