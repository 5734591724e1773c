import Link from "next/link";
import type { ReactNode } from "react";
import { loadAccount } from "@/components/practice/account";
import { PracticeNav } from "@/components/practice/nav";
import { SignOutButton } from "@/components/practice/sign-out-button";
import { requirePracticeSession } from "@/lib/auth/session";
import "../practice.css";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const session = await requirePracticeSession();
  const account = await loadAccount(session.accountId);
  return (
    <>
      <header className="app-header">
        <div>
          <Link href="/dashboard" className="practice-name">
            {account?.practiceName ?? "Your practice"}
          </Link>
          <span className="muted"> · Birthday Greetings</span>
        </div>
        <PracticeNav />
        <div className="signed-in">
          <span className="muted">
            Signed in as {session.displayName ?? session.email ?? "practice user"} ({session.role})
          </span>{" "}
          <SignOutButton />
        </div>
      </header>
      <main id="main">{children}</main>
    </>
  );
}
