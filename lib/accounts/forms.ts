import { parsePhoneNumberFromString } from "libphonenumber-js";
import { z } from "zod";
import { SENDING_HOURS } from "@/lib/greetings/dates";
import { tidyWording, wordingProblem } from "@/lib/greetings/template";

/*
 * Every form and query string of the practice dashboard, validated here. Pure, so each rule is unit-tested;
 * server actions and pages only call these. Ids from a form never choose the account: that comes from the session.
 */

export const CHANNEL_MODES = ["email", "sms", "both", "email_then_sms"] as const;
export const CHANNEL_MODE_LABELS: Record<(typeof CHANNEL_MODES)[number], string> = {
  email: "E-mail only",
  sms: "Text message (SMS) only",
  both: "Both e-mail and text message",
  email_then_sms: "E-mail, or a text message when there is no e-mail address",
};

/** An HTML checkbox: "on" when ticked, absent otherwise. */
const checkbox = z
  .enum(["on", "true", ""])
  .optional()
  .transform((v) => v === "on" || v === "true");

const trimmed = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);

/** The zones US practices use, in the order the picker lists them first, with the words people search for. */
export const US_TIME_ZONES: ReadonlyArray<readonly [zone: string, label: string]> = [
  ["America/New_York", "Eastern Time (New York, Miami, Atlanta)"],
  ["America/Chicago", "Central Time (Chicago, Houston, Dallas)"],
  ["America/Denver", "Mountain Time (Denver, Salt Lake City)"],
  ["America/Phoenix", "Mountain Time without daylight saving (Phoenix, Arizona)"],
  ["America/Los_Angeles", "Pacific Time (Los Angeles, San Francisco, Seattle)"],
  ["America/Anchorage", "Alaska Time (Anchorage)"],
  ["Pacific/Honolulu", "Hawaii Time (Honolulu)"],
  ["America/Puerto_Rico", "Atlantic Time (Puerto Rico, US Virgin Islands)"],
  ["America/Detroit", "Eastern Time (Detroit, Michigan)"],
  ["America/Indiana/Indianapolis", "Eastern Time (Indianapolis, Indiana)"],
  ["America/Kentucky/Louisville", "Eastern Time (Louisville, Kentucky)"],
  ["America/Boise", "Mountain Time (Boise, Idaho)"],
  ["Pacific/Guam", "Chamorro Time (Guam)"],
];

export interface TimeZoneChoice {
  zone: string;
  /** What the picker shows and searches besides the zone itself. */
  label: string;
}

/** Every IANA zone this runtime knows, US zones first (the same list the settings page offers). */
export function timeZoneChoices(): TimeZoneChoice[] {
  const known = Intl.supportedValuesOf("timeZone");
  const all = known.includes("UTC") ? known : [...known, "UTC"];
  // Node's list uses older aliases for some US zones ("America/Indianapolis"); the current name works everywhere.
  const us = US_TIME_ZONES.filter(([zone]) => all.includes(zone) || isUsableZone(zone));
  const usZones = new Set(us.map(([zone]) => zone));
  return [
    ...us.map(([zone, label]) => ({ zone, label })),
    ...all
      .filter((zone) => !usZones.has(zone))
      .map((zone) => ({
        zone,
        label: zone === "UTC" ? "Coordinated Universal Time" : zone.replaceAll("_", " "),
      })),
  ];
}

function isUsableZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** "America/Chicago, Central Time (Chicago, Houston, Dallas)"; a zone without words of its own is named alone. */
export function describeTimeZone(choice: TimeZoneChoice): string {
  return searchable(choice.label) === searchable(choice.zone)
    ? choice.zone
    : `${choice.zone}, ${choice.label}`;
}

/** Lower case, "Los_Angeles" as "los angeles", single spaces: how typed words and the choices are compared. */
function searchable(text: string): string {
  return text.toLowerCase().replaceAll("_", " ").replace(/\s+/g, " ").trim();
}

