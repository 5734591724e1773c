import "server-only";
import type { Database } from "@/db/client";
import { getAccount } from "@/db/queries/accounts";
import { doctorIdOfUser } from "@/db/queries/settings";
import { getSignOffs, getWording } from "@/db/queries/wording";
import { type GreetingPreview, type PreviewLanguage, previewGreeting } from "@/lib/accounts/preview";
import type { PracticeSession } from "@/lib/accounts/session";
import { now } from "@/lib/clock";
import { practiceAddressOfToday } from "@/lib/dispatch/practice-address";
import { getConfig } from "@/lib/env";
import { localDateTime } from "@/lib/greetings/dates";
import type { SignedBy } from "@/lib/greetings/message";
import type { Doctor, Practice } from "@/lib/greetings/types";
import { type LiveProblem, live } from "./drchrono";

export interface PreviewContext {
  /** The signed-in user's doctor (for staff: their primary physician; else the practice's first doctor). */
  doctor: Doctor | null;
  /** Every doctor of the practice with the sign-offs the practice set; empty when drchrono did not answer. */
  doctors: Doctor[];
  practice: Practice;
  signedBy: SignedBy;
  wording: Partial<Record<PreviewLanguage, string>>;
  unsubscribeUrl: string;
  problem: LiveProblem | null;
}

/**
 * Everything the greeting is made of for this practice: its doctors fetched live with the sign-offs it set, its
 * wording and who signs. Without drchrono the preview still shows, signed by the care team, and says why.
 */
export async function loadPreviewContext(db: Database, session: PracticeSession): Promise<PreviewContext> {
  const [account, doctorId, signOffs, wording] = await Promise.all([
    getAccount(db, session.accountId),
    doctorIdOfUser(db, session.accountId, session.userId),
    getSignOffs(db, session.accountId),
    getWording(db, session.accountId),
  ]);
  // The footer's postal address is read by the first run that greets someone; before then the preview (and a
  // test greeting) reads it here (one call, only while no address is on file), so they show the footer patients get.
  const today = localDateTime(now(), account?.timeZone ?? "UTC").date;
  const [fetched, address] = await Promise.all([
    live(session.accountId, (api) => api.doctors()),
    account && account.practiceAddress === null
      ? live(session.accountId, (api) => practiceAddressOfToday(db, api, account, today))
      : null,
  ]);
  const doctors: Doctor[] = fetched.ok
    ? fetched.value.map((d) => ({
        id: d.id,
        firstName: d.firstName,
        lastName: d.lastName,
        suffix: d.suffix,
        timeZone: d.timeZone,
        signOff: signOffs.get(d.id)?.signOff ?? null,
        signOffEs: signOffs.get(d.id)?.signOffEs ?? null,
      }))
    : [];
  return {
    doctor: doctors.find((d) => d.id === doctorId) ?? doctors[0] ?? null,
    doctors,
    practice: {
      name: account?.practiceName ?? "",
      address: account?.practiceAddress ?? (address?.ok ? address.value : null),
    },
    signedBy: account?.signOff ?? "doctor",
    wording,
    unsubscribeUrl: `${getConfig().appUrl}/unsubscribe/example`,
    problem: fetched.ok ? null : fetched.problem,
  };
}

/** The greeting as the practice's patients get it, in both languages. */
export async function loadPreview(
  db: Database,
  session: PracticeSession,
): Promise<{ previews: Record<PreviewLanguage, GreetingPreview>; problem: LiveProblem | null }> {
  const context = await loadPreviewContext(db, session);
  const build = (language: PreviewLanguage) =>
    previewGreeting({ ...context, language, wording: context.wording[language] ?? null });
  return { previews: { en: build("en"), es: build("es") }, problem: context.problem };
}
