import { parsePhoneNumberFromString } from "libphonenumber-js";
import { z } from "zod";

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

/** Every IANA zone this runtime knows (the same list the settings page offers). */
export function timeZoneChoices(): string[] {
  const zones = Intl.supportedValuesOf("timeZone");
  return zones.includes("UTC") ? zones : ["UTC", ...zones];
}

export function isKnownTimeZone(zone: string): boolean {
  return timeZoneChoices().includes(zone);
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

export const settingsSchema = z.object({
  channelMode: z.enum(CHANNEL_MODES, "Choose one of the offered channel settings"),
  timeZone: z.string().refine(isKnownTimeZone, "Choose a time zone from the list"),
  greetResponsibleParty: checkbox,
  smsConsent: checkbox,
});
export type SettingsInput = z.infer<typeof settingsSchema>;

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
});
export type OptOutInput = z.infer<typeof optOutSchema>;

export const testGreetingSchema = z.discriminatedUnion("channel", [
  z.object({
    channel: z.literal("email"),
    to: z.string().trim().max(320).pipe(z.email("is not a valid e-mail address")),
  }),
  z.object({ channel: z.literal("sms"), to: phone }),
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
