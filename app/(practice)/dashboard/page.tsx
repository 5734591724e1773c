import type { Metadata } from "next";
import Link from "next/link";
import { loadAccount } from "@/components/practice/account";
import { ActionForm } from "@/components/practice/action-form";
import { formatInstant, formatIsoDate } from "@/components/practice/format";
import { skipReasonLabel } from "@/components/practice/skip-labels";
import { getDb } from "@/db";
import { countBirthdays, latestRun } from "@/db/queries/dashboard";
import { describeAccountState } from "@/lib/accounts/state";
import { requirePracticeSession } from "@/lib/auth/session";
import { now } from "@/lib/clock";
import { getConfig } from "@/lib/env";
import { addDays, birthdaysOn, localDateTime } from "@/lib/greetings/dates";
import { setPausedAction } from "./actions";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const session = await requirePracticeSession();
  const db = await getDb();
  const account = await loadAccount(session.accountId);
  if (!account) return <p className="error">This account no longer exists. Please sign in again.</p>;
  const config = getConfig();
  const view = describeAccountState(account, { supportEmail: config.email.supportEmail });

  const today = localDateTime(now(), account.timeZone).date;
  const nextWeek = Array.from({ length: 7 }, (_, i) => addDays(today, i + 1));
  const [run, todayCounts, weekCounts] = await Promise.all([
    latestRun(db, account.id),
    countBirthdays(db, account.id, birthdaysOn(today)),
    countBirthdays(db, account.id, nextWeek.flatMap(birthdaysOn)),
  ]);
  const skipped = Object.entries(run?.skipped ?? {}).filter(([, n]) => n > 0);

  return (
    <>
      <h1>Overview</h1>
      <section className="panel" aria-labelledby="state-title">
        <div className="state-title">
          <h2 id="state-title">{view.title}</h2>
          <span className={`status ${view.tone}`}>{view.tone === "ok" ? "Sending" : "Not sending"}</span>
          <span className="status">{config.sandbox.any ? "Sandbox" : "Live"}</span>
        </div>
        <p>{view.explanation}</p>
        {config.sandbox.any && (
          <p className="muted">Sandbox: greetings go to the outbox, never to real patients.</p>
        )}
        {view.action && (
          <p>
            <Link className="button" href={view.action.href}>
              {view.action.label}
            </Link>
          </p>
        )}
      </section>

      <section aria-labelledby="birthdays-title">
        <h2 id="birthdays-title">Birthdays</h2>
        <div className="stats">
          <p className="stat">
            <strong>{todayCounts.toGreet}</strong> to greet today ({formatIsoDate(today)})
            <span className="muted"> · {todayCounts.total} birthdays in all</span>
          </p>
          <p className="stat">
            <strong>{weekCounts.toGreet}</strong> to greet in the next 7 days
            <span className="muted"> · {weekCounts.total} birthdays in all</span>
          </p>
        </div>
        <p>
          <Link href="/dashboard/upcoming">See upcoming birthdays</Link> ·{" "}
          <Link href="/dashboard/skipped">See who cannot be greeted</Link>
        </p>
      </section>

      <section aria-labelledby="run-title">
        <h2 id="run-title">Last run</h2>
        {run ? (
          <div className="panel">
            <p>
              {formatIsoDate(run.localDate)} — started {formatInstant(run.startedAt, account.timeZone)}
              {run.finishedAt ? "" : " (still running)"}
            </p>
            <div className="stats">
              <p className="stat">
                <strong>{run.greeted}</strong> greeted
              </p>
              <p className="stat">
                <strong>{skipped.reduce((sum, [, n]) => sum + n, 0)}</strong> skipped
              </p>
              <p className="stat">
                <strong>{run.failed}</strong> failed
              </p>
              {run.deferred > 0 && (
                <p className="stat">
                  <strong>{run.deferred}</strong> waiting for sending hours
                </p>
              )}
            </div>
            {skipped.length > 0 && (
              <>
                <h3>Skipped, by reason</h3>
                <ul className="reason-list">
                  {skipped.map(([reason, n]) => (
                    <li key={reason}>
                      {skipReasonLabel(reason)}: {n}
                    </li>
                  ))}
                </ul>
              </>
            )}
            {run.error && <p className="error">The run stopped early: {run.error}</p>}
          </div>
        ) : (
          <p className="muted">
            No run yet. The first daily run happens after support activates your account.
          </p>
        )}
      </section>

      <section id="pause" aria-labelledby="pause-title">
        <h2 id="pause-title">Pause or resume</h2>
        {account.activation === "deactivated" ? (
          <p>
            Support has deactivated this account, so greetings cannot be paused or resumed here.{" "}
            <a href={`mailto:${config.email.supportEmail}`}>Contact support</a>.
          </p>
        ) : account.paused ? (
          <>
            <p>Greetings are paused. Resuming takes effect from the next daily run.</p>
            <ActionForm action={setPausedAction} submitLabel="Resume greetings" pendingLabel="Resuming…">
              <input type="hidden" name="paused" value="false" />
            </ActionForm>
          </>
        ) : (
          <>
            <p>Pausing takes effect for the very next run; nothing is sent until you resume.</p>
            <ActionForm
              action={setPausedAction}
              submitLabel="Pause greetings"
              pendingLabel="Pausing…"
              buttonClassName="secondary"
            >
              <input type="hidden" name="paused" value="true" />
            </ActionForm>
          </>
        )}
      </section>
    </>
  );
}