/**
 * The zone a practice typed into the picker: a zone's own name in any case ("america/chicago"), or words found in
 * exactly one choice's zone or label ("Houston", "Pacific Time"). Typing a city is searching, whether or not the
 * browser showed (and the person picked) a suggestion; words that fit several zones are refused with a few of them.
 */
export function findTimeZone(typed: string): { zone: string } | { problem: string } {
  const term = searchable(typed);
  const choices = timeZoneChoices();
  const exact = choices.find((choice) => searchable(choice.zone) === term);
  if (exact) return { zone: exact.zone };
  const matches = term
    ? choices.filter((choice) => searchable(`${choice.zone} ${choice.label}`).includes(term))
    : [];
  const [only] = matches;
  if (only && matches.length === 1) return { zone: only.zone };
  if (matches.length === 0)
    return {
      problem: term
        ? `No time zone matches “${typed.trim()}”: please type a city or choose one from the list`
        : "Choose a time zone from the list",
    };
  const examples = matches.slice(0, 2).map(describeTimeZone);
  return {
    problem: `“${typed.trim()}” fits ${matches.length} time zones, such as ${examples.join("; ")}: please choose one from the list`,
  };
}

/** A phone number as E.164 (US default), or null when it is not a valid number. */
export function normalisePhone(raw: string): string | null {
  const parsed = parsePhoneNumberFromString(raw, "US");
  return parsed?.isValid() ? parsed.number : null;
}

const phone = z
  .string()
  .trim()
  .max(40)
  .transform((raw, ctx) => {
    const e164 = normalisePhone(raw);
    if (!e164) {
      ctx.addIssue({ code: "custom", message: "is not a valid phone number" });
      return z.NEVER;
    }
    return e164;
  });

export const activationRequestSchema = z.object({
  acknowledged: checkbox.refine((v) => v, "Please confirm that you have read what automation cannot know"),
  contactName: trimmed(200).min(1, "Please give a name support can ask for"),
  contactEmail: z.string().trim().max(320).pipe(z.email("is not a valid e-mail address")),
  contactPhone: z.union([z.literal("").transform(() => null), phone]),
});
export type ActivationRequestInput = z.infer<typeof activationRequestSchema>;

/** The hours a practice can choose: every whole hour at which a greeting still lands inside the sending window. */
export const SEND_HOURS: readonly number[] = Array.from(
  { length: SENDING_HOURS.endHour - SENDING_HOURS.startHour },
  (_, i) => SENDING_HOURS.startHour + i,
);

/** "8:00 am", "1:00 pm". */
export function hourLabel(hour: number): string {
  const twelve = hour % 12 === 0 ? 12 : hour % 12;
  return `${twelve}:00 ${hour < 12 ? "am" : "pm"}`;
}

const sendHour = z
  .string()
  .optional()
  .transform((raw, ctx) => {
    if (raw === undefined || raw.trim() === "") return null;
    const hour = /^\d{1,2}$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
    if (!SEND_HOURS.includes(hour)) {
      ctx.addIssue({
        code: "custom",
        message: `Choose a send hour from ${hourLabel(SEND_HOURS[0] ?? 8)} to ${hourLabel(SEND_HOURS.at(-1) ?? 20)}, or the first run of the day`,
      });
      return z.NEVER;
    }
    return hour;
  });

export const SIGN_OFF_CHOICES = ["doctor", "practice"] as const;

export const settingsSchema = z.object({
  channelMode: z.enum(CHANNEL_MODES, "Choose one of the offered channel settings"),
  timeZone: z.string().transform((typed, ctx) => {
    const found = findTimeZone(typed);
    if ("zone" in found) return found.zone;
    ctx.addIssue({ code: "custom", message: found.problem });
    return z.NEVER;
  }),
  greetResponsibleParty: checkbox,
  smsConsent: checkbox,
  sendHour,
  signOff: z.enum(SIGN_OFF_CHOICES, "Choose who signs the greeting").default("doctor"),
});
export type SettingsInput = z.infer<typeof settingsSchema>;

