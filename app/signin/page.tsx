import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getPracticeSession } from "@/lib/auth/session";
import { safeCallbackUrl } from "./callback-url";
import { SignInButton } from "./sign-in-button";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const callbackUrl = safeCallbackUrl((await searchParams).callbackUrl);
  if (await getPracticeSession()) redirect(callbackUrl);
  return (
    <main id="main" className="landing">
      <h1>Sign in</h1>
      <p className="lead">
        Connect your practice’s drchrono account to send birthday greetings to your patients.
      </p>
      <p>
        <SignInButton callbackUrl={callbackUrl} label="Sign in with drchrono" />
      </p>
      <div className="panel">
        <h2>What we ask drchrono for</h2>
        <ul>
          <li>
            <strong>Your user profile, doctors and offices</strong> — to know your practice and its address.
          </li>
          <li>
            <strong>Patient records, read only</strong> — to find birthdays and contact details on the day. We
            never change anything in drchrono and keep no names, contacts or birth years.
          </li>
        </ul>
        <p className="muted">
          Everyone in your practice who signs in shares one account. Greetings start only after our support
          team activates it.
        </p>
      </div>
    </main>
  );
}
