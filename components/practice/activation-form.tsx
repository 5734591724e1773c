"use client";

import type { ActionResult } from "@/lib/accounts/session";
import { ActionForm } from "./action-form";

type Action = (previous: ActionResult, form: FormData) => Promise<ActionResult>;

export function ActivationForm({
  action,
  defaults,
}: {
  action: Action;
  defaults: { contactName: string; contactEmail: string; contactPhone: string };
}) {
  return (
    <ActionForm action={action} submitLabel="Request activation" pendingLabel="Sending request…">
      <fieldset>
        <legend>Before you ask</legend>
        <label className="checkbox">
          <input type="checkbox" name="acknowledged" required />
          <span>
            I understand that greetings follow our drchrono charts, and that we keep them up to date and opt
            out patients who should not be greeted.
          </span>
        </label>
      </fieldset>
      <fieldset>
        <legend>How support can reach you</legend>
        <label htmlFor="contactName">Name</label>
        <input
          id="contactName"
          name="contactName"
          type="text"
          autoComplete="name"
          required
          maxLength={200}
          defaultValue={defaults.contactName}
        />
        <label htmlFor="contactEmail">E-mail</label>
        <input
          id="contactEmail"
          name="contactEmail"
          type="email"
          autoComplete="email"
          required
          maxLength={320}
          defaultValue={defaults.contactEmail}
        />
        <label htmlFor="contactPhone">
          Phone <span className="muted">(optional)</span>
        </label>
        <input
          id="contactPhone"
          name="contactPhone"
          type="tel"
          autoComplete="tel"
          maxLength={40}
          defaultValue={defaults.contactPhone}
        />
      </fieldset>
    </ActionForm>
  );
}
