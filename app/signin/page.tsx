import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getPracticeSession } from "@/lib/auth/session";
import { CSRF_RETRY_MESSAGE, signInErrorMessage } from "@/lib/auth/sign-in-errors";
import { safeCallbackUrl } from "./callback-url";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if (await getPracticeSession()) redirect(callbackUrl);
  const problem = params.csrf ? CSRF_RETRY_MESSAGE : signInErrorMessage(params.error);
  return (
    <main id="main" className="landing">
      <h1>Sign in</h1>
      <p className="lead">
        Connect your practice’s drchrono account to send birthday greetings to your patients.
      </p>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      <SignInForm callbackUrl={callbackUrl} label="Sign in with drchrono" />
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
