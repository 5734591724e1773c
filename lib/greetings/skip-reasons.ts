/*
 * How the dashboard names each skip reason, and what the practice's staff can do about it. Written for front-desk
 * staff: plain words, and the place in drchrono or in our Settings where the fix lives.
 */
import type { SkipReason } from "./types";

export const SKIP_REASON_LABELS: Record<SkipReason, string> = {
  no_birth_date: "No birth date on file",
  invalid_birth_date: "Birth date is not a real date",
  birth_date_in_future: "Birth date is in the future",
  implausible_age: "Birth date is more than 120 years ago",
  no_primary_doctor: "No primary doctor",
  inactive: "Inactive patient",
  deceased: "Deceased",
  responsible_party: "Has a responsible party",
  opted_out: "Opted out by staff",
  unsubscribed: "Unsubscribed from e-mail greetings",
  sms_stopped: "Replied STOP to texts",
  email_bounced: "E-mail bounced",
  sms_undeliverable: "Number cannot receive texts",
  email_paused: "E-mail greetings paused by support",
  no_contact: "No usable e-mail or mobile number",
};

export const SKIP_REASON_HINTS: Record<SkipReason, string> = {
  no_birth_date: "Add the date of birth to the patient's chart in drchrono.",
  invalid_birth_date: "Correct the date of birth in drchrono; it must be a real date such as 1980-05-12.",
  birth_date_in_future: "Correct the date of birth in drchrono; it is probably a typo in the year.",
  implausible_age:
    "Correct the year of birth in drchrono; it is probably a typo (for example 1899 instead of 1989).",
  no_primary_doctor: "Assign a primary doctor on the chart in drchrono; greetings are signed by that doctor.",
  inactive:
    "Nothing to do if the patient has left. If they are still your patient, set them to Active in drchrono.",
  deceased: "Nothing to do: deceased patients are never greeted.",
  responsible_party:
    "Patients with a guardian or responsible party are skipped. Turn on greeting them in Settings if you wish.",
  opted_out: "A staff member opted this patient out. Undo it from the patient's page if that was a mistake.",
  unsubscribed:
    "The patient used the unsubscribe link in a greeting e-mail. Nothing to do unless they ask for greetings again.",
  sms_stopped: "The patient replied STOP to a greeting text. Nothing to do unless they ask for texts again.",
  email_bounced:
    "A greeting to this e-mail address bounced: it does not exist or refuses mail. Correct the address on the chart in drchrono; a new address is greeted again.",
  sms_undeliverable:
    "A text to this number could not be delivered (switched off for good, not in service, or a landline). Correct the mobile number on the chart in drchrono; a new number is texted again.",
  email_paused:
    "Too many of your practice's greeting e-mails bounced or were marked as spam, so support paused e-mail while they review it with you. Check your patients' e-mail addresses in drchrono.",
  no_contact:
    "Add an e-mail address or a mobile number in drchrono, or check the channels and text consent in Settings.",
};
