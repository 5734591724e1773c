/*
 * Who is greeted today, and if not, the one reason why. The checks run in a fixed order, so a patient always shows
 * the same reason and staff fix the most fundamental problem first:
 *
 *   1. birth date problems   no_birth_date, invalid_birth_date, birth_date_in_future, implausible_age
 *   2. not today             the fresh record's birth date is not greeted today -> { kind: "not_today" }
 *   3. deceased              status "D" or a date of death recorded
 *   4. inactive              status anything but "A"
 *   5. no_primary_doctor     the greeting is signed by the primary doctor
 *   6. responsible_party     unless the practice opted in to greeting them
 *   7. opted_out             staff opted the patient out
 *   8. channels              unsubscribed / sms_stopped / no_contact when no enabled channel is usable
 *
 * Steps 1 and 3-5 depend on the record alone (classifyRecord, stored in the patient index); the rest depend on the
 * day, the settings and the opt-outs. Nothing here throws on patient data.
 */
import { type BirthDateResult, parseBirthDate } from "./birth-date";
import { checkEmail, checkMobile } from "./contacts";
import { isGreetedOn, type MonthDay, parseCalendarDate, requireIsoDate } from "./dates";
import type {
  Channel,
  ChannelMode,
  Decision,
  GreetingSettings,
  IsoDate,
  OptOutFlags,
  PatientRecord,
  SkipReason,
} from "./types";

export interface Skip {
  reason: SkipReason;
  detail: string;
}

export interface RecordClassification {
  /** Birth month and day whenever the birth date is a real calendar date (even a skipped one), else null. */
  birth: MonthDay | null;
  /** The first reason the record alone rules the patient out, or null when only the day's checks remain. */
  skip: Skip | null;
}

export interface DecisionContext {
  /** The account-local date. */
  today: IsoDate;
  settings: GreetingSettings;
  optOuts: OptOutFlags;
}

/** What the record alone says, for the minimal patient index. */
export function classifyRecord(patient: PatientRecord, today: IsoDate): RecordClassification {
  requireIsoDate(today);
  const real = parseCalendarDate(patient.dateOfBirth);
  const birth = parseBirthDate(textOrNull(patient.dateOfBirth), today);
  return {
    birth: real ? { month: real.month, day: real.day } : null,
    skip: birthSkip(birth) ?? recordSkip(patient),
  };
}

/** The full decision for `ctx.today`. Throws only when `ctx.today` is not a calendar date (a caller bug). */
export function decide(patient: PatientRecord, ctx: DecisionContext): Decision {
  const today = requireIsoDate(ctx.today);
  const birth = parseBirthDate(textOrNull(patient.dateOfBirth), ctx.today);
  if (!birth.ok) return { kind: "skip", reason: birth.reason, detail: birth.detail };
  // A patient born today has no birthday to celebrate yet.
  if (birth.year === today.year || !isGreetedOn(birth, ctx.today)) return { kind: "not_today" };

  const recordProblem = recordSkip(patient);
  if (recordProblem) return { kind: "skip", ...recordProblem };
  if (patient.hasResponsibleParty === true && !ctx.settings.greetResponsibleParty) {
    return {
      kind: "skip",
      reason: "responsible_party",
      detail:
        "a responsible party (guardian) is recorded, and greeting these patients is turned off in Settings",
    };
  }
  if (ctx.optOuts.staff) return { kind: "skip", reason: "opted_out", detail: "opted out by practice staff" };
  return chooseChannels(patient, ctx.settings, ctx.optOuts);
}

function birthSkip(birth: BirthDateResult): Skip | null {
  return birth.ok ? null : { reason: birth.reason, detail: birth.detail };
}

