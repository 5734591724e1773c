import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getConfig } from "@/lib/env";
import { getSandboxOutbox } from "@/sandbox/outbox";
import { clearOutbox } from "./actions";
import styles from "./outbox.module.css";
import { OutboxEntryView } from "./outbox-entry";
import { RunNowForm } from "./run-now-form";

export const metadata: Metadata = { title: "Sandbox outbox", robots: { index: false } };

/** Rendering thousands of e-mails helps nobody; the newest ones tell the story. */
const SHOWN = 100;

/**
 * What the built-in fake Resend and Twilio endpoints received: exactly what each patient would get. Only in
 * sandbox mode. The outbox lives in this server process's memory (see sandbox/outbox.ts).
 */
export default function OutboxPage() {
  if (!getConfig().sandbox.any) notFound();
  const entries = getSandboxOutbox().list();
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
