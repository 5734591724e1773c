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
 *   8. channels              unsubscribed / sms_stopped / email_bounced / sms_undeliverable / email_paused /
 *                            no_contact when no enabled channel is usable
 *
 * Within step 8 a channel is unusable for, in order: the patient's own opt-out, a missing or malformed contact, or
 * a contact the provider told us cannot be reached (suppressed; a changed address or number is not). E-mail is
 * not enabled at all while support has paused the practice's e-mail.
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
  SuppressionFlags,
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
  /** Absent: nothing suppressed. */
  suppressed?: SuppressionFlags;
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
  return chooseChannels(patient, ctx.settings, ctx.optOuts, ctx.suppressed ?? NOT_SUPPRESSED);
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

const NOT_SUPPRESSED: SuppressionFlags = { email: false, sms: false };

type Obstacle = {
  optOut: "email" | "sms" | null;
  /** The provider said this contact cannot be reached. */
  suppressed: "email" | "sms" | null;
  detail: string;
};
type Usable = { ok: true; value: string } | ({ ok: false } & Obstacle);

function emailUsability(patient: PatientRecord, optOuts: OptOutFlags, suppressed: boolean): Usable {
  if (optOuts.emailUnsubscribed)
    return { ok: false, optOut: "email", suppressed: null, detail: "unsubscribed from e-mail greetings" };
  const email = checkEmail(patient.email);
  if (!email.ok) return { ok: false, optOut: null, suppressed: null, detail: email.detail };
  if (suppressed) {
    return {
      ok: false,
      optOut: null,
      suppressed: "email",
      detail: "an earlier greeting to the e-mail address on the chart bounced",
    };
  }
  return email;
}

/** Patient wishes first (STOP, the chart's "no texts" flag), then the number itself. */
function smsUsability(patient: PatientRecord, optOuts: OptOutFlags, suppressed: boolean): Usable {
  if (optOuts.smsStopped)
    return { ok: false, optOut: "sms", suppressed: null, detail: "replied STOP to a text" };
  if (patient.disableSms === true) {
    return {
      ok: false,
      optOut: null,
      suppressed: null,
      detail: "text messages are turned off on the drchrono chart",
    };
  }
  const mobile = checkMobile(patient.cellPhone);
  if (!mobile.ok) return { ok: false, optOut: null, suppressed: null, detail: mobile.detail };
  if (suppressed) {
    return {
      ok: false,
      optOut: null,
      suppressed: "sms",
      detail: "an earlier text to the mobile number on the chart could not be delivered",
    };
  }
  return mobile;
}

function chooseChannels(
  patient: PatientRecord,
  settings: GreetingSettings,
  optOuts: OptOutFlags,
  suppressed: SuppressionFlags,
): Decision {
  const modeChannels = MODE_CHANNELS[settings.channelMode] ?? MODE_CHANNELS.email;
  // Without the practice's attestation that patients agreed to texts, SMS is not an enabled channel at all;
  // while support has paused the practice's e-mail, neither is e-mail.
  const enabled = modeChannels.filter(
    (c) => (c !== "sms" || settings.smsConsent) && (c !== "email" || !settings.emailPaused),
  );
  if (enabled.length === 0 && settings.emailPaused && modeChannels.includes("email")) {
    return {
      kind: "skip",
      reason: "email_paused",
      detail: "support paused the practice's e-mail greetings (too many bounces or spam complaints)",
    };
  }
  if (enabled.length === 0) {
    return {
      kind: "skip",
      reason: "no_contact",
      detail:
        "texts are the only channel, and the practice has not confirmed in Settings that patients agreed to them",
    };
  }

  const usability: Record<Channel, () => Usable> = {
    email: () => emailUsability(patient, optOuts, suppressed.email),
    sms: () => smsUsability(patient, optOuts, suppressed.sms),
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

/**
 * Named after the patient's own opt-out only when that was all that stood in the way; otherwise after a contact
 * the provider could not reach (the fix is a corrected chart), e-mail first; otherwise no usable contact.
 */
function noChannelSkip(obstacles: Obstacle[]): Skip {
  const detail = obstacles.map((o) => o.detail).join("; ");
  if (obstacles.every((o) => o.optOut !== null)) {
    return { reason: obstacles.some((o) => o.optOut === "email") ? "unsubscribed" : "sms_stopped", detail };
  }
  if (obstacles.some((o) => o.suppressed === "email")) return { reason: "email_bounced", detail };
  if (obstacles.some((o) => o.suppressed === "sms")) return { reason: "sms_undeliverable", detail };
  return { reason: "no_contact", detail };
}

function textOrNull(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}
