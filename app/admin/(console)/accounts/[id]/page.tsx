import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db";
import {
  getAccountForAdmin,
  listRecentFailures,
  listRecentRuns,
  userNamesForAccount,
} from "@/db/queries/admin";
import { listAuditForAccount } from "@/db/queries/audit";
import { EMAIL_PAUSED_ACTION, EMAIL_RESUMED_ACTION, emailCounts } from "@/db/queries/delivery";
import { readPracticeDay } from "@/db/queries/today";
import { describeAccountForSupport, describeActor } from "@/lib/admin/account-state";
import { accountIdSchema } from "@/lib/admin/actions";
import { describeDay } from "@/lib/admin/day";
import { formatSkipped, formatUtc } from "@/lib/admin/format";
import { requireAdminSession } from "@/lib/admin/session";
import { now } from "@/lib/clock";
import { describeSenderRates, HEALTH_WINDOW_DAYS, healthWindowStart } from "@/lib/delivery/health";
import { localDateTime } from "@/lib/greetings/dates";
import { ActivationControls, DryRun, ResumeEmail } from "./forms";

export const metadata: Metadata = { title: "Account · Support" };

function describeAudit(action: string, detail: Record<string, unknown>): string {
  const text = (key: string) => (typeof detail[key] === "string" ? (detail[key] as string) : null);
  switch (action) {
    case "activation_requested":
      return `Activation requested by ${text("contactName") ?? "—"} (${text("contactEmail") ?? "no e-mail"})`;
    case "account.activated":
      return `Activated. How the practice was contacted: ${text("note") ?? "—"}`;
    case "account.deactivated":
      return `Deactivated. Reason: ${text("reason") ?? "—"}`;
    case EMAIL_PAUSED_ACTION:
      return `E-mail paused by sender health: ${text("reason") ?? "—"}`;
    case EMAIL_RESUMED_ACTION:
      return `E-mail resumed after review: ${text("note") ?? "—"}`;
    default: {
      // Other areas' entries (sign-ins, settings, opt-outs): the action in words and which details it holds.
      const words = action.replaceAll(/[._]/g, " ");
      const keys = Object.keys(detail);
      return keys.length > 0 ? `${words} (${keys.join(", ")})` : words;
    }
  }
}