/** The practice's wording for one language, tidied; the sentence of `wordingProblem` when it cannot be used. */
export const wordingSchema = z.object({
  language: z.enum(["en", "es"], "Choose English or Spanish"),
  body: z
    .string("The greeting cannot be empty.")
    .max(10_000, "The greeting can be at most 600 characters.")
    .transform((body, ctx) => {
      const problem = wordingProblem(body);
      if (problem) {
        ctx.addIssue({ code: "custom", message: problem });
        return z.NEVER;
      }
      return tidyWording(body);
    }),
});
export type WordingInput = z.infer<typeof wordingSchema>;

export const MAX_SIGN_OFF = 60;
const signOffText = z
  .string()
  .trim()
  .max(MAX_SIGN_OFF, `A sign-off can be at most ${MAX_SIGN_OFF} characters`)
  .transform((v) => (v === "" ? null : v));

/**
 * The sign-off form: fields "signOff-<doctor id>" (English) and "signOffEs-<doctor id>" (Spanish); blank means
 * our default. Returns the doctors named, each with both sign-offs.
 */
export function parseSignOffs(
  fields: Record<string, string>,
):
  | { ok: true; signOffs: { doctorId: number; signOff: string | null; signOffEs: string | null }[] }
  | { ok: false; problem: string } {
  const byDoctor = new Map<number, { doctorId: number; signOff: string | null; signOffEs: string | null }>();
  for (const [key, value] of Object.entries(fields)) {
    const match = /^signOff(Es)?-(\d{1,15})$/.exec(key);
    if (!match) continue;
    const doctorId = Number(match[2]);
    const parsed = signOffText.safeParse(value);
    if (!parsed.success)
      return { ok: false, problem: `${parsed.error.issues[0]?.message ?? "Please check the sign-offs"}.` };
    const entry = byDoctor.get(doctorId) ?? { doctorId, signOff: null, signOffEs: null };
    if (match[1]) entry.signOffEs = parsed.data;
    else entry.signOff = parsed.data;
    byDoctor.set(doctorId, entry);
  }
  if (byDoctor.size === 0) return { ok: false, problem: "There are no doctors to set a sign-off for." };
  return { ok: true, signOffs: [...byDoctor.values()] };
}

export const pauseSchema = z.object({ paused: z.enum(["true", "false"]).transform((v) => v === "true") });

export const MAX_OPT_OUT_REASON = 500;
export const optOutSchema = z.object({
  patientId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  optedOut: z.enum(["true", "false"]).transform((v) => v === "true"),
  reason: z
    .string()
    .trim()
    .max(MAX_OPT_OUT_REASON, `The reason must be at most ${MAX_OPT_OUT_REASON} characters`)
    .optional()
    .transform((v) => (v ? v : null)),
  /** The name the page showed, only to say whom the confirmation is about (never stored). */
  patientName: z
    .string()
    .optional()
    .transform(
      (v) =>
        v
          ?.replace(/[\p{Cc}\u202A-\u202E\u2066-\u2069]/gu, " ")
          .replace(/\s+/g, " ")
          .trim()
          .slice(0, 200) || null,
    ),
});
export type OptOutInput = z.infer<typeof optOutSchema>;

const testLanguage = z.enum(["en", "es"], "Choose English or Spanish").default("en");
export const testGreetingSchema = z.discriminatedUnion("channel", [
  z.object({
    channel: z.literal("email"),
    to: z.string().trim().max(320).pipe(z.email("is not a valid e-mail address")),
    language: testLanguage,
  }),
  z.object({ channel: z.literal("sms"), to: phone, language: testLanguage }),
]);
export type TestGreetingInput = z.infer<typeof testGreetingSchema>;

/** The first problem of a failed parse, as a sentence for the form. */
export function firstProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "Please check the form.";
  const field = FIELD_NAMES[String(issue.path[0])];
  return field && !/^[A-Z]/.test(issue.message) ? `${field} ${issue.message}.` : issue.message;
}

