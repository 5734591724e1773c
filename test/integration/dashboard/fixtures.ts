import type { Database } from "@/db/client";
import { accounts, optOuts, patientIndex, runs, sendLog } from "@/db/schema";
import type { PracticeSession } from "@/lib/accounts/session";

/** Two practices with overlapping patient ids, so a query that forgets its account shows up at once. */
export async function seedTwoPractices(db: Database) {
  const [a, b] = await db
    .insert(accounts)
    .values([
      { practiceGroupId: 1001, practiceName: "Alpha Clinic", activation: "active" },
      { practiceGroupId: 2002, practiceName: "Beta Clinic", activation: "active" },
    ])
    .returning();
  if (!a || !b) throw new Error("seed failed");

  await db.insert(patientIndex).values([
    { accountId: a.id, patientId: 1, doctorId: 10, birthMonth: 3, birthDay: 1 },
    { accountId: a.id, patientId: 2, doctorId: 10, birthMonth: 3, birthDay: 1, skipReason: "no_contact" },
    { accountId: a.id, patientId: 3, doctorId: 10, birthMonth: 3, birthDay: 2 },
    {
      accountId: a.id,
      patientId: 4,
      doctorId: 10,
      birthMonth: null,
      birthDay: null,
      skipReason: "invalid_birth_date",
    },
    // Beta shares patient id 1 and has its own birthdays on the same days.
    { accountId: b.id, patientId: 1, doctorId: 20, birthMonth: 3, birthDay: 1 },
    { accountId: b.id, patientId: 900, doctorId: 20, birthMonth: 3, birthDay: 1 },
    {
      accountId: b.id,
      patientId: 901,
      doctorId: 20,
      birthMonth: null,
      birthDay: null,
      skipReason: "deceased",
    },
  ]);

  await db.insert(sendLog).values([
    {
      accountId: a.id,
      patientId: 1,
      birthdayYear: 2026,
      channel: "email",
      status: "sent",
      localDate: "2026-03-01",
      deliveryStatus: "delivered",
      deliveryStatusAt: new Date("2026-03-01T14:00:05Z"),
    },
    {
      accountId: a.id,
      patientId: 3,
      birthdayYear: 2026,
      channel: "email",
      status: "failed",
      localDate: "2026-03-02",
    },
    {
      accountId: a.id,
      patientId: 3,
      birthdayYear: 2026,
      channel: "sms",
      status: "sent",
      localDate: "2026-03-02",
      deliveryStatus: "undelivered",
      deliveryStatusAt: new Date("2026-03-02T14:00:07Z"),
      deliveryErrorCode: "30003",
    },
    {
      accountId: a.id,
      patientId: 1,
      birthdayYear: 2025,
      channel: "email",
      status: "sent",
      localDate: "2025-03-01",
    },
    {
      accountId: b.id,
      patientId: 1,
      birthdayYear: 2026,
      channel: "sms",
      status: "failed",
      localDate: "2026-03-01",
    },
    {
      accountId: b.id,
      patientId: 900,
      birthdayYear: 2026,
      channel: "email",
      status: "sent",
      localDate: "2026-03-01",
    },
  ]);

  await db.insert(runs).values([
    {
      accountId: a.id,
      trigger: "cron",
      localDate: "2026-03-01",
      startedAt: new Date("2026-03-01T18:00:00Z"),
      greeted: 1,
    },
    {
      accountId: a.id,
      trigger: "cron",
      localDate: "2026-03-02",
      startedAt: new Date("2026-03-02T18:00:00Z"),
      greeted: 2,
      skipped: { no_contact: 1 },
    },
    {
      accountId: a.id,
      trigger: "admin",
      dryRun: true,
      localDate: "2026-03-03",
      startedAt: new Date("2026-03-03T09:00:00Z"),
      greeted: 50,
    },
    {
      accountId: b.id,
      trigger: "cron",
      localDate: "2026-03-04",
      startedAt: new Date("2026-03-04T18:00:00Z"),
      greeted: 99,
    },
  ]);

  const session = (accountId: string, userId = "00000000-0000-4000-8000-000000000001"): PracticeSession => ({
    userId,
    accountId,
    role: "doctor",
    displayName: "Dr Test",
    email: "dr@clinic.example",
  });
  return { a, b, sessionA: session(a.id), sessionB: session(b.id, "00000000-0000-4000-8000-000000000002") };
}

export function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
}

/**
 * A practice on 2026-12-01 after two runs: the first greeted patient 1 and found patients 2, 3 and 6 could not be
 * greeted (reasons only known from the day's chart); the second greeted patient 7. Patient 4 was opted out by
 * staff, patient 5 is inactive from the record alone, patient 8 was not reached yet.
 */
export async function seedDayAccount(db: Database, practiceGroupId = 3001) {
  const [c] = await db
    .insert(accounts)
    .values({ practiceGroupId, practiceName: "Gamma Clinic", activation: "active" })
    .returning();
  if (!c) throw new Error("seed failed");
  const today = { outcomeDate: "2026-12-01" };
  const birthday = { accountId: c.id, doctorId: 10, birthMonth: 12, birthDay: 1 };
  await db.insert(patientIndex).values([
    { ...birthday, patientId: 1, ...today, outcome: "greeted" },
    { ...birthday, patientId: 2, ...today, outcome: "skipped", outcomeReason: "no_contact" },
    { ...birthday, patientId: 3, ...today, outcome: "skipped", outcomeReason: "responsible_party" },
    { ...birthday, patientId: 4 },
    { ...birthday, patientId: 5, skipReason: "inactive" },
    { ...birthday, patientId: 6, ...today, outcome: "opted_out", outcomeReason: "unsubscribed" },
    { ...birthday, patientId: 7, ...today, outcome: "greeted" },
    { ...birthday, patientId: 8 },
    // A skip found on an earlier birthday still tells the practice what to fix before the next one.
    {
      ...birthday,
      patientId: 20,
      birthMonth: 6,
      birthDay: 5,
      outcomeDate: "2026-06-05",
      outcome: "skipped",
      outcomeReason: "no_contact",
    },
  ]);
  const sent = { accountId: c.id, birthdayYear: 2026, channel: "email" as const, status: "sent" as const };
  await db.insert(sendLog).values([
    { ...sent, patientId: 1, localDate: "2026-12-01", sentAt: new Date("2026-12-01T14:00:00Z") },
    { ...sent, patientId: 7, localDate: "2026-12-01", sentAt: new Date("2026-12-01T15:00:00Z") },
  ]);
  await db.insert(optOuts).values({ accountId: c.id, patientId: 4, source: "staff", actor: "user:x" });
  await db.insert(runs).values([
    { accountId: c.id, trigger: "cron", localDate: "2026-12-01", greeted: 1, skipped: { no_contact: 1 } },
    { accountId: c.id, trigger: "cron", localDate: "2026-12-01", greeted: 1 },
  ]);
  return c;
}
