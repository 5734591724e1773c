import type { Metadata } from "next";
import { Suspense } from "react";
import { loadAccount } from "@/components/practice/account";
import { livePatients } from "@/components/practice/drchrono";
import { DrchronoProblem } from "@/components/practice/drchrono-problem";
import { Pager } from "@/components/practice/pager";
import { PatientCell } from "@/components/practice/patient-cell";
import { ListSkeleton } from "@/components/practice/skeleton";
import { isSkipReason, skipReasonLabel } from "@/components/practice/skip-labels";
import { getDb } from "@/db";
import { countSkippedByReason, latestRun, listSkipped } from "@/db/queries/dashboard";
import { param, parsePage, type SearchParams } from "@/lib/accounts/forms";
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
  const reason = isSkipReason(raw) ? raw : undefined;
  const page = parsePage(params);
  const db = await getDb();
  const [counts, run, account] = await Promise.all([
    countSkippedByReason(db, session.accountId),
    latestRun(db, session.accountId),
    loadAccount(session.accountId),
  ]);
  const today = localDateTime(now(), account?.timeZone ?? "UTC").date;
  const todaysSkips = run?.localDate === today ? Object.entries(run.skipped).filter(([, n]) => n > 0) : [];
  const total = Object.values(counts).reduce((a, b) => a + b, 0);

  return (
    <>
      <h1>Skipped patients</h1>
      <p>
        Patients who cannot be greeted, and why — fix the chart in drchrono and the next daily run picks it
        up.
      </p>
      {todaysSkips.length > 0 && (
        <section className="panel" aria-labelledby="today-skips">
          <h2 id="today-skips">Skipped in today’s run</h2>
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
            {SKIP_REASONS.filter((r) => counts[r]).map((r) => (
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
          Unknown reason; showing every reason.
        </p>
      )}
      <Suspense key={`${reason}-${page}`} fallback={<ListSkeleton />}>
        <SkippedTable reason={reason} page={page} today={today} />
      </Suspense>
    </>
  );
}

/** The staff-facing detail, computed from the fresh record (the index keeps only the reason). */
function detailOf(record: ParsedPatient | null | undefined, today: string): string | null {
  if (record === undefined) return null;
  if (record === null) return "The patient is no longer in drchrono.";
  if (!record.ok) return `The chart could not be read: ${record.problem}.`;
  const skip = classifyRecord(record.patient, today).skip;
  return skip ? capitalise(skip.detail) : "The chart looks fine now; the next daily run will check again.";
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
        <table>
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
              const r = row.skipReason ?? "";
              return (
                <tr key={row.patientId}>
                  <td>
                    <PatientCell id={row.patientId} record={records.get(row.patientId)} />
                  </td>
                  <td>{skipReasonLabel(r)}</td>
                  <td>
                    {detailOf(records.get(row.patientId), today) ?? (
                      <span className="muted">Not available</span>
                    )}
                  </td>
                  <td>{isSkipReason(r) ? SKIP_REASON_HINTS[r] : ""}</td>
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
