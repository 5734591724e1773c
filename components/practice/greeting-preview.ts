import "server-only";
import type { Database } from "@/db/client";
import { getAccount } from "@/db/queries/accounts";
import { doctorIdOfUser } from "@/db/queries/settings";
import { type GreetingPreview, type PreviewLanguage, previewGreeting } from "@/lib/accounts/preview";
import type { PracticeSession } from "@/lib/accounts/session";
import { getConfig } from "@/lib/env";
import type { Doctor } from "@/lib/greetings/types";
import { type LiveProblem, live } from "./drchrono";

/**
 * The greeting as the practice's patients get it, signed by the signed-in user's doctor (for staff: their
 * primary physician; else the practice's first doctor), fetched live. Without drchrono the preview still shows,
 * signed by the care team, and says why.
 */
export async function loadPreview(
  db: Database,
  session: PracticeSession,
): Promise<{ previews: Record<PreviewLanguage, GreetingPreview>; problem: LiveProblem | null }> {
  const [account, doctorId] = await Promise.all([
    getAccount(db, session.accountId),
    doctorIdOfUser(db, session.accountId, session.userId),
  ]);
  const doctors = await live(session.accountId, (api) => api.doctors());
  const doctor: Doctor | null = doctors.ok
    ? (doctors.value.find((d) => d.id === doctorId) ?? doctors.value[0] ?? null)
    : null;
  const practice = { name: account?.practiceName ?? "", address: account?.practiceAddress ?? null };
  const unsubscribeUrl = `${getConfig().appUrl}/unsubscribe/example`;
  const build = (language: PreviewLanguage) =>
    previewGreeting({ language, doctor, practice, unsubscribeUrl });
  return { previews: { en: build("en"), es: build("es") }, problem: doctors.ok ? null : doctors.problem };
}
