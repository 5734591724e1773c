import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getAdminSession } from "@/lib/admin/session";
import { adminSignInHint } from "@/lib/admin/sign-in-hint";
import { getConfig } from "@/lib/env";
import { SignInForm } from "./signin-form";

export const metadata: Metadata = { title: "Support sign-in" };

export default async function AdminSignInPage({
  searchParams,
}: {
  searchParams: Promise<{ error?: string }>;
}) {
  if (await getAdminSession()) redirect("/admin");
  const { error } = await searchParams;
  const hint = adminSignInHint(getConfig());
  return (
    <main id="main" className="landing">
      <h1>Support sign-in</h1>
      <p>
        For Birthday Greetings support staff. Enter your support address and we e-mail you a link that signs
        you in. Practices sign in with drchrono on the <a href="/signin">practice sign-in page</a> instead.
      </p>
      {hint ? (
        <p className="notice" role="status">
          {hint}
        </p>
      ) : null}
      {error === "link" ? (
        <p className="error" role="alert">
          That sign-in link is not valid: it was already used, it expired, or it was mistyped. Ask for a new
          one below.
        </p>
      ) : null}
      <SignInForm />
    </main>
  );
}
