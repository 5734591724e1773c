import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { loadAccount } from "@/components/practice/account";
import { live, livePatients } from "@/components/practice/drchrono";
import { DrchronoProblem } from "@/components/practice/drchrono-problem";
import {
  formatInstant,
  formatMonthDay,
  patientDisplayName,
  patientFullName,
} from "@/components/practice/format";
import { OptOutForm } from "@/components/practice/opt-out-form";
import { Pager } from "@/components/practice/pager";
import { PatientCell } from "@/components/practice/patient-cell";
import { ListSkeleton } from "@/components/practice/skeleton";
import { getDb } from "@/db";
import { type GreetingSummary, greetingStatusFor } from "@/db/queries/history";
import { listOptOuts, optOutFlagsFor } from "@/db/queries/opt-outs";
import {
  param,
  parsePage,
  patientNameQuery,
  type SearchParams,
  safePatientCursor,
} from "@/lib/accounts/forms";
import { requirePracticeSession } from "@/lib/auth/session";
import { now } from "@/lib/clock";
import { greetedThisYear } from "@/lib/delivery/describe";
import type { ParsedPatient } from "@/lib/drchrono/types";
import { getConfig } from "@/lib/env";
import { localDateTime, parseCalendarDate } from "@/lib/greetings/dates";
import type { OptOutFlags, PatientRecord } from "@/lib/greetings/types";
import { setOptOutAction } from "../actions";

export const metadata: Metadata = { title: "Patients" };

const PAGE_SIZE = 25;
const OPTED_OUT_PAGE = 20;
const SOURCE_LABELS = {
  staff: "Opted out by staff",
  email_unsubscribe: "Unsubscribed by e-mail link",
  sms_stop: "Replied STOP to a text",
} as const;

export default async function PatientsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePracticeSession();
  const params = await searchParams;
  const name = param(params, "name")?.slice(0, 100);
  const cursor = safePatientCursor(param(params, "cursor"), getConfig().drchrono.baseUrl);
  const optedOutPage = parsePage({ page: param(params, "outPage") });
  return (
    <>
      <h1>Patients</h1>
      <search>
        <form method="get" className="filters" aria-label="Find a patient">
          <div>
            <label htmlFor="name">Name</label>
            <input
              id="name"
              name="name"
              type="search"
              defaultValue={name}
              maxLength={100}
              aria-describedby="name-hint"
            />
          </div>
          <button type="submit">Search drchrono</button>
        </form>
      </search>
      <p id="name-hint" className="muted">
        A last name (“Smith”), a first and last name (“Ann Smith”), or “Smith, Ann”; the start of a name is
        enough.
      </p>
      {name ? (
        <Suspense key={`${name}-${cursor ?? ""}`} fallback={<ListSkeleton label="Searching drchrono…" />}>
          <SearchResults name={name} cursor={cursor} />
        </Suspense>
      ) : (
        <p className="muted">
          Search for a patient to see their birthday, this year’s greeting and to opt them out.
        </p>
      )}
      <section aria-labelledby="opted-out-title">
        <h2 id="opted-out-title">Opted out</h2>
        <Suspense key={optedOutPage} fallback={<ListSkeleton />}>
          <OptedOutList page={optedOutPage} />
        </Suspense>
      </section>
    </>
  );
}

function birthdayText(dateOfBirth: string | null): string {
  const date = parseCalendarDate(dateOfBirth);
  if (date) return `${formatMonthDay(date.month, date.day)}, ${date.year}`;
  return dateOfBirth ? `“${dateOfBirth.slice(0, 40)}” (not a real date)` : "No birth date on file";
}

function statusText(flags: OptOutFlags | undefined, greeting: GreetingSummary | undefined): string {
  if (flags?.staff) return "Opted out by staff";
  const status = greeting?.status;
  if (status === "sent") return greetedThisYear(greeting?.delivered ?? []);
  if (status === "pending") return "Being sent";
  if (status === "failed") return "Sending failed; retried later today";
  if (flags?.emailUnsubscribed && flags.smsStopped) return "Unsubscribed and replied STOP";
  if (flags?.emailUnsubscribed) return "Unsubscribed from e-mail";
  if (flags?.smsStopped) return "Replied STOP to texts";
  return "Not greeted yet this year";
}

