import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db";
import { listAccountsForAdmin } from "@/db/queries/admin";
import { describeAccountState } from "@/lib/accounts/state";
import { formatSkipped, formatUtc } from "@/lib/admin/format";
import { requireAdminSession } from "@/lib/admin/session";
import { now } from "@/lib/clock";

export const metadata: Metadata = { title: "Accounts · Support" };

export default async function AdminAccountsPage({
  searchParams,
}: {
  searchParams: Promise<{ filter?: string | string[] }>;
}) {
  await requireAdminSession();
  const { filter } = await searchParams;
  const awaiting = filter === "awaiting";
  const rows = await listAccountsForAdmin(await getDb(), { awaitingActivation: awaiting, now: now() });
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
          <table>
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
                <th scope="col">Last run</th>
                <th scope="col">Failures (7 days)</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ account, lastRun, recentFailures }) => {
                const state = describeAccountState(account);
                return (
                  <tr key={account.id}>
                    <th scope="row">
                      <Link href={`/admin/accounts/${account.id}`}>{account.practiceName}</Link>
                    </th>
                    <td>
                      <span className={`status ${state.tone}`}>{state.title}</span>
                    </td>
                    <td>
                      {account.contactName ?? <span className="muted">No contact yet</span>}
                      {account.contactEmail ? <div>{account.contactEmail}</div> : null}
                      {account.contactPhone ? <div>{account.contactPhone}</div> : null}
                    </td>
                    <td>{formatUtc(account.activationRequestedAt)}</td>
                    <td>
                      {lastRun ? (
                        <>
                          {formatUtc(lastRun.startedAt)}
                          <div className="muted">
                            {lastRun.greeted} greeted, {lastRun.failed} failed
                            {lastRun.error ? ", stopped with an error" : ""}
                          </div>
                          <div className="muted">Skipped: {formatSkipped(lastRun.skipped)}</div>
                        </>
                      ) : (
                        <span className="muted">Never</span>
                      )}
                    </td>
                    <td>{recentFailures > 0 ? <span className="status bad">{recentFailures}</span> : "0"}</td>
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
