import type { Metadata } from "next";
import { Suspense } from "react";
import { loadAccount } from "@/components/practice/account";
import { livePatients } from "@/components/practice/drchrono";
import { DrchronoProblem } from "@/components/practice/drchrono-problem";
import { formatIsoDate } from "@/components/practice/format";
import { Pager } from "@/components/practice/pager";
import { PatientCell } from "@/components/practice/patient-cell";
import { ListSkeleton } from "@/components/practice/skeleton";
import { isSkipReason, skipReasonLabel } from "@/components/practice/skip-labels";
import { getDb } from "@/db";
import { countSkippedByReason, listSkipped, type SkippedEntry } from "@/db/queries/dashboard";
import { readPracticeDay } from "@/db/queries/today";
import { param, parsePage, type SearchParams } from "@/lib/accounts/forms";
import { skipsByReason } from "@/lib/accounts/today";
import { requirePracticeSession } from "@/lib/auth/session";
import { now } from "@/lib/clock";
import type { ParsedPatient } from "@/lib/drchrono/types";
import { localDateTime } from "@/lib/greetings/dates";
import { classifyRecord } from "@/lib/greetings/eligibility";
import { SKIP_REASON_HINTS } from "@/lib/greetings/skip-reasons";
import { SKIP_REASONS } from "@/lib/greetings/types";

export const metadata: Metadata = { title: "Skipped patients" };

const PAGE_SIZE = 20;

export default async function SkippedPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const session = await requirePracticeSession();
  const params = await searchParams;
  const raw = param(params, "reason");
  const page = parsePage(params);
  const db = await getDb();
  const [counts, account] = await Promise.all([
    countSkippedByReason(db, session.accountId),
    loadAccount(session.accountId),
  ]);
  const today = localDateTime(now(), account?.timeZone ?? "UTC").date;
  const day = await readPracticeDay(db, session.accountId, today);
  const todaysSkips = Object.entries(skipsByReason(day.entries));
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  // Every reason that is counted is offered in the filter, in the core's order, then any this build does not know.
  const reasons = [
    ...SKIP_REASONS.filter((r) => counts[r]),
    ...Object.keys(counts).filter((r) => !isSkipReason(r)),
  ];
  const reason = raw !== undefined && reasons.includes(raw) ? raw : undefined;

  return (
    <>
      <h1>Skipped patients</h1>
      <p>
        Patients who cannot be greeted, and why — fix the chart in drchrono and the next daily run picks it
        up.
      </p>
      {todaysSkips.length > 0 && (
        <section className="panel" aria-labelledby="today-skips">
          <h2 id="today-skips">Skipped today</h2>
          <ul className="reason-list">
            {todaysSkips.map(([r, n]) => (
              <li key={r}>
                {skipReasonLabel(r)}: {n}
              </li>
            ))}
          </ul>
        </section>
      )}
      <form method="get" className="filters" aria-label="Filter by reason">
        <div>
          <label htmlFor="reason">Reason</label>
          <select id="reason" name="reason" defaultValue={reason ?? ""}>
            <option value="">Every reason ({total})</option>
            {reasons.map((r) => (
              <option key={r} value={r}>
                {skipReasonLabel(r)} ({counts[r]})
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Show</button>
      </form>
      {raw !== undefined && !reason && (
        <p className="error" role="alert">
          Nobody is skipped for that reason; showing every reason.
        </p>
      )}
      <Suspense key={`${reason}-${page}`} fallback={<ListSkeleton />}>
        <SkippedTable reason={reason} page={page} today={today} />
      </Suspense>
    </>
  );
}

/**
 * The staff-facing detail, computed from the fresh record (we keep only the reason). Reasons found on the day
 * (contacts, settings, unsubscribes) come from the decision on that date; the record alone cannot repeat them.
 */
function detailOf(
  entry: SkippedEntry,
  record: ParsedPatient | null | undefined,
  today: string,
): string | null {
  if (record === undefined) return null;
  if (record === null) return "The patient is no longer in drchrono.";
  if (!record.ok) return `The chart could not be read: ${record.problem}.`;
  if (entry.checkedOn !== null)
    return `Found on ${formatIsoDate(entry.checkedOn, false)}, when the chart was checked for the birthday.`;
  const skip = classifyRecord(record.patient, today).skip;
  return skip ? capitalise(skip.detail) : "The chart looks fine now; the next run will check again.";
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

async function SkippedTable({ reason, page, today }: { reason?: string; page: number; today: string }) {
  const session = await requirePracticeSession();
  const { rows, hasMore } = await listSkipped(
    await getDb(),
    session.accountId,
    { reason },
    { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
  );
  if (rows.length === 0)
    return (
      <p className="muted" role="status">
        {page > 1
          ? "No more skipped patients."
          : "No skipped patients: every chart read so far can be greeted. Charts are read from the first daily run after activation."}
      </p>
    );
  const { records, problem } = await livePatients(
    session.accountId,
    rows.map((r) => r.patientId),
  );
  return (
    <>
      {problem && <DrchronoProblem problem={problem} what="the details from each chart" />}
      <div className="table-wrap">
        <table className="stacked">
          <caption className="visually-hidden">Patients who cannot be greeted</caption>
          <thead>
            <tr>
              <th scope="col">Patient</th>
              <th scope="col">Reason</th>
              <th scope="col">In the chart now</th>
              <th scope="col">What to do</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const r = row.reason;
              return (
                <tr key={row.patientId}>
                  <td data-label="Patient">
                    <PatientCell id={row.patientId} record={records.get(row.patientId)} />
                  </td>
                  <td data-label="Reason">{skipReasonLabel(r)}</td>
                  <td data-label="In the chart now">
                    {detailOf(row, records.get(row.patientId), today) ?? (
                      <span className="muted">Not available</span>
                    )}
                  </td>
                  <td data-label="What to do">
                    {isSkipReason(r) ? SKIP_REASON_HINTS[r] : "Check the patient's chart in drchrono."}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <Pager
        page={page}
        hasMore={hasMore}
        label="Skipped pages"
        hrefFor={(p) =>
          `/dashboard/skipped?${new URLSearchParams({ ...(reason ? { reason } : {}), page: String(p) })}`
        }
      />
    </>
  );
}
