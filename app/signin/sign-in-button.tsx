"use client";

import { useState } from "react";

/**
 * The submit button of the sign-in form. The form itself is plain HTML that next-auth accepts (a POST with its
 * CSRF token), so signing in works before this script has loaded; once loaded, it shows that drchrono is opening.
 */
export function SignInButton({ label }: { label: string }) {
  const [pending, setPending] = useState(false);
  return (
    <button type="submit" aria-busy={pending} onClick={() => setPending(true)}>
      {pending ? "Opening drchrono…" : label}
    </button>
  );
}
