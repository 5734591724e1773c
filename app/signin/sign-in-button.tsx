"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";

/** Starts drchrono's consent flow; next-auth takes care of the CSRF token and the state check. */
export function SignInButton({ callbackUrl, label }: { callbackUrl: string; label: string }) {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      disabled={pending}
      aria-busy={pending}
      onClick={() => {
        setPending(true);
        void signIn("drchrono", { callbackUrl }).catch(() => setPending(false));
      }}
    >
      {pending ? "Opening drchrono…" : label}
    </button>
  );
}
