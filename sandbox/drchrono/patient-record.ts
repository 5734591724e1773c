import { addDays, drchronoTimestamp, isLeapYear, pad2 } from "./dates";
import {
  AREA_CODES,
  asciiSlug,
  EMAIL_DOMAINS,
  FEMALE_FIRST,
  HISPANIC_FEMALE_FIRST,
  HISPANIC_LAST,
  HISPANIC_MALE_FIRST,
  LAST,
  MALE_FIRST,
  MIDDLE_INITIALS,
  NICK_NAMES,
} from "./names";
import type { Rng } from "./random";

/** A patient exactly as `/api/patients` serialises it (drchrono API v4 field names). */
export interface ApiPatient {
  id: number;
  chart_id: string;
  doctor: number | null;
  first_name: string;
  nick_name: string;
  middle_name: string;
  last_name: string;
  date_of_birth: string | null;
  gender: "Male" | "Female" | "Other" | "UNK";
  email: string;
  cell_phone: string;
  home_phone: string;
  office_phone: string;
  patient_status: "A" | "I" | "D";
  disable_sms_messages: boolean;
  preferred_language: string;
  responsible_party_name: string;
  responsible_party_relation: string;
  responsible_party_email: string;
  responsible_party_phone: string;
  date_of_death: string | null;
  created_at: string;
  updated_at: string;
  /** Fields the product does not use; present so the client proves it tolerates them. */
  address: string;
  city: string;
  state: string;
  zip_code: string;
  ethnicity: string;
  race: string;
  offices: number[];
  patient_flags: unknown[];
  custom_demographics: unknown[];
  referring_source: string;
  pronouns: string;
}

/** What a generated patient is derived from, besides its own random stream. */
export interface RecordContext {
  id: number;
  /** 1-based position in the practice, for the chart id. */
  ordinal: number;
  doctor: number | null;
  /** The doctor's office, listed in the chart's `offices`. */
  office: number | null;
  /** Birth years are drawn relative to this year (never later than the emulator's "today"). */
  referenceYear: number;
  /** Timestamps are drawn before this instant. */
  latestMs: number;
}

const CREATED_FROM = Date.UTC(2012, 0, 1);
const CREATED_TO = Date.UTC(2024, 0, 1);
const DAY_MS = 86_400_000;

export function fictionalPhone(rng: Rng): string {
  return `(${rng.pick(AREA_CODES)}) 555-01${pad2(rng.int(0, 99))}`;
}

export function emailFor(rng: Rng, first: string, last: string): string {
  const suffix = rng.chance(0.5) ? String(rng.int(1, 99)) : "";
  return `${asciiSlug(first)}.${asciiSlug(last)}${suffix}@${rng.pick(EMAIL_DOMAINS)}`;
}

/** A random real calendar date in `year` (Feb 29 included in leap years). */
function randomDateIn(rng: Rng, year: number): string {
  const days = isLeapYear(year) ? 366 : 365;
  return addDays(`${year}-01-01`, rng.int(0, days - 1));
}

function randomAge(rng: Rng): number {
  return rng.weighted([
    [rng.int(0, 17), 20],
    [rng.int(18, 39), 28],
    [rng.int(40, 64), 32],
    [rng.int(65, 99), 20],
  ]);
}

const STREETS = ["Oak", "Pine", "Cedar", "Elm", "Washington", "Lincoln", "Park", "Lake", "Hill", "Sunset"];
const CITIES = [
  ["Brooklyn", "NY", "11215"],
  ["Queens", "NY", "11375"],
  ["Chicago", "IL", "60614"],
  ["Evanston", "IL", "60201"],
  ["Denver", "CO", "80203"],
  ["Aurora", "CO", "80012"],
] as const;

/**
 * A typical patient drawn from `rng`: mostly complete charts, with the small share of gaps real charts have.
 * The scripted awkward cases are layered on top of this by the caller.
 */
