import type { Metadata } from "next";
import { Suspense } from "react";
import { loadAccount } from "@/components/practice/account";
import { DrchronoProblem } from "@/components/practice/drchrono-problem";
import { formatInstant } from "@/components/practice/format";
import { loadPreview } from "@/components/practice/greeting-preview";
import { SettingsForm } from "@/components/practice/settings-form";
import { ListSkeleton } from "@/components/practice/skeleton";
import { TestGreetingForms } from "@/components/practice/test-greeting-forms";
import { getDb } from "@/db";
import { actorName } from "@/db/queries/settings";
import { timeZoneChoices } from "@/lib/accounts/forms";
import { testRecipients } from "@/lib/accounts/test-recipients";
import { requirePracticeSession } from "@/lib/auth/session";
import { saveSettingsAction, sendTestGreetingAction } from "../actions";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const session = await requirePracticeSession();
  const db = await getDb();
  const account = await loadAccount(session.accountId);
  if (!account) return <p className="error">This account no longer exists. Please sign in again.</p>;
  const attestedBy = await actorName(db, account.id, account.smsConsentAttestedBy);
  const attested = account.smsConsentAttestedAt
    ? `Confirmed by ${attestedBy ?? "a practice user"} on ${formatInstant(account.smsConsentAttestedAt, account.timeZone)}.`
    : null;
  const smsWithoutConsent = account.channelMode !== "email" && !account.smsConsentAttestedAt;

  return (
    <>
      <h1>Settings</h1>
      {smsWithoutConsent && (
        <p className="notice" role="status">
          Text messages are chosen, but no one has confirmed that your patients agreed to receive texts. Until
          someone does, no texts go out (e-mail still does where chosen).
        </p>
      )}
      <SettingsForm
        action={saveSettingsAction}
        timeZones={timeZoneChoices()}
        values={{
          channelMode: account.channelMode,
          timeZone: account.timeZone,
          greetResponsibleParty: account.greetResponsibleParty,
          smsConsent: account.smsConsentAttestedAt !== null,
        }}
        attested={attested}
      />

      <section aria-labelledby="preview-title">
        <h2 id="preview-title">Preview</h2>
        <p>
          Exactly what a patient named Alex receives, in English and in Spanish (for patients whose chart says
          Spanish).
        </p>
        <Suspense fallback={<ListSkeleton label="Preparing the preview…" />}>
          <Preview />
        </Suspense>
      </section>

      <section aria-labelledby="test-title">
        <h2 id="test-title">Send a test greeting to me</h2>
        <p>
          Sends the English greeting, marked as a test, to your own e-mail address or to the practice's
          contact on file, and to no one else. It goes to no patient and does not appear in the history.
        </p>
        <TestGreetingForms action={sendTestGreetingAction} {...testRecipients(session, account)} />
      </section>
    </>
  );
}

async function Preview() {
  const session = await requirePracticeSession();
  const { previews, problem } = await loadPreview(await getDb(), session);
  return (
    <>
      {problem && <DrchronoProblem problem={problem} what="the doctor's name in the preview" />}
      {(["en", "es"] as const).map((language) => {
        const preview = previews[language];
        const name = language === "en" ? "English" : "Spanish";
        return (
          <div className="preview" key={language} lang={language}>
            <h3 lang="en">{name}</h3>
            <p>
              <strong lang="en">Subject:</strong> {preview.email.subject}
            </p>
            {/* The core escapes every field and adds no script; allow-scripts (without same-origin) only lets
                the accessibility scan look inside, as on the outbox page. */}
            <iframe title={`E-mail preview in ${name}`} srcDoc={preview.email.html} sandbox="allow-scripts" />
            <h4 lang="en">Text message</h4>
            <p className="sms-bubble">{preview.sms}</p>
          </div>
        );
      })}
    </>
  );
}
