import type { Metadata } from "next";
import { Suspense } from "react";
import { loadAccount } from "@/components/practice/account";
import { livePatients } from "@/components/practice/drchrono";
import { DrchronoProblem } from "@/components/practice/drchrono-problem";
import { formatIsoDate } from "@/components/practice/format";
import { Pager } from "@/components/practice/pager";
import { PatientCell } from "@/components/practice/patient-cell";
import { ListSkeleton } from "@/components/practice/skeleton";
import { getDb } from "@/db";
import { listBirthdays } from "@/db/queries/dashboard";
import { parsePage, type SearchParams } from "@/lib/accounts/forms";
import { requirePracticeSession } from "@/lib/auth/session";
import { now } from "@/lib/clock";
import { addDays, birthdaysOn, isGreetedOn, localDateTime } from "@/lib/greetings/dates";

export const metadata: Metadata = { title: "Upcoming birthdays" };

const DAYS = 14;
const PAGE_SIZE = 20;

export default async function UpcomingPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePracticeSession();
  const page = parsePage(await searchParams);
  return (
    <>
      <h1>Upcoming birthdays</h1>
      <p>
        Patients to greet in the next {DAYS} days, from today. Patients who cannot be greeted are on the
        Skipped page; the final check happens on the day, against the chart as it is then.
      </p>
      <Suspense key={page} fallback={<ListSkeleton />}>
        <UpcomingList page={page} />
      </Suspense>
    </>
  );
}

async function UpcomingList({ page }: { page: number }) {
  const session = await requirePracticeSession();
  const db = await getDb();
  const account = await loadAccount(session.accountId);
  const today = localDateTime(now(), account?.timeZone ?? "UTC").date;
  const dates = Array.from({ length: DAYS }, (_, i) => addDays(today, i));
  const { rows, hasMore } = await listBirthdays(db, session.accountId, dates.flatMap(birthdaysOn), {
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  if (rows.length === 0)
    return (
      <p className="muted" role="status">
        {page > 1
          ? "No more birthdays in the next two weeks."
          : "No birthdays to greet in the next two weeks — or the patient list has not been read yet (that happens on the first daily run after activation)."}
      </p>
    );
  const { records, problem } = await livePatients(
    session.accountId,
    rows.map((r) => r.patientId),
  );
  // Group by the day each patient is greeted on (Feb 29 birthdays on Feb 28 in common years).
  const groups = dates
    .map((date) => ({
      date,
      rows: rows.filter(
        (r) =>
          r.birthMonth !== null &&
          r.birthDay !== null &&
          isGreetedOn({ month: r.birthMonth, day: r.birthDay }, date),
      ),
    }))
    .filter((g) => g.rows.length > 0);
  return (
    <>
      {problem && <DrchronoProblem problem={problem} what="patient names" />}
      {groups.map((group) => (
        <section key={group.date} aria-labelledby={`day-${group.date}`}>
          <h2 id={`day-${group.date}`}>
            {group.date === today ? `Today, ${formatIsoDate(group.date)}` : formatIsoDate(group.date)}
          </h2>
          <ul>
            {group.rows.map((row) => (
              <li key={row.patientId}>
                <PatientCell id={row.patientId} record={records.get(row.patientId)} />
              </li>
            ))}
          </ul>
        </section>
      ))}
      <Pager
        page={page}
        hasMore={hasMore}
        label="Upcoming pages"
        hrefFor={(p) => `/dashboard/upcoming?page=${p}`}
      />
    </>
  );
}