export function randomPatient(rng: Rng, ctx: RecordContext): ApiPatient {
  const gender = rng.weighted([
    ["Female", 51],
    ["Male", 47],
    ["Other", 1],
    ["UNK", 1],
  ] as const);
  const hispanic = rng.chance(0.25);
  const feminine = gender === "Female" || (gender !== "Male" && rng.chance(0.5));
  const first = hispanic
    ? rng.pick(feminine ? HISPANIC_FEMALE_FIRST : HISPANIC_MALE_FIRST)
    : rng.pick(feminine ? FEMALE_FIRST : MALE_FIRST);
  const last = hispanic ? rng.pick(HISPANIC_LAST) : rng.pick(LAST);
  const age = randomAge(rng);
  const birthYear = ctx.referenceYear - age;
  const dateOfBirth = rng.chance(0.004) ? null : randomDateIn(rng, birthYear);
  const minor = age < 18;
  const createdMs = CREATED_FROM + Math.floor(rng.next() * (CREATED_TO - CREATED_FROM));
  const updatedMs = Math.min(createdMs + Math.floor(rng.next() * 730 * DAY_MS), ctx.latestMs - DAY_MS);
  const status = rng.weighted([
    ["A", 95],
    ["I", 4],
    ["D", 1],
  ] as const);
  const [city, state, zip] = rng.pick(CITIES);
  const guardianLast = last;
  const guardianFirst = rng.pick(rng.chance(0.6) ? FEMALE_FIRST : MALE_FIRST);
  const language = hispanic
    ? rng.weighted([
        ["spa", 45],
        ["eng", 45],
        ["blank", 10],
      ])
    : rng.weighted([
        ["eng", 86],
        ["blank", 6],
        ["zho", 2],
        ["vie", 1],
        ["fra", 1],
        ["kor", 1],
        ["other", 1],
        ["declined", 1],
        ["", 1],
      ]);
  const office = ctx.office;
  return {
    id: ctx.id,
    chart_id:
      `${asciiSlug(last).slice(0, 2)}${asciiSlug(first).slice(0, 2)}${String(ctx.ordinal).padStart(6, "0")}`.toUpperCase(),
    doctor: ctx.doctor,
    first_name: first,
    nick_name: rng.chance(0.06) ? (NICK_NAMES[first] ?? "") : "",
    middle_name: rng.chance(0.5) ? (MIDDLE_INITIALS[rng.int(0, MIDDLE_INITIALS.length - 1)] ?? "") : "",
    last_name: last,
    date_of_birth: dateOfBirth,
    gender,
    email: minor
      ? age >= 14 && rng.chance(0.3)
        ? emailFor(rng, first, last)
        : ""
      : rng.chance(0.9)
        ? emailFor(rng, first, last)
        : "",
    cell_phone: minor ? "" : rng.chance(0.82) ? fictionalPhone(rng) : "",
    home_phone: rng.chance(0.3) ? fictionalPhone(rng) : "",
    office_phone: !minor && rng.chance(0.1) ? fictionalPhone(rng) : "",
    patient_status: status,
    disable_sms_messages: rng.chance(0.04),
    preferred_language: language,
    responsible_party_name: minor ? `${guardianFirst} ${guardianLast}` : "",
    responsible_party_relation: minor ? rng.pick(["Mother", "Father", "Guardian"]) : "",
    responsible_party_email: minor ? emailFor(rng, guardianFirst, guardianLast) : "",
    responsible_party_phone: minor ? fictionalPhone(rng) : "",
    date_of_death: status === "D" ? new Date(updatedMs).toISOString().slice(0, 10) : null,
    created_at: drchronoTimestamp(createdMs),
    updated_at: drchronoTimestamp(Math.max(updatedMs, createdMs)),
    address: `${rng.int(10, 9999)} ${rng.pick(STREETS)} ${rng.pick(["Street", "Avenue", "Road", "Lane"])}`,
    city,
    state,
    zip_code: zip,
    ethnicity: hispanic ? "hispanic" : rng.pick(["not_hispanic", "blank", "declined"]),
    race: rng.pick(["white", "black", "asian", "indian", "hawaiian", "other", "blank", "declined"]),
    offices: office === null ? [] : [office],
    patient_flags: [],
    custom_demographics: [],
    referring_source: "",
    pronouns: "",
  };
}
