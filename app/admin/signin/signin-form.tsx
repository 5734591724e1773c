"use client";

import { useActionState } from "react";
import { requestSignInLink, type SignInState } from "./actions";

export function SignInForm() {
  const [state, action, pending] = useActionState<SignInState, FormData>(requestSignInLink, {
    status: "idle",
  });
  return (
    <>
      {state.status === "sent" ? (
        <div className="notice" role="status">
          <p>
            If <strong>{state.email}</strong> belongs to support, a sign-in link is on its way. It works once
            and expires in 15 minutes.
          </p>
        </div>
      ) : null}
      <form action={action} noValidate>
        <label htmlFor="admin-email">Support e-mail address</label>
        <input
          id="admin-email"
          name="email"
          type="email"
          autoComplete="email"
          required
          aria-invalid={state.status === "error" ? true : undefined}
          aria-describedby={state.status === "error" ? "admin-email-error" : undefined}
        />
        {state.status === "error" ? (
          <p id="admin-email-error" className="error" role="alert">
            {state.message}
          </p>
        ) : null}
        <p>
          <button type="submit" disabled={pending}>
            {pending ? "Sending…" : "E-mail me a sign-in link"}
          </button>
        </p>
      </form>
    </>
  );
}
