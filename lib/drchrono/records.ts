/*
 * The boundary between drchrono's JSON and our types (a tolerant reader). Each schema names ONLY the fields the
 * product uses: every other field, known or not, is ignored whatever its shape (drchrono's real answers differ
 * from its spec: `permissions` came back as an object of booleans where the spec says a string). A used field in
 * an unexpected shape makes the record a classified problem instead of an exception, so one bad chart never stops
 * a practice's run. Problem texts name the field and what was wrong with it, never its value.
 */
import { z } from "zod";
import type { PatientRecord } from "@/lib/greetings/types";
import {
  type DrchronoDoctor,
  DrchronoError,
  type DrchronoOffice,
  type DrchronoUser,
  type ParsedPatient,
} from "./types";

/** A record that could not be used, with the id when one could be read. */
export interface RecordProblem {
  id: number | null;
  problem: string;
}

export type Parsed<T> = { ok: true; value: T } | ({ ok: false } & RecordProblem);

/** drchrono ids are integers; a string of digits is accepted too (some proxies stringify numbers). */
const positiveId = z.number().int().positive();
const idSchema = z.union([positiveId, z.string().regex(/^\d+$/).transform(Number).pipe(positiveId)]);
/** A reference that may be absent: null, a missing key and "" (drchrono's empty value) all mean "none". */
const optionalId = z
  .union([idSchema, z.literal("")])
  .nullish()
  .transform((v) => (v === "" || v === undefined || v === null ? null : v));
const text = z
  .string()
  .nullish()
  .transform((v) => v ?? "");
/** drchrono sends "" for missing text; we say null. */
const optionalText = z
  .string()
  .nullish()
  .transform((v) => {
    const trimmed = v?.trim() ?? "";
    return trimmed === "" ? null : trimmed;
  });
/** Kept exactly as sent: the core classifies odd values ("", "0000-00-00", ...). */
const rawText = z
  .string()
  .nullish()
  .transform((v) => v ?? null);
const flag = z
  .boolean()
  .nullish()
  .transform((v) => v ?? false);
/** Guardian fields only matter as "is anything there"; a wrong type there counts as nothing. */
const presence = z
  .unknown()
  .optional()
  .transform((v) => typeof v === "string" && v.trim() !== "");

const patientSchema = z.object({
  id: idSchema,
  doctor: optionalId,
  first_name: text,
  nick_name: optionalText,
  last_name: text,
  date_of_birth: rawText,
  email: optionalText,
  cell_phone: optionalText,
  home_phone: optionalText,
  patient_status: optionalText,
  date_of_death: optionalText,
  disable_sms_messages: flag,
  preferred_language: optionalText,
  responsible_party_name: presence,
  responsible_party_email: presence,
  responsible_party_phone: presence,
  updated_at: optionalText,
});

/** The fields sign-in uses; `is_staff`, `permissions` and the rest are not read (their shapes vary). */
const userSchema = z.object({
  id: idSchema,
  username: text,
  doctor: optionalId,
  practice_group: idSchema,
  is_doctor: flag,
});

/** Names, time zone, practice name and contact: what sign-in, greetings and activation show. */
const doctorSchema = z.object({
  id: idSchema,
  first_name: text,
  last_name: text,
  suffix: optionalText,
  timezone: optionalText,
  practice_group_name: optionalText,
  email: optionalText,
  office_phone: optionalText,
});

/** The postal address for the e-mail footer, and whose office it is. */
const officeSchema = z.object({
  id: idSchema,
  doctor: optionalId,
  address: optionalText,
  city: optionalText,
  state: optionalText,
  zip_code: optionalText,
  archived: flag,
});

/**
 * A list page: drchrono's prose and clients say `results`, the generated schema says `data`. `next` decides where
 * the listing goes, so it must be a URL or null ("" counts as null); `previous` only feeds a "previous page" link,
 * so any other shape of it is read as null.
 */
const pageSchema = z.object({
  results: z.unknown().optional(),
  data: z.unknown().optional(),
  next: z
    .union([z.string(), z.null()])
    .optional()
    .transform((v) => (v ? v : null)),
  previous: z
    .unknown()
    .optional()
    .transform((v) => (typeof v === "string" && v !== "" ? v : null)),
});

