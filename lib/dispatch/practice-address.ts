import "server-only";
import type { Database } from "@/db/client";
import { fillPracticeAddress, grantingDoctorId } from "@/db/queries/accounts";
import type { Account } from "@/db/schema";
import { officeAddress } from "@/lib/auth/practice";
import type { DrchronoApi } from "@/lib/drchrono/types";
import type { IsoDate } from "@/lib/greetings/types";

/*
 * The practice's postal address for the e-mail footer. Sign-in no longer reads drchrono's offices (it keeps to 4
 * calls); the first run that greets someone does, from the same call budget, together with the day's doctors
 * list: so at most once a day, and only while no address is on file (a practice with no open office is asked
 * again the next day). The settings page's preview and test greeting read it the same way while none is on file
 * (components/practice/greeting-preview.ts). The footer simply leaves the address out until it is known.
 */
export async function practiceAddressOfToday(
  db: Database,
  api: Pick<DrchronoApi, "offices">,
  account: Pick<Account, "id" | "practiceAddress" | "doctorsFetchedOn">,
  today: IsoDate,
): Promise<string | null> {
  if (account.practiceAddress !== null || account.doctorsFetchedOn === today) return account.practiceAddress;
  const [offices, doctorId] = await Promise.all([api.offices(), grantingDoctorId(db, account.id)]);
  return fillPracticeAddress(db, account.id, officeAddress(offices, doctorId));
}
