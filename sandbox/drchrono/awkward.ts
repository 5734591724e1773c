import { addDays, isLeapYear } from "./dates";
import { FEMALE_FIRST, HISPANIC_FEMALE_FIRST, HISPANIC_LAST, HISPANIC_MALE_FIRST, MALE_FIRST } from "./names";
import { type ApiPatient, emailFor, fictionalPhone } from "./patient-record";
import type { Rng } from "./random";

/**
 * The scripted patients: every awkward case a real chart has, several of each, most with a birthday today or in
 * the next fortnight so the dispatch and the dashboard meet them. Tags live in a side table (never in the API
 * payload) so tests can say "the deceased patient whose birthday is today".
 */

export const BIRTHDAY_WINDOW_DAYS = 14;

/** Tags naming each scripted case; `birthday-in-N` is added to every patient whose birthday is N days away. */
export type CaseTag =
  | "typical"
  | "feb29"
  | "dob-null"
  | "dob-impossible"
  | "dob-empty"
  | "dob-zero"
  | "dob-us-format"
  | "dob-future"
  | "age-over-120"
  | "no-doctor"
  | "inactive"
  | "deceased"
  | "no-email"
  | "no-phone"
  | "no-contact"
  | "landline-only"
  | "malformed-phone"
  | "sms-disabled"
  | "minor"
  | "nick-name"
  | "lang-spa"
  | "lang-zho"
  | "lang-fra"
  | "lang-blank"
  | "lang-other"
  | "lang-declined";

export type PatientTag = CaseTag | `birthday-in-${number}`;

/** Helpers a case uses to shape its patient. */
export interface CaseTools {
  rng: Rng;
  /** "Today" when the emulator started, in the patient's doctor's time zone (primary doctor when none). */
  anchorDate: string;
  /** A real birth date `dueIn` days after the anchor, `age` years before it (moved to a leap year for Feb 29). */
  birthDateIn(dueIn: number, age: number): string;
}

export interface ScriptedCase {
  tag: CaseTag;
  /** Days from the anchor to the birthday, when the case has a birthday in the window. */
  dueIn: number | null;
  /** Cases that need "no primary doctor" say so before the record is built. */
  noDoctor?: boolean;
  shape(p: ApiPatient, tools: CaseTools): void;
}

function birthDateIn(anchorDate: string, dueIn: number, age: number): string {
  const target = addDays(anchorDate, dueIn);
  const monthDay = target.slice(5);
  let year = Number(target.slice(0, 4)) - age;
  if (monthDay === "02-29") while (!isLeapYear(year)) year -= 1;
  return `${year}${target.slice(4)}`;
}

export function caseTools(rng: Rng, anchorDate: string): CaseTools {
  return { rng, anchorDate, birthDateIn: (dueIn, age) => birthDateIn(anchorDate, dueIn, age) };
}

/** A clean, greetable chart: an adult with an e-mail and a mobile number. */
function typical(p: ApiPatient, t: CaseTools, dueIn: number | null): void {
  if (dueIn !== null) p.date_of_birth = t.birthDateIn(dueIn, t.rng.int(19, 88));
  p.patient_status = "A";
  p.date_of_death = null;
  p.email = emailFor(t.rng, p.first_name, p.last_name);
  p.cell_phone = fictionalPhone(t.rng);
  p.disable_sms_messages = false;
  p.responsible_party_name = "";
  p.responsible_party_relation = "";
  p.responsible_party_email = "";
  p.responsible_party_phone = "";
  if (p.preferred_language === "") p.preferred_language = "eng";
}

/** The case repeated with a birthday today, one later in the window, and (when given) one outside it. */
function variants(
  tag: CaseTag,
  dues: (number | null)[],
  shape: (p: ApiPatient, t: CaseTools, dueIn: number | null, variant: number) => void,
  extra: Partial<ScriptedCase> = {},
): ScriptedCase[] {
  return dues.map((dueIn, variant) => ({
    tag,
    dueIn,
    ...extra,
    shape: (p, t) => {
      typical(p, t, dueIn);
      shape(p, t, dueIn, variant);
    },
  }));
}

function dob(value: string | null) {
  return (p: ApiPatient) => {
    p.date_of_birth = value;
  };
}

const LANGUAGE_CASES = (["zho", "fra", "blank", "other", "declined"] as const).flatMap((code) =>
  variants(`lang-${code}`, [0, null], (p) => {
    p.preferred_language = code;
  }),
);

