import type { Metadata } from "next";
import { SignInForm } from "@/app/signin/sign-in-form";
import { REQUIRED_SCOPES, SCOPE_EXPLANATIONS } from "@/lib/drchrono/scopes";

export const metadata: Metadata = { title: "drchrono permissions needed" };

/** Only scopes we know: the query string is user input and is never echoed as is. */
function missingScopes(value: string | string[] | undefined): string[] {
  const raw = (Array.isArray(value) ? value.join(",") : (value ?? "")).split(",").map((s) => s.trim());
  const known = REQUIRED_SCOPES.filter((scope) => raw.includes(scope));
  return known.length > 0 ? known : [...REQUIRED_SCOPES];
}

export default async function MissingPermissionsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const missing = missingScopes((await searchParams).missing);
  return (
    <main id="main" className="landing">
      <h1>drchrono did not give us everything we need</h1>
      <p className="lead">
        Your practice is not connected yet: nothing was saved. To send birthday greetings we need these
        permissions, which were not granted:
      </p>
      <ul className="panel" aria-label="Missing permissions">
        {missing.map((scope) => {
          const explanation = SCOPE_EXPLANATIONS[scope];
          return (
            <li key={scope}>
              <strong>{explanation?.label ?? scope}</strong>
              {explanation ? ` — ${explanation.why}` : null}
            </li>
          );
        })}
      </ul>
      <p>
        On drchrono’s page, leave every permission ticked and press Allow. If the box was ticked, ask your
        drchrono administrator whether your user may manage patients.
      </p>
      <p>
        <SignInForm callbackUrl="/dashboard" label="Grant access again" />
      </p>
    </main>
  );
}
