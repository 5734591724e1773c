import type { Metadata } from "next";
import { Suspense } from "react";
import { loadAccount } from "@/components/practice/account";
import { livePatients } from "@/components/practice/drchrono";
import { DrchronoProblem } from "@/components/practice/drchrono-problem";
import { formatIsoDate } from "@/components/practice/format";
import { Pager } from "@/components/practice/pager";
import { PatientCell } from "@/components/practice/patient-cell";
import { ListSkeleton } from "@/components/practice/skeleton";
import { TODAY_STATE_LABELS, todayStateDetail, todayStateTone } from "@/components/practice/today-labels";
import { getDb } from "@/db";
import { listBirthdays } from "@/db/queries/dashboard";
import { readPracticeDay } from "@/db/queries/today";
import { parsePage, type SearchParams } from "@/lib/accounts/forms";
import { accountStateOf } from "@/lib/accounts/state";
import { nextRunAt } from "@/lib/accounts/today";
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
        Birthdays in the next {DAYS} days. Today's patients show what happened to their greeting; for the days
        after, patients who cannot be greeted are on the Skipped page, and the final check happens on the day,
        against the chart as it is then.
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
  const timeZone = account?.timeZone ?? "UTC";
  const clock = now();
  const today = localDateTime(clock, timeZone).date;
  // Today comes from the day's states (greeted, waiting, skipped, ...); the days after from the index.
  const later = Array.from({ length: DAYS - 1 }, (_, i) => addDays(today, i + 1));
  const [day, { rows, hasMore }] = await Promise.all([
    page === 1 ? readPracticeDay(db, session.accountId, today) : null,
    listBirthdays(db, session.accountId, later.flatMap(birthdaysOn), {
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    }),
  ]);
  const todays = day?.entries ?? [];
  if (rows.length === 0 && todays.length === 0)
    return (
      <p className="muted" role="status">
        {page > 1
          ? "No more birthdays in the next two weeks."
          : "No birthdays to greet in the next two weeks — or the patient list has not been read yet (that happens on the first run after activation)."}
      </p>
    );
  const { records, problem } = await livePatients(session.accountId, [
    ...todays.map((e) => e.patientId),
    ...rows.map((r) => r.patientId),
  ]);
  const context = {
    accountState: account ? accountStateOf(account) : ("not_requested" as const),
    timeZone,
    nextRun: nextRunAt(clock, timeZone, account?.sendHour ?? null),
  };
  // Group by the day each patient is greeted on (Feb 29 birthdays on Feb 28 in common years).
  const groups = later
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
      {todays.length > 0 && (
        <section aria-labelledby="day-today">
          <h2 id="day-today">Today, {formatIsoDate(today)}</h2>
          <ul className="today-states">
            {todays.map((entry) => (
              <li key={entry.patientId}>
                <PatientCell id={entry.patientId} record={records.get(entry.patientId)} />{" "}
                <span className={`status ${todayStateTone(entry.state)}`}>
                  {TODAY_STATE_LABELS[entry.state.kind]}
                </span>{" "}
                <span className="muted">{todayStateDetail(entry.state, context)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {groups.map((group) => (
        <section key={group.date} aria-labelledby={`day-${group.date}`}>
          <h2 id={`day-${group.date}`}>{formatIsoDate(group.date)}</h2>
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
