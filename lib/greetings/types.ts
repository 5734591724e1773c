/*
 * The vocabulary of the core. One name per idea: account, patient, greeting, skip reason, send log, opt-out, run.
 * Everything here is plain data; nothing in lib/greetings performs I/O or reads the clock.
 */

export type Channel = "email" | "sms";
/** email_then_sms: e-mail when the patient has a usable address, otherwise a text. */
export type ChannelMode = "email" | "sms" | "both" | "email_then_sms";

/** A calendar date in the account's time zone, e.g. "2026-11-26". */
export type IsoDate = string;

export const SKIP_REASONS = [
  "no_birth_date",
  "invalid_birth_date",
  "birth_date_in_future",
  "implausible_age",
  "no_primary_doctor",
  "inactive",
  "deceased",
  "responsible_party",
  "opted_out",
  "unsubscribed",
  "sms_stopped",
  "email_bounced",
  "sms_undeliverable",
  "email_paused",
  "no_contact",
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** A drchrono patient as the core needs it; produced by lib/drchrono's tolerant parser. */
export interface PatientRecord {
  id: number;
  /** Primary doctor id, null when the chart has none. */
  doctorId: number | null;
  firstName: string;
  nickName: string | null;
  lastName: string;
  /** Exactly as drchrono sent it (may be null, "", "0000-00-00", "12/05/1980", "1990-02-30", ...). */
  dateOfBirth: string | null;
  email: string | null;
  cellPhone: string | null;
  homePhone: string | null;
  /** "A" active, "I" inactive, "D" inactive-deceased; anything else is treated as unknown (not active). */
  status: string | null;
  dateOfDeath: string | null;
  disableSms: boolean;
  /** ISO 639-2 ("eng", "spa", ...) or null. */
  preferredLanguage: string | null;
  /** True when a guardian/responsible party is recorded (minors, dependants). */
  hasResponsibleParty: boolean;
}

/** The practice settings that decide how (and whether) a patient is greeted. */
export interface GreetingSettings {
  timeZone: string;
  channelMode: ChannelMode;
  /** The practice attested that its patients agreed to texts; without it no SMS is sent. */
  smsConsent: boolean;
  greetResponsibleParty: boolean;
  /** Support paused the practice's e-mail (sender health): e-mail is not an enabled channel. */
  emailPaused?: boolean;
}

/**
 * Whether the chart's current address or number is one a provider told us cannot be reached (a hard bounce, a
 * number that cannot receive texts). Dispatch compares keyed hashes and passes the answers; a changed address or
 * number is simply not suppressed.
 */
export interface SuppressionFlags {
  email: boolean;
  sms: boolean;
}

/** The opt-outs recorded for one patient. */
export interface OptOutFlags {
  staff: boolean;
  emailUnsubscribed: boolean;
  smsStopped: boolean;
}

/**
 * What happens to one patient today. `not_today`: the fresh record's birth date no longer falls on today (staff
 * corrected it since the index was synced) or the patient was born today, so they are neither greeted nor skipped.
 * `email` is the normalised address and `phone` the E.164 number, each only when that channel was chosen.
 * A skip `detail` quotes the record (e.g. the odd birth date): it is shown to the practice's staff, never logged.
 */
export type Decision =
  | { kind: "greet"; channels: Channel[]; email: string | null; phone: string | null }
  | { kind: "skip"; reason: SkipReason; detail: string }
  | { kind: "not_today" };

export interface Doctor {
  id: number;
  firstName: string;
  lastName: string;
  suffix: string | null;
  timeZone: string | null;
  /** How the doctor signs, as the practice set it ("Dr. Raman"); absent or null: "Dr." and the last name. */
  signOff?: string | null;
  /** The same in Spanish ("Dra. Raman"): drchrono has no gender field, so only the practice can say "Dra.". */
  signOffEs?: string | null;
}

export interface Practice {
  name: string;
  /** One-line postal address for the e-mail footer, when known. */
  address: string | null;
}
