"use client";

import {
  CHANNEL_MODE_LABELS,
  CHANNEL_MODES,
  hourLabel,
  SEND_HOURS,
  type TimeZoneChoice,
} from "@/lib/accounts/forms";
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
  timeZones: TimeZoneChoice[];
  values: {
    channelMode: string;
    timeZone: string;
    greetResponsibleParty: boolean;
    smsConsent: boolean;
    sendHour: number | null;
    signOff: "doctor" | "practice";
    practiceName: string;
  };
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
        <legend>Who signs the greeting</legend>
        <label className="checkbox">
          <input type="radio" name="signOff" value="doctor" defaultChecked={values.signOff === "doctor"} />
          <span>Each patient’s own doctor, “and colleagues” (set how each doctor signs below)</span>
        </label>
        <label className="checkbox">
          <input
            type="radio"
            name="signOff"
            value="practice"
            defaultChecked={values.signOff === "practice"}
          />
          <span>The practice: “Your care team at {values.practiceName}”</span>
        </label>
      </fieldset>
      <fieldset>
        <legend>When and whom</legend>
        <label htmlFor="timeZone">Practice time zone</label>
        {/* A text field with suggestions: type a city or region ("Houston", "Pacific Time") to search. US zones
            come first. The server takes a zone from this list, or words that find exactly one (findTimeZone),
            so a search works even where the browser shows no suggestions. */}
        <input
          id="timeZone"
          name="timeZone"
          type="text"
          list="timeZoneChoices"
          defaultValue={values.timeZone}
          required
          autoComplete="off"
          spellCheck={false}
          aria-describedby="timeZoneHint"
        />
        <datalist id="timeZoneChoices">
          {timeZones.map(({ zone, label }) => (
            <option key={zone} value={zone} label={label} />
          ))}
        </datalist>
        <p id="timeZoneHint" className="muted">
          Type a city or region to search, for example Houston or Pacific Time. Birthdays follow this zone’s
          date; greetings go out between 8 am and 9 pm there.
        </p>
        <label htmlFor="sendHour">Send greetings at</label>
        <select
          id="sendHour"
          name="sendHour"
          defaultValue={values.sendHour === null ? "" : String(values.sendHour)}
        >
          <option value="">The first run of the day after 8 am (default)</option>
          {SEND_HOURS.map((hour) => (
            <option key={hour} value={String(hour)}>
              {hourLabel(hour)}
            </option>
          ))}
        </select>
        <label className="checkbox">
          <input type="checkbox" name="greetResponsibleParty" defaultChecked={values.greetResponsibleParty} />
          <span>Also greet patients who have a responsible party (guardian) recorded, such as children.</span>
        </label>
      </fieldset>
    </ActionForm>
  );
}