/** Deceased, inactive, no primary doctor: in that order. */
function recordSkip(patient: PatientRecord): Skip | null {
  const status = typeof patient.status === "string" ? patient.status.trim().toUpperCase() : "";
  const dateOfDeath = textOrNull(patient.dateOfDeath)?.trim() ?? "";
  if (status === "D" || dateOfDeath !== "") {
    return {
      reason: "deceased",
      detail: dateOfDeath !== "" ? "a date of death is recorded" : "marked deceased in drchrono",
    };
  }
  if (status !== "A") {
    const detail =
      status === "I"
        ? "marked inactive in drchrono"
        : status === ""
          ? "no patient status in drchrono (only active patients are greeted)"
          : `patient status ${JSON.stringify(status.slice(0, 20))} is not active`;
    return { reason: "inactive", detail };
  }
  if (!(typeof patient.doctorId === "number" && Number.isInteger(patient.doctorId) && patient.doctorId > 0)) {
    return { reason: "no_primary_doctor", detail: "no primary doctor on the chart to sign the greeting" };
  }
  return null;
}

const MODE_CHANNELS: Record<ChannelMode, Channel[]> = {
  email: ["email"],
  sms: ["sms"],
  both: ["email", "sms"],
  email_then_sms: ["email", "sms"],
};

type Obstacle = { optOut: "email" | "sms" | null; detail: string };
type Usable = { ok: true; value: string } | ({ ok: false } & Obstacle);

function emailUsability(patient: PatientRecord, optOuts: OptOutFlags): Usable {
  if (optOuts.emailUnsubscribed)
    return { ok: false, optOut: "email", detail: "unsubscribed from e-mail greetings" };
  const email = checkEmail(patient.email);
  return email.ok ? email : { ok: false, optOut: null, detail: email.detail };
}

/** Patient wishes first (STOP, the chart's "no texts" flag), then the number itself. */
function smsUsability(patient: PatientRecord, optOuts: OptOutFlags): Usable {
  if (optOuts.smsStopped) return { ok: false, optOut: "sms", detail: "replied STOP to a text" };
  if (patient.disableSms === true) {
    return { ok: false, optOut: null, detail: "text messages are turned off on the drchrono chart" };
  }
  const mobile = checkMobile(patient.cellPhone);
  return mobile.ok ? mobile : { ok: false, optOut: null, detail: mobile.detail };
}

function chooseChannels(patient: PatientRecord, settings: GreetingSettings, optOuts: OptOutFlags): Decision {
  const modeChannels = MODE_CHANNELS[settings.channelMode] ?? MODE_CHANNELS.email;
  // Without the practice's attestation that patients agreed to texts, SMS is not an enabled channel at all.
  const enabled = settings.smsConsent ? modeChannels : modeChannels.filter((c) => c !== "sms");
  if (enabled.length === 0) {
    return {
      kind: "skip",
      reason: "no_contact",
      detail:
        "texts are the only channel, and the practice has not confirmed in Settings that patients agreed to them",
    };
  }

  const usability: Record<Channel, () => Usable> = {
    email: () => emailUsability(patient, optOuts),
    sms: () => smsUsability(patient, optOuts),
  };
  const results = enabled.map((channel) => ({ channel, result: usability[channel]() }));
  const usable = results.filter((r) => r.result.ok);
  const chosen = settings.channelMode === "email_then_sms" ? usable.slice(0, 1) : usable;

  if (chosen.length > 0) {
    const contactFor = (channel: Channel) => {
      const hit = chosen.find((c) => c.channel === channel)?.result;
      return hit?.ok ? hit.value : null;
    };
    return {
      kind: "greet",
      channels: chosen.map((c) => c.channel),
      email: contactFor("email"),
      phone: contactFor("sms"),
    };
  }

  const obstacles = results.flatMap(({ result }) => (result.ok ? [] : [result]));
  return { kind: "skip", ...noChannelSkip(obstacles) };
}

/** Named after the patient's own opt-out only when that was all that stood in the way. */
function noChannelSkip(obstacles: Obstacle[]): Skip {
  const detail = obstacles.map((o) => o.detail).join("; ");
  if (obstacles.every((o) => o.optOut !== null)) {
    return { reason: obstacles.some((o) => o.optOut === "email") ? "unsubscribed" : "sms_stopped", detail };
  }
  return { reason: "no_contact", detail };
}

function textOrNull(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}
