import { cookies } from "next/headers";
import { csrfCookieName, csrfTokenOf } from "@/lib/auth/csrf";
import { getConfig } from "@/lib/env";
import { SignInButton } from "./sign-in-button";

/**
 * A plain form next-auth accepts (POST with its CSRF token), so signing in works before JavaScript has loaded.
 * Without a cookie (a proxy that did not run), next-auth answers with /signin?csrf=true, by then with a cookie.
 */
export async function SignInForm({ callbackUrl, label }: { callbackUrl: string; label: string }) {
  const config = getConfig();
  const cookie = (await cookies()).get(csrfCookieName(config.secureCookies))?.value;
  return (
    <form method="post" action="/api/auth/signin/drchrono">
      <input type="hidden" name="csrfToken" value={csrfTokenOf(cookie, config.authSecret) ?? ""} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <SignInButton label={label} />
    </form>
  );
}
