"use client";

import type { ActionResult } from "@/lib/accounts/session";
import { ActionForm } from "./action-form";

type Action = (previous: ActionResult, form: FormData) => Promise<ActionResult>;

/** One patient's opt-out toggle: opt out with an optional reason, or greet again after a staff opt-out. */
export function OptOutForm({
  action,
  patientId,
  patientLabel,
  optedOut,
}: {
  action: Action;
  patientId: number;
  patientLabel: string;
  optedOut: boolean;
}) {
  if (optedOut)
    return (
      <ActionForm
        action={action}
        submitLabel="Greet again"
        pendingLabel="Saving…"
        buttonClassName="secondary"
        className="row-form"
        aria-label={`Greet ${patientLabel} again`}
      >
        <input type="hidden" name="patientId" value={patientId} />
        <input type="hidden" name="optedOut" value="false" />
      </ActionForm>
    );
  return (
    <ActionForm
      action={action}
      submitLabel="Opt out"
      pendingLabel="Saving…"
      buttonClassName="secondary"
      className="row-form"
      aria-label={`Opt out ${patientLabel}`}
    >
      <input type="hidden" name="patientId" value={patientId} />
      <input type="hidden" name="optedOut" value="true" />
      <label htmlFor={`reason-${patientId}`}>
        Reason <span className="muted">(optional)</span>
      </label>
      <input id={`reason-${patientId}`} name="reason" type="text" maxLength={500} />
    </ActionForm>
  );
}