const FIELD_NAMES: Record<string, string> = {
  contactName: "The contact name",
  contactEmail: "The e-mail address",
  contactPhone: "The phone number",
  to: "The address",
  patientId: "The patient",
  reason: "The reason",
};

/** Reads a FormData into a plain object of strings (files are ignored). */
export function formFields(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of form.entries()) if (typeof value === "string") out[key] = value;
  return out;
}

// ---- Query strings -------------------------------------------------------------------------------------------

export type SearchParams = Record<string, string | string[] | undefined>;

export function param(params: SearchParams, name: string): string | undefined {
  const value = params[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first.trim() === "" ? undefined : first.trim();
}

const isoDate = z.iso.date();

export interface HistoryFilters {
  from?: string;
  to?: string;
  channel?: "email" | "sms";
  status?: "pending" | "sent" | "failed";
}

/**
 * History filters from the query string. An invalid value is dropped (the list still shows) and named in
 * `problems`, so a mistyped URL never becomes an error page.
 */
export function parseHistoryFilters(params: SearchParams): {
  filters: HistoryFilters;
  page: number;
  problems: string[];
} {
  const problems: string[] = [];
  const filters: HistoryFilters = {};
  for (const name of ["from", "to"] as const) {
    const raw = param(params, name);
    if (raw === undefined) continue;
    if (isoDate.safeParse(raw).success) filters[name] = raw;
    else problems.push(`“${name === "from" ? "From" : "To"}” must be a date like 2026-01-31.`);
  }
  if (filters.from && filters.to && filters.from > filters.to) {
    problems.push("“From” is after “To”; showing both dates swapped.");
    [filters.from, filters.to] = [filters.to, filters.from];
  }
  const channel = param(params, "channel");
  if (channel === "email" || channel === "sms") filters.channel = channel;
  else if (channel !== undefined) problems.push("Unknown channel; showing all channels.");
  const status = param(params, "status");
  if (status === "pending" || status === "sent" || status === "failed") filters.status = status;
  else if (status !== undefined) problems.push("Unknown status; showing every status.");
  return { filters, page: parsePage(params), problems };
}

export function parsePage(params: SearchParams): number {
  const parsed = z.coerce.number().int().min(1).max(100_000).safeParse(param(params, "page"));
  return parsed.success ? parsed.data : 1;
}

/** The filters back as a query string (for paging links and the CSV export). */
export function historyQuery(filters: HistoryFilters, page?: number): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) query.set(key, value);
  if (page && page > 1) query.set("page", String(page));
  const text = query.toString();
  return text ? `?${text}` : "";
}

export interface PatientSearch {
  name?: string;
  cursor?: string;
}

/**
 * The patient search: "Smith", "Ann Smith" or "Smith, Ann". drchrono filters by first/last name prefix, so
 * two words become first + last name and one word is a last name.
 */
export function patientNameQuery(name: string): { firstName?: string; lastName?: string } {
  const text = name.trim().replace(/\s+/g, " ").slice(0, 100);
  if (!text) return {};
  if (text.includes(",")) {
    const [last, first] = text.split(",").map((s) => s.trim());
    return { ...(last ? { lastName: last } : {}), ...(first ? { firstName: first } : {}) };
  }
  const words = text.split(" ");
  if (words.length === 1) return { lastName: text };
  return { firstName: words[0], lastName: words.slice(1).join(" ") };
}

/**
 * drchrono's paging cursor is a full URL the client follows with our token, so only URLs on drchrono's own
 * patient list are accepted from a query string; anything else would send the token elsewhere.
 */
export function safePatientCursor(raw: string | undefined, drchronoBaseUrl: string): string | undefined {
  if (!raw) return undefined;
  try {
    const url = new URL(raw);
    const base = new URL(drchronoBaseUrl);
    const listPath = `${base.pathname.replace(/\/$/, "")}/api/patients`;
    if (url.origin !== base.origin || url.pathname.replace(/\/$/, "") !== listPath) return undefined;
    return url.toString();
  } catch {
    return undefined;
  }
}
