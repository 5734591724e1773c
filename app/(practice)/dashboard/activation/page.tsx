import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { loadAccount } from "@/components/practice/account";
import { ActivationForm } from "@/components/practice/activation-form";
import { live } from "@/components/practice/drchrono";
import { ListSkeleton } from "@/components/practice/skeleton";
import { DOCTORS_ONLY_MESSAGE, mayPerform } from "@/lib/accounts/roles";
import { requirePracticeSession } from "@/lib/auth/session";
import { getConfig } from "@/lib/env";
import { requestActivationAction } from "../actions";

export const metadata: Metadata = { title: "Request activation" };

export default async function ActivationPage() {
  const session = await requirePracticeSession();
  const account = await loadAccount(session.accountId);
  if (!account) return <p className="error">This account no longer exists. Please sign in again.</p>;
  const supportEmail = getConfig().email.supportEmail;

  return (
    <>
      <h1>Request activation</h1>
      {!mayPerform(session, "request_activation") && (
        <p className="notice" role="status">
          {DOCTORS_ONLY_MESSAGE.request_activation}
        </p>
      )}
      {account.activation === "requested" && (
        <p className="notice" role="status">
          Activation was requested
          {account.activationRequestedAt
            ? ` on ${account.activationRequestedAt.toLocaleDateString("en-US")}`
            : ""}
          . Support will contact {account.contactName ?? "you"} to confirm before switching greetings on.
        </p>
      )}
      {account.activation === "active" && (
        <p className="notice" role="status">
          Greetings are already active for your practice. <Link href="/dashboard">Back to the overview</Link>.
        </p>
      )}
      {account.activation === "deactivated" && (
        <p className="notice" role="status">
          Support has deactivated this account. Please <a href={`mailto:${supportEmail}`}>contact support</a>.
        </p>
      )}
      {account.activation === "not_requested" && (
        <>
          <section className="panel" aria-labelledby="cannot-know">
            <h2 id="cannot-know">What automation cannot know</h2>
            <p>
              Greetings are sent from what your drchrono charts say on the day. Before switching them on,
              please keep in mind what no software can see:
            </p>
            <ul>
              <li>
                <strong>Deaths or moves</strong> that are not yet recorded in the chart — a greeting to a
                family in mourning hurts.
              </li>
              <li>
                <strong>Outdated contact details</strong> — an old e-mail address or phone number may now
                belong to someone else.
              </li>
              <li>
                <strong>Guardianship</strong> — children and dependants with a responsible party are skipped
                unless you choose otherwise in settings.
              </li>
              <li>
                <strong>Personal preferences</strong> — some patients do not want birthday messages. Opt them
                out on the Patients page; every message also carries an unsubscribe link or “Reply STOP”.
              </li>
            </ul>
          </section>
          <Suspense fallback={<ListSkeleton label="Looking up your practice's phone number…" />}>
            <PrefilledForm
              accountId={account.id}
              contactName={account.contactName ?? session.displayName ?? ""}
              contactEmail={account.contactEmail ?? session.email ?? ""}
              contactPhone={account.contactPhone}
            />
          </Suspense>
        </>
      )}
    </>
  );
}

/** Prefills the phone from drchrono (the primary doctor's office phone); without drchrono the field stays empty. */
async function PrefilledForm(props: {
  accountId: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string | null;
}) {
  let phone = props.contactPhone;
  if (!phone) {
    const doctors = await live(props.accountId, (api) => api.doctors());
    phone = doctors.ok ? (doctors.value.find((d) => d.officePhone)?.officePhone ?? null) : null;
  }
  return (
    <ActivationForm
      action={requestActivationAction}
      defaults={{
        contactName: props.contactName,
        contactEmail: props.contactEmail,
        contactPhone: phone ?? "",
      }}
    />
  );
}
