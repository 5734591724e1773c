import type { Metadata } from "next";
import { Suspense } from "react";
import { loadAccount } from "@/components/practice/account";
import { livePatients } from "@/components/practice/drchrono";
import { DrchronoProblem } from "@/components/practice/drchrono-problem";
import { formatInstant, formatIsoDate } from "@/components/practice/format";
import { Pager } from "@/components/practice/pager";
import { PatientCell } from "@/components/practice/patient-cell";
import { ListSkeleton } from "@/components/practice/skeleton";
import { getDb } from "@/db";
import { listHistory } from "@/db/queries/history";
import {
  type HistoryFilters,
  historyQuery,
  parseHistoryFilters,
  type SearchParams,
} from "@/lib/accounts/forms";
import { requirePracticeSession } from "@/lib/auth/session";
import { describeGreeting } from "@/lib/delivery/describe";

export const metadata: Metadata = { title: "History" };

const PAGE_SIZE = 25;

export default async function HistoryPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePracticeSession();
  const { filters, page, problems } = parseHistoryFilters(await searchParams);
  return (
    <>
      <h1>History</h1>
      <p>Every greeting your practice sent or tried to send, newest first.</p>
      <form method="get" className="filters" aria-label="Filter the history">
        <div>
          <label htmlFor="from">From</label>
          <input id="from" name="from" type="date" defaultValue={filters.from} />
        </div>
        <div>
          <label htmlFor="to">To</label>
          <input id="to" name="to" type="date" defaultValue={filters.to} />
        </div>
        <div>
          <label htmlFor="channel">Channel</label>
          <select id="channel" name="channel" defaultValue={filters.channel ?? ""}>
            <option value="">All channels</option>
            <option value="email">E-mail</option>
            <option value="sms">Text message</option>
          </select>
        </div>
        <div>
          <label htmlFor="status">Status</label>
          <select id="status" name="status" defaultValue={filters.status ?? ""}>
            <option value="">Every status</option>
            <option value="sent">Sent</option>
            <option value="pending">Sending</option>
            <option value="failed">Failed</option>
          </select>
        </div>
        <button type="submit">Show</button>
        <a className="button secondary" href={`/dashboard/history/export${historyQuery(filters)}`} download>
          Download CSV
        </a>
      </form>
      {problems.length > 0 && (
        <ul className="error" role="alert">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <Suspense key={historyQuery(filters, page)} fallback={<ListSkeleton />}>
        <HistoryTable filters={filters} page={page} />
      </Suspense>
    </>
  );
}

async function HistoryTable({ filters, page }: { filters: HistoryFilters; page: number }) {
  const session = await requirePracticeSession();
  const db = await getDb();
  const [account, { rows, hasMore }] = await Promise.all([
    loadAccount(session.accountId),
    listHistory(db, session.accountId, filters, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
  ]);
  const timeZone = account?.timeZone ?? "UTC";
  if (rows.length === 0) {
    const filtered = Object.keys(filters).length > 0;
    return (
      <p className="muted" role="status">
        {filtered
          ? "No greetings match these filters."
          : page > 1
            ? "No more greetings."
            : "No greetings yet. They appear here from the first daily run after activation."}
      </p>
    );
  }
  const { records, problem } = await livePatients(
    session.accountId,
    rows.map((r) => r.patientId),
  );
  return (
    <>
      {problem && <DrchronoProblem problem={problem} what="patient names" />}
      <div className="table-wrap">
        <table className="stacked">
          <caption className="visually-hidden">Greetings, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Patient</th>
              <th scope="col">Channel</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const outcome = describeGreeting(row);
              // The time the status last changed: delivered or bounced at, else when the provider took it.
              const at = outcome.label === "Sent" ? row.sentAt : (row.deliveryStatusAt ?? row.sentAt);
              return (
                <tr key={row.id}>
                  <td data-label="Date">{formatIsoDate(row.localDate, false)}</td>
                  <td data-label="Patient">
                    <PatientCell id={row.patientId} record={records.get(row.patientId)} />
                  </td>
                  <td data-label="Channel">{row.channel === "email" ? "E-mail" : "Text message"}</td>
                  <td data-label="Status">
                    <span className={`status ${outcome.tone}`}>{outcome.label}</span>
                    {at && row.status === "sent" && (
                      <span className="muted"> {formatInstant(at, timeZone)}</span>
                    )}
                    {outcome.reason && <div className="muted">{outcome.reason}</div>}
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
        label="History pages"
        hrefFor={(p) => `/dashboard/history${historyQuery(filters, p)}`}
      />
    </>
  );
}
