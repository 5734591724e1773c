import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { loadAccount } from "@/components/practice/account";
import { ActionForm } from "@/components/practice/action-form";
import { formatInstant, formatIsoDate } from "@/components/practice/format";
import { ListSkeleton } from "@/components/practice/skeleton";
import { TodayList } from "@/components/practice/today-list";
import { getDb } from "@/db";
import { countBirthdays } from "@/db/queries/dashboard";
import { emailCounts } from "@/db/queries/delivery";
import { readPracticeDay } from "@/db/queries/today";
import { parsePage, type SearchParams } from "@/lib/accounts/forms";
import { accountStateOf, describeAccountState } from "@/lib/accounts/state";
import { type DayCounts, nextRunAt } from "@/lib/accounts/today";
import { requirePracticeSession } from "@/lib/auth/session";
import { now } from "@/lib/clock";
import { describeSenderRates, HEALTH_WINDOW_DAYS, healthWindowStart } from "@/lib/delivery/health";
import { getConfig } from "@/lib/env";
import { addDays, birthdaysOn, localDateTime } from "@/lib/greetings/dates";
import { setPausedAction } from "./actions";

export const metadata: Metadata = { title: "Overview" };

/** "12 greeted, 4 waiting, 5 skipped, 1 opted out" — only the states that occur, in a fixed order. */
function daySummary(counts: DayCounts): string {
  const parts = [
    [counts.greeted, "greeted"],
    [counts.waiting, "waiting"],
    [counts.skipped, "skipped"],
    [counts.optedOut, "opted out"],
    [counts.failed, "failed"],
  ] as const;
  return parts
    .filter(([n]) => n > 0)
    .map(([n, label]) => `${n} ${label}`)
    .join(", ");
}

export default async function OverviewPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const session = await requirePracticeSession();
  const page = parsePage(await searchParams);
  const db = await getDb();
  const account = await loadAccount(session.accountId);
  if (!account) return <p className="error">This account no longer exists. Please sign in again.</p>;
  const config = getConfig();
  const view = describeAccountState(account, { supportEmail: config.email.supportEmail });
  const accountState = accountStateOf(account);

  const clock = now();
  const today = localDateTime(clock, account.timeZone).date;
  const nextWeek = Array.from({ length: 7 }, (_, i) => addDays(today, i + 1));
  const [day, weekCounts, emails] = await Promise.all([
    readPracticeDay(db, account.id, today),
    countBirthdays(db, account.id, nextWeek.flatMap(birthdaysOn)),
    emailCounts(db, account.id, healthWindowStart(clock)),
  ]);
  const nextRun = nextRunAt(clock, account.timeZone, account.sendHour);
  const canPause = account.activation === "active";

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

      <section aria-labelledby="today-title">
        <h2 id="today-title">Today, {formatIsoDate(today)}</h2>
        <p role="status" id="today-summary">
          {day.counts.birthdays === 0
            ? "No birthdays today."
            : `${day.counts.birthdays} ${day.counts.birthdays === 1 ? "birthday" : "birthdays"} today: ${daySummary(day.counts)}.`}
        </p>
        <p id="next-run">
          {accountState === "active"
            ? `Next run: ${formatInstant(nextRun, account.timeZone)} (your time). Runs go out every hour inside 08:00–21:00${account.sendHour !== null ? `, from ${String(account.sendHour).padStart(2, "0")}:00 as you chose` : ""}; each patient is greeted once.`
            : "No runs for this practice until greetings are active."}
        </p>
        <Suspense key={page} fallback={<ListSkeleton />}>
          <TodayList
            accountId={account.id}
            entries={day.entries}
            page={page}
            context={{ accountState, timeZone: account.timeZone, nextRun }}
            hrefFor={(p) => `/dashboard?page=${p}`}
          />
        </Suspense>
      </section>

      <section aria-labelledby="week-title">
        <h2 id="week-title">Next 7 days</h2>
        <p className="stat">
          <strong>{weekCounts.toGreet}</strong> to greet
          <span className="muted"> · {weekCounts.total} birthdays in all</span>
        </p>
        <p>
          <Link href="/dashboard/upcoming">See upcoming birthdays</Link> ·{" "}
          <Link href="/dashboard/skipped">See who cannot be greeted</Link>
        </p>
      </section>

      <section aria-labelledby="delivery-title">
        <h2 id="delivery-title">E-mail delivery, last {HEALTH_WINDOW_DAYS} days</h2>
        <p id="delivery-rates">{describeSenderRates(emails)}</p>
        {account.emailPausedAt && (
          <p className="notice" id="email-paused">
            E-mail greetings are paused since {formatInstant(account.emailPausedAt, account.timeZone)}:{" "}
            {account.emailPausedReason ?? "too many bounces or complaints"}. Support reviews the addresses
            with you and resumes them; text messages continue where you send them.
          </p>
        )}
        <p className="muted">
          Mail providers filter senders whose greetings bounce (over 4%) or are marked as spam (over 0.3%),
          and every practice sends from our one address, so e-mail pauses above those rates until support has
          looked.
        </p>
      </section>

      {canPause && (
        <section id="pause" aria-labelledby="pause-title">
          <h2 id="pause-title">Pause or resume</h2>
          {account.paused ? (
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
      )}
    </>
  );
}
