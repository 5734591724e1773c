import Link from "next/link";
import type { ReactNode } from "react";
import { requireAdminSession } from "@/lib/admin/session";
import { signOutAdmin } from "./actions";

/** Support's pages. Each page and action checks the session itself too: layouts are not a security boundary. */
export default async function AdminConsoleLayout({ children }: { children: ReactNode }) {
  const session = await requireAdminSession();
  return (
    <>
      <header className="app-header">
        <p>
          <strong>Birthday Greetings</strong> · Support
        </p>
        <nav aria-label="Support">
          <ul>
            <li>
              <Link href="/admin">All accounts</Link>
            </li>
            <li>
              <Link href="/admin?filter=awaiting">Awaiting activation</Link>
            </li>
          </ul>
        </nav>
        <form action={signOutAdmin}>
          <span className="muted">Signed in as {session.email}</span>{" "}
          <button type="submit" className="secondary">
            Sign out
          </button>
        </form>
      </header>
      {children}
    </>
  );
}
