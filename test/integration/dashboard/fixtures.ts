import type { Database } from "@/db/client";
import { accounts, patientIndex, runs, sendLog } from "@/db/schema";
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
