import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db";
import { listAccountsForAdmin } from "@/db/queries/admin";
import { emailCountsByAccount } from "@/db/queries/delivery";
import { readPracticeDay } from "@/db/queries/today";
import { describeAccountForSupport } from "@/lib/admin/account-state";
import { describeDay } from "@/lib/admin/day";
import { formatUtc } from "@/lib/admin/format";
import { requireAdminSession } from "@/lib/admin/session";
import { now } from "@/lib/clock";
import { describeSenderRates, HEALTH_WINDOW_DAYS, healthWindowStart } from "@/lib/delivery/health";
import { localDateTime } from "@/lib/greetings/dates";

export const metadata: Metadata = { title: "Accounts · Support" };

export default async function AdminAccountsPage({
  searchParams,
}: {
  searchParams: Promise<{ filter?: string | string[] }>;
}) {
  await requireAdminSession();
  const { filter } = await searchParams;
  const awaiting = filter === "awaiting";
  const db = await getDb();
  const clock = now();
  const rows = await listAccountsForAdmin(db, { awaitingActivation: awaiting, now: clock });
  // Each practice's day in its own time zone: the same counts its overview shows, summed over today's runs.
  const [days, emails] = await Promise.all([
    Promise.all(
      rows.map(({ account }) => readPracticeDay(db, account.id, localDateTime(clock, account.timeZone).date)),
    ),
    emailCountsByAccount(db, healthWindowStart(clock)),
  ]);
  const noEmail = { sent: 0, delivered: 0, bounced: 0, complained: 0 };
  return (
    <main id="main">
      <h1>{awaiting ? "Accounts awaiting activation" : "Accounts"}</h1>
      <nav aria-label="Filter accounts">
        <ul className="filters" style={{ listStyle: "none", padding: 0 }}>
          <li>
            <Link href="/admin" aria-current={awaiting ? undefined : "page"}>
              All accounts
            </Link>
          </li>
          <li>
            <Link href="/admin?filter=awaiting" aria-current={awaiting ? "page" : undefined}>
              Awaiting activation
            </Link>
          </li>
        </ul>
      </nav>
      {rows.length === 0 ? (
        <p className="notice" role="status">
          {awaiting
            ? "No accounts are awaiting activation. New requests also arrive by e-mail."
            : "No practice has signed in yet."}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="stacked">
            <caption className="muted" style={{ textAlign: "left" }}>
              {rows.length} {rows.length === 1 ? "account" : "accounts"}
              {awaiting ? ", longest waiting first" : ""}
            </caption>
            <thead>
              <tr>
                <th scope="col">Practice</th>
                <th scope="col">State</th>
                <th scope="col">Contact</th>
                <th scope="col">Activation requested</th>
                <th scope="col">Today</th>
                <th scope="col">Failures (7 days)</th>
                <th scope="col">E-mail ({HEALTH_WINDOW_DAYS} days)</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ account, lastRun, recentFailures }, i) => {
                const state = describeAccountForSupport(account);
                const day = days[i];
                return (
                  <tr key={account.id}>
                    <th scope="row">
                      <Link href={`/admin/accounts/${account.id}`}>{account.practiceName}</Link>
                    </th>
                    <td data-label="State">
                      <span className={`status ${state.tone}`}>{state.title}</span>
                    </td>
                    <td data-label="Contact">
                      {account.contactName ?? <span className="muted">No contact yet</span>}
                      {account.contactEmail ? <div>{account.contactEmail}</div> : null}
                      {account.contactPhone ? <div>{account.contactPhone}</div> : null}
                    </td>
                    <td data-label="Activation requested">{formatUtc(account.activationRequestedAt)}</td>
                    <td data-label="Today">
                      {day ? describeDay(day.counts, account.lastSyncAt !== null) : null}
                      <div className="muted">
                        {lastRun
                          ? `Last run ${formatUtc(lastRun.startedAt)}${lastRun.error ? ", stopped with an error" : ""}`
                          : "No run yet"}
                      </div>
                    </td>
                    <td data-label="Failures (7 days)">
                      {recentFailures > 0 ? <span className="status bad">{recentFailures}</span> : "0"}
                    </td>
                    <td data-label={`E-mail (${HEALTH_WINDOW_DAYS} days)`}>
                      {account.emailPausedAt ? <span className="status bad">E-mail paused</span> : null}
                      <div>{describeSenderRates(emails.get(account.id) ?? noEmail)}</div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}
