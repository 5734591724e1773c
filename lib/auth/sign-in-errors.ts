/*
 * What a failed sign-in says on the sign-in page. next-auth sends `?error=<code>` (its own codes, see
 * https://next-auth.js.org/configuration/pages#sign-in-page); each gets plain words and what to do next.
 */

const MESSAGES: Record<string, string> = {
  OAuthSignin: "We could not start signing you in with drchrono. Please try again in a minute.",
  OAuthCallback: "drchrono did not complete the sign-in. Please try again.",
  OAuthCreateAccount: "Your practice's account could not be set up. Please try again, or contact support.",
  Callback: "Something went wrong while finishing your sign-in. Please try again.",
  OAuthAccountNotLinked: "This drchrono user is linked to another account. Please contact support.",
  AccessDenied: "drchrono's permission screen was declined, so you are not signed in.",
  SessionRequired: "Please sign in to see that page.",
};

const FALLBACK = "Signing in did not work. Please try again; if it keeps failing, contact support.";

/** The sentence for a next-auth error code, or null when there is none to show. */
export function signInErrorMessage(code: string | string[] | undefined): string | null {
  const value = Array.isArray(code) ? code[0] : code;
  if (!value) return null;
  return MESSAGES[value] ?? FALLBACK;
}

/** After a POST without a valid CSRF cookie next-auth comes back with ?csrf=true; the page now has one. */
export const CSRF_RETRY_MESSAGE = "Your sign-in form had expired. Please press the button again.";
