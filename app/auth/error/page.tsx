import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Sign-in problem" };

/** next-auth's error codes (and our SignInFailed), in plain words. Unknown codes get the generic text. */
const MESSAGES: Record<string, { title: string; text: string }> = {
  AccessDenied: {
    title: "You chose not to connect drchrono",
    text: "Nothing was saved. You can connect your practice whenever you are ready.",
  },
  OAuthCallback: {
    title: "drchrono did not complete the sign-in",
    text: "The connection was interrupted or expired. Please try again.",
  },
  SignInFailed: {
    title: "We could not finish connecting your practice",
    text: "drchrono could not be reached or answered unexpectedly. Please try again in a few minutes.",
  },
  DrchronoProfileUnreadable: {
    title: "drchrono sent your user profile in a form we could not read",
    text: "Nothing was saved. This is not something you did: we have logged the problem and will fix it. Please try again later, or contact support if it keeps happening.",
  },
  Configuration: {
    title: "Sign-in is not available right now",
    text: "Our sign-in is misconfigured. Please contact support.",
  },
};

const GENERIC = {
  title: "Something went wrong while signing in",
  text: "Please try again. If it keeps happening, contact support.",
};

export default async function AuthErrorPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { error } = await searchParams;
  const code = Array.isArray(error) ? error[0] : error;
  const message = (code && MESSAGES[code]) || GENERIC;
  return (
    <main id="main" className="landing">
      <h1>{message.title}</h1>
      <p className="lead">{message.text}</p>
      <p>
        <Link className="button" href="/signin">
          Back to sign in
        </Link>
      </p>
    </main>
  );
}