async function SearchResults({ name, cursor }: { name: string; cursor: string | undefined }) {
  const session = await requirePracticeSession();
  const db = await getDb();
  const result = await live(session.accountId, (api) =>
    api.patientPage({ ...patientNameQuery(name), pageSize: PAGE_SIZE }, cursor),
  );
  if (!result.ok) return <DrchronoProblem problem={result.problem} what="the search" />;
  const patients: PatientRecord[] = result.value.results.flatMap((r) => (r.ok ? [r.patient] : []));
  const unreadable = result.value.results.length - patients.length;
  if (patients.length === 0)
    return (
      <p role="status">
        No patient in drchrono matches “{name}”.{" "}
        {unreadable > 0 && `(${unreadable} record${unreadable === 1 ? "" : "s"} could not be read.)`}
      </p>
    );
  const account = await loadAccount(session.accountId);
  const year = localDateTime(now(), account?.timeZone ?? "UTC").year;
  const ids = patients.map((p) => p.id);
  const [flags, statuses] = await Promise.all([
    optOutFlagsFor(db, session.accountId, ids),
    greetingStatusFor(db, session.accountId, ids, year),
  ]);
  const link = (target: string) => `/dashboard/patients?${new URLSearchParams({ name, cursor: target })}`;
  return (
    <>
      <div className="table-wrap">
        <table className="stacked">
          <caption>Patients matching “{name}”</caption>
          <thead>
            <tr>
              <th scope="col">Patient</th>
              <th scope="col">Birthday</th>
              <th scope="col">Greeting in {year}</th>
              <th scope="col">Opt-out</th>
            </tr>
          </thead>
          <tbody>
            {patients.map((p) => (
              <tr key={p.id}>
                <td data-label="Patient">
                  {patientDisplayName(p)} <span className="muted">#{p.id}</span>
                </td>
                <td data-label="Birthday">{birthdayText(p.dateOfBirth)}</td>
                <td data-label={`Greeting in ${year}`}>{statusText(flags.get(p.id), statuses.get(p.id))}</td>
                <td data-label="Opt-out">
                  <OptOutForm
                    action={setOptOutAction}
                    patientId={p.id}
                    patientLabel={patientDisplayName(p)}
                    patientName={patientFullName(p)}
                    optedOut={flags.get(p.id)?.staff ?? false}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {unreadable > 0 && (
        <p className="muted">
          {unreadable} record{unreadable === 1 ? "" : "s"} on this page could not be read and{" "}
          {unreadable === 1 ? "is" : "are"} not shown.
        </p>
      )}
      {(result.value.previous || result.value.next) && (
        <nav aria-label="Search result pages" className="pager">
          {result.value.previous ? <Link href={link(result.value.previous)}>← Previous page</Link> : <span />}
          {result.value.next ? <Link href={link(result.value.next)}>Next page →</Link> : <span />}
        </nav>
      )}
    </>
  );
}

async function OptedOutList({ page }: { page: number }) {
  const session = await requirePracticeSession();
  const db = await getDb();
  const all = await listOptOuts(db, session.accountId);
  if (all.length === 0) return <p className="muted">No patient is opted out.</p>;
  if ((page - 1) * OPTED_OUT_PAGE >= all.length) return <p className="muted">No more opted-out patients.</p>;
  const shown = all.slice((page - 1) * OPTED_OUT_PAGE, page * OPTED_OUT_PAGE);
  const [{ records, problem }, account] = await Promise.all([
    livePatients(
      session.accountId,
      shown.map((o) => o.patientId),
    ),
    loadAccount(session.accountId),
  ]);
  return (
    <>
      {problem && <DrchronoProblem problem={problem} what="patient names" />}
      <div className="table-wrap">
        <table className="stacked">
          <caption className="visually-hidden">Patients who are not greeted, and by what route</caption>
          <thead>
            <tr>
              <th scope="col">Patient</th>
              <th scope="col">Route</th>
              <th scope="col">Since</th>
              <th scope="col">Reason</th>
              <th scope="col">Undo</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((o) => (
              <tr key={`${o.patientId}-${o.source}`}>
                <td data-label="Patient">
                  <PatientCell id={o.patientId} record={records.get(o.patientId)} />
                </td>
                <td data-label="Route">{SOURCE_LABELS[o.source]}</td>
                <td data-label="Since">{formatInstant(o.createdAt, account?.timeZone ?? "UTC")}</td>
                <td data-label="Reason">{o.reason ?? <span className="muted">—</span>}</td>
                <td data-label="Undo">
                  {o.source === "staff" ? (
                    <OptOutForm
                      action={setOptOutAction}
                      patientId={o.patientId}
                      patientLabel={optedOutLabel(o.patientId, records.get(o.patientId))}
                      patientName={optedOutName(records.get(o.patientId))}
                      optedOut
                    />
                  ) : (
                    <span className="muted">Only the patient can undo this</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">{all.length} opted out in all, most recent first.</p>
      <Pager
        page={page}
        hasMore={all.length > page * OPTED_OUT_PAGE}
        label="Opted-out pages"
        hrefFor={(p) => `/dashboard/patients?outPage=${p}#opted-out-title`}
      />
    </>
  );
}

/** The opted-out list keeps no names: they come from drchrono live, and the id stands in when it did not answer. */
function optedOutLabel(patientId: number, record: ParsedPatient | null | undefined): string {
  return record?.ok ? patientDisplayName(record.patient) : `patient #${patientId}`;
}

function optedOutName(record: ParsedPatient | null | undefined): string | null {
  return record?.ok ? patientFullName(record.patient) : null;
}
