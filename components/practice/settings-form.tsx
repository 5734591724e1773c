"use client";

import { CHANNEL_MODE_LABELS, CHANNEL_MODES } from "@/lib/accounts/forms";
import type { ActionResult } from "@/lib/accounts/session";
import { ActionForm } from "./action-form";

type Action = (previous: ActionResult, form: FormData) => Promise<ActionResult>;

export function SettingsForm({
  action,
  timeZones,
  values,
  attested,
}: {
  action: Action;
  timeZones: string[];
  values: { channelMode: string; timeZone: string; greetResponsibleParty: boolean; smsConsent: boolean };
  attested: string | null;
}) {
  return (
    <ActionForm action={action} submitLabel="Save settings" aria-label="Greeting settings">
      <fieldset>
        <legend>How patients are greeted</legend>
        {CHANNEL_MODES.map((mode) => (
          <label className="checkbox" key={mode}>
            <input
              type="radio"
              name="channelMode"
              value={mode}
              defaultChecked={values.channelMode === mode}
              required
            />
            <span>{CHANNEL_MODE_LABELS[mode]}</span>
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Consent to text messages</legend>
        <label className="checkbox">
          <input type="checkbox" name="smsConsent" defaultChecked={values.smsConsent} />
          <span>
            Our patients agreed to receive text messages from the practice. (Required before any text is sent;
            your name and the time are recorded.)
          </span>
        </label>
        {attested && <p className="muted">{attested}</p>}
      </fieldset>
      <fieldset>
        <legend>When and whom</legend>
        <label htmlFor="timeZone">Practice time zone</label>
        <select id="timeZone" name="timeZone" defaultValue={values.timeZone} aria-describedby="timeZoneHint">
          {timeZones.map((zone) => (
            <option key={zone} value={zone}>
              {zone.replaceAll("_", " ")}
            </option>
          ))}
        </select>
        <p id="timeZoneHint" className="muted">
          Birthdays follow this zone’s date; greetings go out between 8 am and 9 pm there.
        </p>
        <label className="checkbox">
          <input type="checkbox" name="greetResponsibleParty" defaultChecked={values.greetResponsibleParty} />
          <span>Also greet patients who have a responsible party (guardian) recorded, such as children.</span>
        </label>
      </fieldset>
    </ActionForm>
  );
}
