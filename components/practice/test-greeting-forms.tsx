"use client";

import type { ActionResult } from "@/lib/accounts/session";
import { ActionForm } from "./action-form";

type Action = (previous: ActionResult, form: FormData) => Promise<ActionResult>;

export function TestGreetingForms({
  action,
  email,
  phone,
}: {
  action: Action;
  email: string;
  phone: string;
}) {
  return (
    <div className="stats">
      <ActionForm
        action={action}
        submitLabel="Send test e-mail"
        pendingLabel="Sending…"
        aria-label="Test e-mail"
      >
        <input type="hidden" name="channel" value="email" />
        <label htmlFor="testEmail">Your e-mail address</label>
        <input id="testEmail" name="to" type="email" autoComplete="email" required defaultValue={email} />
      </ActionForm>
      <ActionForm
        action={action}
        submitLabel="Send test text"
        pendingLabel="Sending…"
        aria-label="Test text message"
      >
        <input type="hidden" name="channel" value="sms" />
        <label htmlFor="testPhone">Your mobile number</label>
        <input id="testPhone" name="to" type="tel" autoComplete="tel" required defaultValue={phone} />
      </ActionForm>
    </div>
  );
}
