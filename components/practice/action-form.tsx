"use client";

import { type ReactNode, useActionState } from "react";
import { useFormStatus } from "react-dom";
import { type ActionResult, IDLE } from "@/lib/accounts/session";

type Action = (previous: ActionResult, form: FormData) => Promise<ActionResult>;

function SubmitButton({
  label,
  pendingLabel,
  className,
}: {
  label: string;
  pendingLabel: string;
  className?: string;
}) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className={className} disabled={pending} aria-busy={pending}>
      {pending ? pendingLabel : label}
    </button>
  );
}

/** A form bound to a server action, announcing the action's answer (success politely, errors at once). */
export function ActionForm({
  action,
  children,
  submitLabel,
  pendingLabel = "Saving…",
  buttonClassName,
  className,
  "aria-label": ariaLabel,
}: {
  action: Action;
  children?: ReactNode;
  submitLabel: string;
  pendingLabel?: string;
  buttonClassName?: string;
  className?: string;
  "aria-label"?: string;
}) {
  const [result, formAction] = useActionState(action, IDLE);
  return (
    <form action={formAction} className={className} aria-label={ariaLabel}>
      {children}
      <p>
        <SubmitButton label={submitLabel} pendingLabel={pendingLabel} className={buttonClassName} />
      </p>
      <div aria-live="polite">
        {result.status === "ok" && <p className="notice">{result.message}</p>}
        {result.status === "error" && (
          <p className="error" role="alert">
            {result.message}
          </p>
        )}
      </div>
    </form>
  );
}
