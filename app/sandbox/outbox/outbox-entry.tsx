import { smsLength } from "@/lib/greetings/sms-segments";
import type { OutboxEntry } from "@/sandbox/outbox";
import { getSandboxProviders } from "@/sandbox/providers";
import { replyToText, reportEmailEvent } from "./actions";
import { withoutScripts } from "./email-preview";
import styles from "./outbox.module.css";

function formatTime(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

function Facts({ facts }: { facts: Array<[string, string | undefined]> }) {
  return (
    <dl className={styles.facts}>
      {facts
        .filter((fact): fact is [string, string] => fact[1] !== undefined && fact[1] !== "")
        .map(([term, value]) => (
          <div key={term} style={{ display: "contents" }}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
    </dl>
  );
}

function Headers({ headers, labelledBy }: { headers: Record<string, string>; labelledBy: string }) {
  const entries = Object.entries(headers);
  if (entries.length === 0) return <p className="muted">No extra headers.</p>;
  return (
    <div className={styles.headers}>
      <table aria-labelledby={labelledBy}>
        <thead>
          <tr>
            <th scope="col">Header</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {entries.map(([name, value]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td>
                <code>{value}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** What the provider last reported for the message (its webhooks say the same to the app). */
function providerStatus(entry: OutboxEntry): string | undefined {
  const { resend, twilio } = getSandboxProviders();
  const state = entry.channel === "email" ? resend.knobs.stateOf(entry.id) : twilio.knobs.stateOf(entry.id);
  return state ?? undefined;
}

/**
 * One button per thing the recipient's side can do; each sends the app the provider's signed event. The fake
 * provider remembers its messages in memory only, so one sent before the server restarted gets a note instead.
 */
function Actions({
  entry,
  action,
  field,
  choices,
}: {
  entry: OutboxEntry;
  action: (form: FormData) => Promise<void>;
  field: string;
  choices: Array<[string, string]>;
}) {
  if (providerStatus(entry) === undefined)
    return (
      <p className="muted">
        Sent before the server restarted: the fake provider no longer knows this message, so it cannot report
        a bounce, complaint or reply for it.
      </p>
    );
  return (
    <div className={styles.actions}>
      {choices.map(([value, label]) => (
        <form key={value} action={action}>
          <input type="hidden" name="id" value={entry.id} />
          <input type="hidden" name={field} value={value} />
          <button type="submit" className="secondary">
            {label}
          </button>
        </form>
      ))}
    </div>
  );
}

function EmailEntry({ entry }: { entry: OutboxEntry }) {
  const id = `entry-${entry.id}`;
  return (
    <article className={styles.entry} aria-labelledby={id}>
      <h2 id={id}>
        E-mail to {entry.to}: “{entry.subject}”
      </h2>
      <Facts
        facts={[
          ["Channel", "E-mail (Resend)"],
          ["To", entry.to],
          ["From", entry.from],
          ["Subject", entry.subject],
          ["Sent", formatTime(entry.createdAt)],
          ["Provider id", entry.id],
          ["Idempotency key", entry.idempotencyKey],
          ["Provider status", providerStatus(entry)],
        ]}
      />
      <Actions
        entry={entry}
        action={reportEmailEvent}
        field="event"
        choices={[
          ["bounce", `Bounce e-mail to ${entry.to}`],
          ["complain", `Complain about e-mail to ${entry.to}`],
        ]}
      />
      <h3 id={`${id}-headers`}>Headers</h3>
      <Headers headers={entry.headers} labelledBy={`${id}-headers`} />
      {entry.html !== undefined && (
        <>
          <h3>As the patient sees it</h3>
          <p className="muted">The unsubscribe link and the practice's postal address are at the bottom.</p>
          {/*
            Isolated like a mail client shows it: sandbox="" gives an opaque origin and no scripts, forms, popups
            or navigation; the page's own CSP (inherited by srcdoc) and one inside the document block scripts too.
          */}
          <iframe
            className={styles.frame}
            sandbox=""
            srcDoc={withoutScripts(entry.html)}
            title={`Rendered e-mail to ${entry.to}: ${entry.subject ?? ""}`}
          />
        </>
      )}
      {entry.text !== undefined && (
        <>
          <h3>Plain text version</h3>
          <pre className={styles.text}>{entry.text}</pre>
        </>
      )}
    </article>
  );
}

function SmsEntry({ entry }: { entry: OutboxEntry }) {
  const id = `entry-${entry.id}`;
  const body = entry.body ?? "";
  const encoding = smsLength(body);
  const segments = entry.segments ?? encoding.segments;
  return (
    <article className={styles.entry} aria-labelledby={id}>
      <h2 id={id}>Text message to {entry.to}</h2>
      <Facts
        facts={[
          ["Channel", "SMS (Twilio)"],
          ["To", entry.to],
          ["From", entry.from],
          ["Sent", formatTime(entry.createdAt)],
          ["Segments", `${segments} (${encoding.encoding}, ${encoding.units} characters)`],
          ["Provider id", entry.id],
          ["Provider status", providerStatus(entry)],
        ]}
      />
      <Actions
        entry={entry}
        action={replyToText}
        field="reply"
        choices={[
          ["STOP", `Reply STOP from ${entry.to}`],
          ["START", `Reply START from ${entry.to}`],
        ]}
      />
      <h3>Message</h3>
      <p className={styles.sms}>{body}</p>
    </article>
  );
}

export function OutboxEntryView({ entry }: { entry: OutboxEntry }) {
  return entry.channel === "email" ? <EmailEntry entry={entry} /> : <SmsEntry entry={entry} />;
}
