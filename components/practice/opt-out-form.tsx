"use client";

import type { ActionResult } from "@/lib/accounts/session";
import { ActionForm } from "./action-form";

type Action = (previous: ActionResult, form: FormData) => Promise<ActionResult>;

/** One patient's opt-out toggle: opt out with an optional reason, or greet again after a staff opt-out. */
export function OptOutForm({
  action,
  patientId,
  patientLabel,
  patientName,
  optedOut,
}: {
  action: Action;
  patientId: number;
  patientLabel: string;
  /** "Robert Lopez", so the confirmation names the patient; absent when drchrono did not say. */
  patientName?: string | null;
  optedOut: boolean;
}) {
  const nameField = patientName ? <input type="hidden" name="patientName" value={patientName} /> : null;
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
        {nameField}
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
      {nameField}
      <input type="hidden" name="optedOut" value="true" />
      <label htmlFor={`reason-${patientId}`}>
        Reason <span className="muted">(optional)</span>
      </label>
      <input id={`reason-${patientId}`} name="reason" type="text" maxLength={500} />
    </ActionForm>
  );
}