export default async function AdminAccountPage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdminSession();
  const { id } = await params;
  const accountId = accountIdSchema.safeParse(id);
  if (!accountId.success) notFound();
  const db = await getDb();
  const account = await getAccountForAdmin(db, accountId.data);
  if (!account) notFound();
  const today = localDateTime(now(), account.timeZone).date;
  const [runs, failures, audit, userNames, day, emails] = await Promise.all([
    listRecentRuns(db, account.id),
    listRecentFailures(db, account.id),
    listAuditForAccount(db, account.id),
    userNamesForAccount(db, account.id),
    readPracticeDay(db, account.id, today),
    emailCounts(db, account.id, healthWindowStart(now())),
  ]);
  const state = describeAccountForSupport(account);
  const canActivate = account.activation === "requested" || account.activation === "deactivated";
  const canDeactivate = account.activation !== "deactivated";

  return (
    <main id="main">
      <p>
        <Link href="/admin">← All accounts</Link>
      </p>
      <h1>{account.practiceName}</h1>
      <p>
        <span className={`status ${state.tone}`}>{state.title}</span> <span>{state.explanation}</span>
      </p>

      <section aria-labelledby="details-heading">
        <h2 id="details-heading">Details</h2>
        <dl className="panel">
          <dt>drchrono practice group</dt>
          <dd>{account.practiceGroupId}</dd>
          <dt>Contact</dt>
          <dd>
            {[account.contactName, account.contactEmail, account.contactPhone].filter(Boolean).join(" · ") ||
              "Not given yet"}
          </dd>
          <dt>Activation requested</dt>
          <dd>
            {account.activationRequestedAt
              ? `${formatUtc(account.activationRequestedAt)} by ${account.activationRequestedBy ?? "unknown"}`
              : "Not requested"}
          </dd>
          <dt>Activated</dt>
          <dd>
            {account.activatedAt
              ? `${formatUtc(account.activatedAt)} by ${account.activatedBy ?? "unknown"}: ${account.activationNote ?? ""}`
              : "Never"}
          </dd>
          <dt>Paused by the practice</dt>
          <dd>{account.paused ? "Yes" : "No"}</dd>
          <dt>drchrono access</dt>
          <dd>
            {account.authStatus === "ok" ? "Working" : account.authStatus.replaceAll("_", " ")}; scopes:{" "}
            {account.grantedScopes.length > 0 ? account.grantedScopes.join(", ") : "none"}
          </dd>
          <dt>Time zone and channels</dt>
          <dd>
            {account.timeZone}; {account.channelMode.replaceAll("_", " ")}
          </dd>
          <dt>Last patient sync</dt>
          <dd>{formatUtc(account.lastSyncAt)}</dd>
        </dl>
      </section>

      <section aria-labelledby="activation-heading">
        <h2 id="activation-heading">Activation</h2>
        {account.activation === "not_requested" ? (
          <p className="notice">
            The practice has not requested activation yet. It can be activated once it has acknowledged what
            automation cannot know and confirmed its contact details.
          </p>
        ) : null}
        <ActivationControls accountId={account.id} canActivate={canActivate} canDeactivate={canDeactivate} />
      </section>

      <section aria-labelledby="email-health-heading">
        <h2 id="email-health-heading">E-mail delivery, last {HEALTH_WINDOW_DAYS} days</h2>
        <p id="admin-email-rates">{describeSenderRates(emails)}</p>
        {account.emailPausedAt ? (
          <p className="notice" id="admin-email-paused">
            E-mail greetings paused since {formatUtc(account.emailPausedAt)}:{" "}
            {account.emailPausedReason ?? "bounce or complaint rate over the limit"}. Review the addresses
            with the practice, then resume; rates are counted afresh from then.
          </p>
        ) : (
          <p className="muted">E-mail greetings are not paused.</p>
        )}
        <ResumeEmail accountId={account.id} paused={account.emailPausedAt !== null} />
      </section>

      <section aria-labelledby="today-heading">
        <h2 id="today-heading">Today ({today}, practice time)</h2>
        <p id="admin-today-summary">{describeDay(day.counts, account.lastSyncAt !== null)}</p>
        <p className="muted">
          The same counts as the practice's overview: every birthday today once, added up over all of today's
          runs.
        </p>
      </section>

      <section aria-labelledby="dry-run-section">
        <h2 id="dry-run-section">Dry run</h2>
        <p>
          See who a run now would greet and skip for this practice, taking today's sends into account. Nothing
          is sent. It works before activation too, as long as drchrono access works.
        </p>
        {/* Keyed by the account's state: a result from before an activation or a pause does not linger. */}
        <DryRun
          key={`${account.activation}-${account.paused}-${account.authStatus}`}
          accountId={account.id}
        />
      </section>

      <section aria-labelledby="runs-heading">
        <h2 id="runs-heading">Recent runs</h2>
        {runs.length === 0 ? (
          <p className="muted">No runs yet.</p>
        ) : (
          <div className="table-wrap">
            <table className="stacked">
              <thead>
                <tr>
                  <th scope="col">Started</th>
                  <th scope="col">Local date</th>
                  <th scope="col">Trigger</th>
                  <th scope="col">Greeted</th>
                  <th scope="col">Failed</th>
                  <th scope="col">Skipped</th>
                  <th scope="col">Error</th>
                </tr>
              </thead>
              <tbody>
                {runs.map((run) => (
                  <tr key={run.id}>
                    <td data-label="Started">{formatUtc(run.startedAt)}</td>
                    <td data-label="Local date">{run.localDate}</td>
                    <td data-label="Trigger">
                      {run.trigger}
                      {run.dryRun ? " (dry run)" : ""}
                    </td>
                    <td data-label="Greeted">{run.greeted}</td>
                    <td data-label="Failed">{run.failed}</td>
                    <td data-label="Skipped">{formatSkipped(run.skipped)}</td>
                    <td data-label="Error">{run.error ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="failures-heading">
        <h2 id="failures-heading">Failed greetings</h2>
        {failures.length === 0 ? (
          <p className="muted">No failed greetings.</p>
        ) : (
          <div className="table-wrap">
            <table className="stacked">
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Patient id</th>
                  <th scope="col">Channel</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">Provider error</th>
                </tr>
              </thead>
              <tbody>
                {failures.map((f) => (
                  <tr key={`${f.patientId}-${f.channel}-${f.localDate}`}>
                    <td data-label="Date">{f.localDate}</td>
                    <td data-label="Patient id">{f.patientId}</td>
                    <td data-label="Channel">{f.channel === "sms" ? "SMS" : "E-mail"}</td>
                    <td data-label="Attempts">{f.attempts}</td>
                    <td data-label="Provider error">{f.error ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="audit-heading">
        <h2 id="audit-heading">Audit trail</h2>
        {audit.length === 0 ? (
          <p className="muted">Nothing recorded yet.</p>
        ) : (
          <div className="table-wrap">
            <table className="stacked">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">What</th>
                </tr>
              </thead>
              <tbody>
                {audit.map((entry) => (
                  <tr key={entry.id}>
                    <td data-label="When">{formatUtc(entry.createdAt)}</td>
                    <td data-label="Who">{describeActor(entry.actor, userNames)}</td>
                    <td data-label="What">{describeAudit(entry.action, entry.detail)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </main>
  );
}