/** In priority order: when a practice has fewer patients than cases, the first ones are kept. */
export const PRACTICE_A_CASES: readonly ScriptedCase[] = [
  ...Array.from({ length: BIRTHDAY_WINDOW_DAYS + 1 }, (_, dueIn) =>
    variants("typical", [dueIn, dueIn, dueIn, dueIn], () => {}),
  ).flat(),
  ...variants("feb29", [null, null, null], (p, _t, _d, v) => {
    p.date_of_birth = `${[1988, 2000, 2016][v]}-02-29`;
  }),
  ...variants("dob-null", [null, null, null], dob(null)),
  ...variants("dob-impossible", [null, null, null], (p, _t, _d, v) => {
    p.date_of_birth = ["1990-02-30", "1985-04-31", "2001-13-01"][v] ?? null;
  }),
  ...variants("dob-empty", [null, null], dob("")),
  ...variants("dob-zero", [null, null], dob("0000-00-00")),
  ...variants("dob-us-format", [null, 0], (p, t, dueIn) => {
    // A US-style date that, read as MM/DD/YYYY, would be today: it must still be treated as invalid.
    if (dueIn === null) p.date_of_birth = "12/05/1980";
    else {
      const [y, m, d] = t.birthDateIn(dueIn, 40).split("-");
      p.date_of_birth = `${m}/${d}/${y}`;
    }
  }),
  ...variants("dob-future", [0, null], (p, t, dueIn) => {
    p.date_of_birth =
      dueIn === null ? `${Number(t.anchorDate.slice(0, 4)) + 2}-07-04` : t.birthDateIn(dueIn, -1);
  }),
  ...variants("age-over-120", [0, 2, null], (p, t, dueIn, v) => {
    p.date_of_birth = dueIn === null ? "1879-11-11" : t.birthDateIn(dueIn, 121 + v * 4);
  }),
  ...variants("no-doctor", [0, 1, null], () => {}, { noDoctor: true }),
  ...variants("inactive", [0, 2, null], (p) => {
    p.patient_status = "I";
  }),
  ...variants("deceased", [0, 4, null], (p, t) => {
    p.patient_status = "D";
    p.date_of_death = addDays(t.anchorDate, -t.rng.int(30, 900));
  }),
  ...variants("no-email", [0, 5, null], (p) => {
    p.email = "";
  }),
  ...variants("no-phone", [0, 6, null], (p) => {
    p.cell_phone = "";
    p.home_phone = "";
    p.office_phone = "";
  }),
  ...variants("no-contact", [0, 7, null], (p) => {
    p.email = "";
    p.cell_phone = "";
    p.home_phone = "";
    p.office_phone = "";
  }),
  ...variants("landline-only", [0, 8, null], (p, t) => {
    p.email = "";
    p.cell_phone = "";
    p.office_phone = "";
    p.home_phone = fictionalPhone(t.rng);
  }),
  ...variants("malformed-phone", [0, 9, null], (p, _t, _d, v) => {
    p.email = "";
    p.cell_phone = ["12", "555-0123", "(415) 555-01"][v] ?? "12";
  }),
  ...variants("sms-disabled", [0, 10, null], (p) => {
    p.email = "";
    p.disable_sms_messages = true;
  }),
  ...variants("minor", [0, 11, null], (p, t, dueIn, v) => {
    const age = [7, 12, 16][v] ?? 9;
    p.date_of_birth =
      dueIn === null ? `${Number(t.anchorDate.slice(0, 4)) - age}-09-15` : t.birthDateIn(dueIn, age);
    const guardian = t.rng.pick(t.rng.chance(0.6) ? FEMALE_FIRST : MALE_FIRST);
    p.email = "";
    p.cell_phone = "";
    p.responsible_party_name = `${guardian} ${p.last_name}`;
    p.responsible_party_relation = t.rng.pick(["Mother", "Father", "Guardian"]);
    p.responsible_party_email = emailFor(t.rng, guardian, p.last_name);
    p.responsible_party_phone = fictionalPhone(t.rng);
  }),
  ...variants("nick-name", [0, 12, null], (p, _t, _d, v) => {
    const [first, nick] = [
      ["Elizabeth", "Liz"],
      ["Robert", "Bob"],
      ["Guadalupe", "Lupita"],
    ][v] ?? ["Margaret", "Peggy"];
    p.first_name = first ?? "Margaret";
    p.nick_name = nick ?? "Peggy";
    p.gender = first === "Robert" ? "Male" : "Female";
  }),
  ...variants("lang-spa", [0, 13, null], (p, t) => {
    const feminine = p.gender === "Female";
    p.first_name = t.rng.pick(feminine ? HISPANIC_FEMALE_FIRST : HISPANIC_MALE_FIRST);
    p.last_name = t.rng.pick(HISPANIC_LAST);
    p.email = emailFor(t.rng, p.first_name, p.last_name);
    p.preferred_language = "spa";
  }),
  ...LANGUAGE_CASES,
];

/** Practice B only needs a few birthdays today to prove they never reach practice A. */
export const PRACTICE_B_CASES: readonly ScriptedCase[] = [
  ...variants("typical", [0, 0, 0, 1, 3], () => {}),
  ...variants("deceased", [0], (p, t) => {
    p.patient_status = "D";
    p.date_of_death = addDays(t.anchorDate, -400);
  }),
];
