"use client";

import { useActionState } from "react";
import { type RunNowState, runTodayNow } from "./actions";

/** The sandbox's shortcut for the hourly schedule: run today's dispatch now and say what it did. */
export function RunNowForm() {
  const [state, action, pending] = useActionState<RunNowState, FormData>(runTodayNow, { status: "idle" });
  return (
    <form action={action}>
      <button type="submit" disabled={pending}>
        {pending ? "Running…" : "Run today's greetings now"}
      </button>
      <p role="status" aria-live="polite">
        {state.status === "done" ? state.message : ""}
      </p>
    </form>
  );
}