export interface RawPage {
  items: unknown[];
  next: string | null;
  previous: string | null;
}

/** Reads a list envelope; anything that is not a page is a bad response (we cannot tell where the list ends). */
export function parsePage(raw: unknown, path: string): RawPage {
  const parsed = pageSchema.safeParse(raw);
  if (!parsed.success) {
    throw new DrchronoError("bad_response", `GET ${path}: not a list page`, undefined, { path });
  }
  const { results, data, next, previous } = parsed.data;
  const items = Array.isArray(results) ? results : Array.isArray(data) ? data : undefined;
  if (!items) throw new DrchronoError("bad_response", `GET ${path}: not a list page`, undefined, { path });
  return { items, next, previous };
}

export function parsePatient(raw: unknown): ParsedPatient {
  const result = parseRecord(patientSchema, raw);
  if (!result.ok) return result;
  const p = result.value;
  const patient: PatientRecord = {
    id: p.id,
    doctorId: p.doctor,
    firstName: p.first_name,
    nickName: p.nick_name,
    lastName: p.last_name,
    dateOfBirth: p.date_of_birth,
    email: p.email,
    cellPhone: p.cell_phone,
    homePhone: p.home_phone,
    status: p.patient_status,
    dateOfDeath: p.date_of_death,
    disableSms: p.disable_sms_messages,
    preferredLanguage: p.preferred_language,
    hasResponsibleParty: p.responsible_party_name || p.responsible_party_email || p.responsible_party_phone,
  };
  return { ok: true, patient, updatedAt: p.updated_at };
}

/**
 * The signed-in user is needed whole: a malformed one is a bad response (sign-in shows a specific error page for
 * it, see lib/auth), not a skippable record.
 */
export function parseUser(raw: unknown): DrchronoUser {
  const result = parseRecord(userSchema, raw);
  if (!result.ok) {
    throw new DrchronoError("bad_response", `malformed user record: ${result.problem}`, undefined, {
      path: USER_PATH,
    });
  }
  const u = result.value;
  return {
    id: u.id,
    username: u.username,
    doctor: u.doctor,
    practiceGroup: u.practice_group,
    isDoctor: u.is_doctor,
  };
}

export function parseDoctor(raw: unknown): Parsed<DrchronoDoctor> {
  const result = parseRecord(doctorSchema, raw);
  if (!result.ok) return result;
  const d = result.value;
  return {
    ok: true,
    value: {
      id: d.id,
      firstName: d.first_name,
      lastName: d.last_name,
      suffix: d.suffix,
      timeZone: d.timezone,
      practiceGroupName: d.practice_group_name,
      email: d.email,
      officePhone: d.office_phone,
    },
  };
}

export function parseOffice(raw: unknown): Parsed<DrchronoOffice> {
  const result = parseRecord(officeSchema, raw);
  if (!result.ok) return result;
  const o = result.value;
  return {
    ok: true,
    value: {
      id: o.id,
      doctor: o.doctor,
      address: o.address,
      city: o.city,
      state: o.state,
      zipCode: o.zip_code,
      archived: o.archived,
    },
  };
}

/** The path a user record comes from, after drchrono's redirect from /api/users/current. */
export const USER_PATH = "/api/users/{id}";

function parseRecord<S extends z.ZodType>(schema: S, raw: unknown): Parsed<z.output<S>> {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { ok: false, id: null, problem: "record is not an object" };
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, id: readId(raw), problem: describeIssues(parsed.error, raw) };
}

function readId(raw: object): number | null {
  const id = idSchema.safeParse((raw as { id?: unknown }).id);
  return id.success ? id.data : null;
}

/** "doctor: wrong type; id: missing" — field names and kinds of fault only, never values. */
function describeIssues(error: z.ZodError, raw: object): string {
  const fields = raw as Record<string, unknown>;
  return error.issues
    .map((issue) => {
      const field = issue.path.map(String).join(".") || "record";
      const top = issue.path[0];
      const value = typeof top === "string" ? fields[top] : undefined;
      if (value === undefined || value === null) return `${field}: missing`;
      return `${field}: ${issue.code === "invalid_type" || issue.code === "invalid_union" ? "wrong type" : "invalid"}`;
    })
    .join("; ");
}
