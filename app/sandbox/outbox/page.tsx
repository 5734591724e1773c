import type { Metadata } from "next";
import { cookies } from "next/headers";
import { notFound } from "next/navigation";
import { getConfig } from "@/lib/env";
import { loadSandboxOutbox } from "@/sandbox/app-outbox";
import { holdsSupportKey, SUPPORT_KEY_COOKIE, visibleOutbox } from "@/sandbox/support-mail";
import { clearOutbox, unlockSupportMail } from "./actions";
import styles from "./outbox.module.css";
import { OutboxEntryView } from "./outbox-entry";
import { RunNowForm } from "./run-now-form";

export const metadata: Metadata = { title: "Sandbox outbox", robots: { index: false } };

/** Rendering thousands of e-mails helps nobody; the newest ones tell the story. */
const SHOWN = 100;

/**
 * What the built-in fake Resend and Twilio endpoints received: exactly what each patient would get. Only in
 * sandbox mode. The outbox is kept in the database, so it survives a restart (see sandbox/app-outbox.ts).
 */
export default async function OutboxPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const config = getConfig();
  if (!config.sandbox.any) notFound();
  const unlocked = holdsSupportKey(
    (await cookies()).get(SUPPORT_KEY_COOKIE)?.value,
    config.sandbox.supportKey,
  );
  const { shown: entries, hidden } = visibleOutbox((await loadSandboxOutbox()).list(), { unlocked });
  const wrongKey = (await searchParams).support === "wrong-key";
  const shown = entries.slice(0, SHOWN);
  return (
    <main id="main">
      <div className={styles.toolbar}>
        <h1>Sandbox outbox</h1>
        {entries.length > 0 && (
          <form action={clearOutbox}>
            <button type="submit" className="secondary">
              Clear outbox
            </button>
          </form>
        )}
      </div>
      <p>
        Every e-mail and text the app “sent” in sandbox mode, newest first, exactly as each patient would
        receive it. Nothing here left this server.
      </p>
      <RunNowForm />
      {!unlocked && <SupportKeyForm hidden={hidden} wrongKey={wrongKey} />}
      {entries.length === 0 ? (
        <p className="notice">
          No messages yet. Greetings appear here after a run sends them: press “Run today's greetings now”
          once support has activated a practice.
        </p>
      ) : (
        <>
          <p aria-live="polite">
            {entries.length > SHOWN
              ? `Showing the newest ${SHOWN} of ${entries.length} messages.`
              : `${entries.length} ${entries.length === 1 ? "message" : "messages"}.`}
          </p>
          <ol className={styles.list} aria-label="Messages, newest first">
            {shown.map((entry) => (
              <li key={entry.id}>
                <OutboxEntryView entry={entry} />
              </li>
            ))}
          </ol>
        </>
      )}
    </main>
  );
}

/** Support's sign-in e-mails stay hidden from visitors of a public demo; the key is in the server's start-up log. */
function SupportKeyForm({ hidden, wrongKey }: { hidden: number; wrongKey: boolean }) {
  return (
    <form action={unlockSupportMail} className="panel" aria-labelledby="support-key-title">
      <h2 id="support-key-title">Support's sign-in e-mails</h2>
      <p>
        {hidden === 1 ? "1 sign-in e-mail is hidden." : `${hidden} sign-in e-mails are hidden.`} Enter the
        sandbox support key (printed when the server started, or your <code>SANDBOX_SUPPORT_KEY</code>) to see
        them.
      </p>
      {wrongKey && (
        <p className="notice" role="alert">
          That is not the sandbox support key.
        </p>
      )}
      <p>
        <label htmlFor="support-key">Sandbox support key</label>{" "}
        <input id="support-key" name="key" type="password" autoComplete="off" required />{" "}
        <button type="submit" className="secondary">
          Show support's e-mails
        </button>
      </p>
    </form>
  );
}
