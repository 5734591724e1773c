/*
 * The boundary between drchrono's JSON and our types. Every record is validated here with zod; unknown fields are
 * ignored, and a record of the wrong shape becomes a classified value instead of an exception, so one bad chart
 * never stops a practice's run. Problem texts name the field and what was wrong with it, never its value.
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
const idSchema = z.union([z.number().int().positive(), z.string().regex(/^\d+$/).transform(Number)]);
const optionalId = idSchema.nullish().transform((v) => v ?? null);
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

const userSchema = z.object({
  id: idSchema,
  username: text,
  doctor: optionalId,
  practice_group: idSchema,
  is_doctor: flag,
  is_staff: flag,
  permissions: z
    .array(z.string())
    .nullish()
    .transform((v) => v ?? []),
});

const doctorSchema = z.object({
  id: idSchema,
  first_name: text,
  last_name: text,
  suffix: optionalText,
  timezone: optionalText,
  practice_group: optionalId,
  practice_group_name: optionalText,
  email: optionalText,
  office_phone: optionalText,
  is_account_suspended: flag,
});

const officeSchema = z.object({
  id: idSchema,
  doctor: optionalId,
  name: text,
  address: optionalText,
  city: optionalText,
  state: optionalText,
  zip_code: optionalText,
  country: optionalText,
  phone_number: optionalText,
  archived: flag,
});

/** A list page: drchrono's prose and clients say `results`, the generated schema says `data`. */
const pageSchema = z.object({
  results: z.array(z.unknown()).optional(),
  data: z.array(z.unknown()).optional(),
  next: z.string().nullish(),
  previous: z.string().nullish(),
});

export interface RawPage {
  items: unknown[];
  next: string | null;
  previous: string | null;
}

/** Reads a list envelope; anything that is not a page is a bad response (we cannot tell where the list ends). */
export function parsePage(raw: unknown, path: string): RawPage {
  const parsed = pageSchema.safeParse(raw);
  const items = parsed.success ? (parsed.data.results ?? parsed.data.data) : undefined;
  if (!parsed.success || !items) {
    throw new DrchronoError("bad_response", `GET ${path}: not a list page`, undefined, { path });
  }
  return { items, next: parsed.data.next ?? null, previous: parsed.data.previous ?? null };
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

/** The signed-in user is needed whole: a malformed one is a bad response, not a skippable record. */
export function parseUser(raw: unknown): DrchronoUser {
  const result = parseRecord(userSchema, raw);
  if (!result.ok) throw new DrchronoError("bad_response", `malformed user record: ${result.problem}`);
  const u = result.value;
  return {
    id: u.id,
    username: u.username,
    doctor: u.doctor,
    practiceGroup: u.practice_group,
    isDoctor: u.is_doctor,
    isStaff: u.is_staff,
    permissions: u.permissions,
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
      practiceGroup: d.practice_group,
      practiceGroupName: d.practice_group_name,
      email: d.email,
      officePhone: d.office_phone,
      isAccountSuspended: d.is_account_suspended,
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
      name: o.name,
      address: o.address,
      city: o.city,
      state: o.state,
      zipCode: o.zip_code,
      country: o.country,
      phoneNumber: o.phone_number,
      archived: o.archived,
    },
  };
}

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
