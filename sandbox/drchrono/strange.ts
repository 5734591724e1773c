/*
 * "Strange but plausible" answers: what a drchrono we did not write may send while still meaning the same thing.
 * Every field the product does not use gets an odd shape (the real `permissions` came back as an object of
 * booleans), ids come as numeric strings, "" stands where null is expected, unknown fields appear, and list pages
 * name their array `data` (as drchrono's generated schema does) instead of `results`. Fields the product uses keep
 * their meaning, so a tolerant reader must greet exactly the same patients as with the plain answers.
 */

type Json = Record<string, unknown>;

const isRecord = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Odd shapes for fields the product never reads, chosen by field name so the same record is always the same. */
const UNUSED: Record<string, unknown[]> = {
  permissions: [{ "manage-patients": true, "manage-billing": false }],
  is_staff: ["false"],
  practice_group: ["77"],
  is_account_suspended: [null],
  job_title: [{ en: "Physician" }],
  specialty: [["Family Medicine"]],
  name: [{ display: "Main office" }],
  country: [null],
  phone_number: [5_551_234],
  archived_reason: [[]],
  gender: [1],
  chart_id: [12345],
  race: [["declined"]],
  ethnicity: [true],
  address: [{ line1: "hidden" }],
  city: [null],
  zip_code: [60601],
  responsible_party_relation: [{ code: "parent" }],
};

/** Fields of each record kind the reader uses, which this mode must leave meaning the same. */
const USED_BY_KIND: Record<string, Set<string>> = {
  user: new Set(["id", "username", "doctor", "practice_group", "is_doctor"]),
  doctor: new Set([
    "id",
    "first_name",
    "last_name",
    "suffix",
    "timezone",
    "practice_group_name",
    "email",
    "office_phone",
  ]),
  office: new Set(["id", "doctor", "address", "city", "state", "zip_code", "archived"]),
  patient: new Set([
    "id",
    "doctor",
    "first_name",
    "nick_name",
    "last_name",
    "date_of_birth",
    "email",
    "cell_phone",
    "home_phone",
    "patient_status",
    "date_of_death",
    "disable_sms_messages",
    "preferred_language",
    "responsible_party_name",
    "responsible_party_email",
    "responsible_party_phone",
    "updated_at",
  ]),
};

function kindOf(path: string): keyof typeof USED_BY_KIND | null {
  if (/^\/api\/users(\/|$)/.test(path)) return "user";
  if (/^\/api\/doctors(\/|$)/.test(path)) return "doctor";
  if (/^\/api\/offices(\/|$)/.test(path)) return "office";
  if (/^\/api\/patients(\/|$)/.test(path)) return "patient";
  return null;
}

function strangeRecord(record: Json, used: Set<string>): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(record)) {
    if (used.has(key)) {
      // Same meaning, other spelling: ids as numeric strings, "" for an absent reference or text.
      if ((key === "id" || key === "doctor") && typeof value === "number") out[key] = String(value);
      else if (value === null && key !== "date_of_birth" && key !== "disable_sms_messages") out[key] = "";
      else out[key] = value;
    } else {
      out[key] = UNUSED[key]?.[0] ?? { unexpected: [value] };
    }
  }
  out.custom_demographics = [{ id: 1, value: null }];
  out._links = { self: { href: "/api/x" } };
  return out;
}

/** Rewrites a successful JSON answer of the API (a record or a list page) the strange way. */
export function strangeApiBody(path: string, body: unknown): unknown {
  const kind = kindOf(path);
  if (!kind || !isRecord(body)) return body;
  const used = USED_BY_KIND[kind] as Set<string>;
  if (Array.isArray(body.results)) {
    const { results, ...rest } = body;
    return {
      ...rest,
      data: results.map((r) => (isRecord(r) ? strangeRecord(r, used) : r)),
      count: String(results.length),
      previous: rest.previous ?? "",
    };
  }
  return strangeRecord(body, used);
}

/** Token answers gain fields nobody promised; the ones OAuth defines keep their meaning. */
export function strangeTokenBody(body: unknown): unknown {
  if (!isRecord(body)) return body;
  return { ...body, token_type: "Bearer", user: { id: 1, extra: [true] }, refresh_expires_in: null };
}
