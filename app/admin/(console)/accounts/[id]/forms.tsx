"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/admin/actions";
import {
  activateAction,
  type DryRunState,
  deactivateAction,
  dryRunAction,
  resumeEmailAction,
} from "./actions";

const idle: ActionState = { status: "idle" };

function Outcome({ state }: { state: ActionState }) {
  if (state.status === "ok")
    return (
      <p className="notice" role="status">
        {state.message}
      </p>
    );
  if (state.status === "error")
    return (
      <p className="error" role="alert">
        {state.message}
      </p>
    );
  return null;
}

function FieldError({ id, state, field }: { id: string; state: ActionState; field: string }) {
  const message = state.status === "error" ? state.fieldErrors?.[field] : undefined;
  return message ? (
    <p id={id} className="error">
      {message}
    </p>
  ) : null;
}

/**
 * Both activation forms under one component, so the outcome stays on screen after the page re-renders with the
 * new state (which removes the form that was just used).
 */
export function ActivationControls({
  accountId,
  canActivate,
  canDeactivate,
}: {
  accountId: string;
  canActivate: boolean;
  canDeactivate: boolean;
}) {
  const [activation, activate, activating] = useActionState(activateAction, idle);
  const [deactivation, deactivate, deactivating] = useActionState(deactivateAction, idle);
  const noteInvalid = activation.status === "error" && Boolean(activation.fieldErrors?.note);
  const reasonInvalid = deactivation.status === "error" && Boolean(deactivation.fieldErrors?.reason);
  return (
    <>
      <Outcome state={activation} />
      <Outcome state={deactivation} />
      <div className="stats">
        {canActivate ? (
          <form action={activate} aria-labelledby="activate-heading" className="panel">
            <h3 id="activate-heading">Activate</h3>
            <input type="hidden" name="accountId" value={accountId} />
            <label htmlFor="activation-note">How did you contact the practice?</label>
            <p id="activation-note-hint" className="muted">
              For example: “Called Jane at the front desk on 555-0100; she confirmed the contact details.”
            </p>
            <textarea
              id="activation-note"
              name="note"
              rows={3}
              required
              minLength={5}
              maxLength={1000}
              aria-invalid={noteInvalid || undefined}
              aria-describedby={
                noteInvalid ? "activation-note-hint activation-note-error" : "activation-note-hint"
              }
            />
            <FieldError id="activation-note-error" state={activation} field="note" />
            <p>
              <button type="submit" disabled={activating}>
                {activating ? "Activating…" : "Activate account"}
              </button>
            </p>
          </form>
        ) : null}
        {canDeactivate ? (
          <form action={deactivate} aria-labelledby="deactivate-heading" className="panel">
            <h3 id="deactivate-heading">Deactivate</h3>
            <input type="hidden" name="accountId" value={accountId} />
            <label htmlFor="deactivation-reason">Reason</label>
            <textarea
              id="deactivation-reason"
              name="reason"
              rows={2}
              required
              minLength={5}
              maxLength={1000}
              aria-invalid={reasonInvalid || undefined}
              aria-describedby={reasonInvalid ? "deactivation-reason-error" : undefined}
            />
            <FieldError id="deactivation-reason-error" state={deactivation} field="reason" />
            <p>
              <button type="submit" className="danger" disabled={deactivating}>
                {deactivating ? "Deactivating…" : "Deactivate account"}
              </button>
            </p>
          </form>
        ) : null}
      </div>
    </>
  );
}

/** Lifts a sender-health pause of the practice's e-mail after support reviewed it; the outcome stays on screen. */
export function ResumeEmail({ accountId, paused }: { accountId: string; paused: boolean }) {
  const [state, resume, resuming] = useActionState(resumeEmailAction, idle);
  const noteInvalid = state.status === "error" && Boolean(state.fieldErrors?.note);
  return (
    <>
      <Outcome state={state} />
      {paused ? (
        <form action={resume} aria-labelledby="resume-email-heading" className="panel">
          <h3 id="resume-email-heading">Resume e-mail</h3>
          <input type="hidden" name="accountId" value={accountId} />
          <label htmlFor="resume-email-note">What did you review with the practice?</label>
          <textarea
            id="resume-email-note"
            name="note"
            rows={2}
            required
            minLength={5}
            maxLength={1000}
            aria-invalid={noteInvalid || undefined}
            aria-describedby={noteInvalid ? "resume-email-note-error" : undefined}
          />
          <FieldError id="resume-email-note-error" state={state} field="note" />
          <p>
            <button type="submit" disabled={resuming}>
              {resuming ? "Resuming…" : "Resume e-mail greetings"}
            </button>
          </p>
        </form>
      ) : null}
    </>
  );
}

export function DryRun({ accountId }: { accountId: string }) {
  const [state, action, pending] = useActionState<DryRunState, FormData>(dryRunAction, { status: "idle" });
  return (
    <>
      <form action={action}>
        <input type="hidden" name="accountId" value={accountId} />
        <button type="submit" className="secondary" disabled={pending}>
          {pending ? "Running…" : "Dry run today's dispatch"}
        </button>
      </form>
      <div aria-live="polite">{state.status === "done" ? <DryRunResult view={state.view} /> : null}</div>
    </>
  );
}

function DryRunResult({ view }: { view: Extract<DryRunState, { status: "done" }>["view"] }) {
  if (view.kind === "error")
    return (
      <p className="error" role="alert">
        {view.message}
      </p>
    );
  if (view.kind === "could_not_read")
    return (
      <p className="error" role="alert">
        {view.message}
      </p>
    );
  if (view.kind === "not_processed")
    return (
      <p className="notice" role="status">
        {view.message}
      </p>
    );
  return (
    <section aria-labelledby="dry-run-heading" className="panel">
      <h3 id="dry-run-heading">Dry run for {view.localDate} (nothing was sent)</h3>
      <p role="status">
        {view.greet.length} would be greeted, {view.skip.length} skipped
        {view.alreadyHandled > 0 ? `, ${view.alreadyHandled} already handled earlier today` : ""}.{" "}
        {view.withinSendingHours
          ? ""
          : "It is outside sending hours (08:00–21:00 local): a later run would send."}
      </p>
      {view.error ? <p className="error">The run stopped: {view.error}</p> : null}
      <h4>Would be greeted</h4>
      {view.greet.length === 0 ? (
        <p className="muted">Nobody.</p>
      ) : (
        <ul>
          {view.greet.map((g) => (
            <li key={g.patientId}>
              Patient {g.patientId} — {g.channels.map((c) => (c === "sms" ? "SMS" : "e-mail")).join(" and ")}
            </li>
          ))}
        </ul>
      )}
      <h4>Skipped</h4>
      {view.skip.length === 0 ? (
        <p className="muted">Nobody.</p>
      ) : (
        <ul>
          {view.skip.map((s) => (
            <li key={s.patientId}>
              Patient {s.patientId} — {s.label}
            </li>
          ))}
        </ul>
      )}
      <p className="muted">{view.drchronoCalls} drchrono calls.</p>
    </section>
  );
}
