import type { Metadata } from "next";
import { Suspense } from "react";
import { loadAccount } from "@/components/practice/account";
import { DrchronoProblem } from "@/components/practice/drchrono-problem";
import { formatInstant } from "@/components/practice/format";
import { loadPreviewContext } from "@/components/practice/greeting-preview";
import { SettingsForm } from "@/components/practice/settings-form";
import { SignOffsForm } from "@/components/practice/sign-offs-form";
import { ListSkeleton } from "@/components/practice/skeleton";
import { TestGreetingForms } from "@/components/practice/test-greeting-forms";
import { WordingEditor } from "@/components/practice/wording-editor";
import { getDb } from "@/db";
import { actorName } from "@/db/queries/settings";
import { timeZoneChoices } from "@/lib/accounts/forms";
import { DOCTORS_ONLY_MESSAGE, mayPerform } from "@/lib/accounts/roles";
import { testRecipients } from "@/lib/accounts/test-recipients";
import { requirePracticeSession } from "@/lib/auth/session";
import {
  saveSettingsAction,
  saveSignOffsAction,
  saveWordingAction,
  sendTestGreetingAction,
} from "../actions";

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
      {!mayPerform(session, "change_settings") && (
        <p className="notice" role="status">
          {DOCTORS_ONLY_MESSAGE.change_settings}
        </p>
      )}
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
          sendHour: account.sendHour,
          signOff: account.signOff,
          practiceName: account.practiceName,
        }}
        attested={attested}
      />

      <section aria-labelledby="wording-title">
        <h2 id="wording-title">Wording</h2>
        <p>
          Your greeting in English and in Spanish (for patients whose chart says Spanish). The preview shows
          exactly what a patient named Alex receives.
        </p>
        <Suspense fallback={<ListSkeleton label="Preparing the preview…" />}>
          <Wording />
        </Suspense>
      </section>

      <section aria-labelledby="test-title">
        <h2 id="test-title">Send a test greeting to me</h2>
        <p>
          Sends your greeting, with your wording, marked as a test, to your own e-mail address or to the
          practice's contact on file, and to no one else. It goes to no patient and does not appear in the
          history.
        </p>
        <TestGreetingForms action={sendTestGreetingAction} {...testRecipients(session, account)} />
      </section>
    </>
  );
}

async function Wording() {
  const session = await requirePracticeSession();
  const context = await loadPreviewContext(await getDb(), session);
  return (
    <>
      {context.problem && <DrchronoProblem problem={context.problem} what="the doctors' names" />}
      {(["en", "es"] as const).map((language) => (
        <WordingEditor
          key={language}
          action={saveWordingAction}
          language={language}
          saved={context.wording[language] ?? null}
          context={context}
        />
      ))}
      <h2 id="sign-offs-title">How each doctor signs</h2>
      <p>
        drchrono does not say whether to write “Dr.” or “Dra.”, so set the Spanish sign-off here, for example
        “Dra. Raman”. Leave a field empty to use the name shown in grey.
      </p>
      {context.doctors.length > 0 ? (
        <SignOffsForm action={saveSignOffsAction} doctors={context.doctors} />
      ) : (
        <p className="muted">The doctors appear here once drchrono answers.</p>
      )}
    </>
  );
}
