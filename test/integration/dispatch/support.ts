import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { type Account, patientIndex, sendLog } from "@/db/schema";
import { parsePatient } from "@/lib/drchrono/records";
import { decide } from "@/lib/greetings";
import type { Decision, GreetingSettings, IsoDate } from "@/lib/greetings/types";
import type { DispatchWorld } from "@/sandbox/world";

/** Who the core says should be greeted today, computed straight from the emulator's data (not from our index). */
export function expectedGreetings(
  world: DispatchWorld,
  practiceGroup: number,
  today: IsoDate,
  settings: GreetingSettings,
): Map<number, Extract<Decision, { kind: "greet" }>> {
  const expected = new Map<number, Extract<Decision, { kind: "greet" }>>();
  for (const { patient } of world.emulator.describePatients(practiceGroup)) {
    const parsed = parsePatient(patient);
    if (!parsed.ok) continue;
    const decision = decide(parsed.patient, {
      today,
      settings,
      optOuts: { staff: false, emailUnsubscribed: false, smsStopped: false },
    });
    if (decision.kind === "greet") expected.set(parsed.patient.id, decision);
  }
  return expected;
}

export const settingsOf = (account: Account): GreetingSettings => ({
  timeZone: account.timeZone,
  channelMode: account.channelMode,
  smsConsent: account.smsConsentAttestedAt !== null,
  greetResponsibleParty: account.greetResponsibleParty,
});

export async function sendRows(db: Database, accountId: string) {
  return db.select().from(sendLog).where(eq(sendLog.accountId, accountId));
}

export async function indexRow(db: Database, accountId: string, patientId: number) {
  const [row] = await db
    .select()
    .from(patientIndex)
    .where(and(eq(patientIndex.accountId, accountId), eq(patientIndex.patientId, patientId)));
  return row ?? null;
}

export const sorted = <T>(values: Iterable<T>) => [...values].sort();
