"use client";

import type { ActionResult } from "@/lib/accounts/session";
import { ActionForm } from "./action-form";

type Action = (previous: ActionResult, form: FormData) => Promise<ActionResult>;

/** One form per channel; the recipient is chosen from the addresses the server allows (test-recipients.ts). */
export function TestGreetingForms({
  action,
  emails,
  phones,
}: {
  action: Action;
  emails: string[];
  phones: string[];
}) {
  return (
    <div className="stats">
      {emails.length > 0 ? (
        <ActionForm
          action={action}
          submitLabel="Send test e-mail"
          pendingLabel="Sending…"
          aria-label="Test e-mail"
        >
          <input type="hidden" name="channel" value="email" />
          <label htmlFor="testEmail">Send the test e-mail to</label>
          <select id="testEmail" name="to" required defaultValue={emails[0]}>
            {emails.map((email) => (
              <option key={email} value={email}>
                {email}
              </option>
            ))}
          </select>
          <LanguageChoice id="testEmailLanguage" />
        </ActionForm>
      ) : (
        <p>
          No e-mail address is on file for you or the practice yet; the activation request asks for the
          practice's contact.
        </p>
      )}
      {phones.length > 0 ? (
        <ActionForm
          action={action}
          submitLabel="Send test text"
          pendingLabel="Sending…"
          aria-label="Test text message"
        >
          <input type="hidden" name="channel" value="sms" />
          <label htmlFor="testPhone">Send the test text to</label>
          <select id="testPhone" name="to" required defaultValue={phones[0]}>
            {phones.map((phone) => (
              <option key={phone} value={phone}>
                {phone}
              </option>
            ))}
          </select>
          <LanguageChoice id="testPhoneLanguage" />
        </ActionForm>
      ) : (
        <p>
          No phone number is on file for the practice yet; the activation request asks for the practice's
          contact phone.
        </p>
      )}
    </div>
  );
}

function LanguageChoice({ id }: { id: string }) {
  return (
    <>
      <label htmlFor={id}>Language</label>
      <select id={id} name="language" defaultValue="en">
        <option value="en">English</option>
        <option value="es">Spanish</option>
      </select>
    </>
  );
}
