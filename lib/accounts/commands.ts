import "server-only";
import type { Database } from "@/db/client";
import { getAccount } from "@/db/queries/accounts";
import { writeAudit } from "@/db/queries/audit";
import { recordOptOut, removeStaffOptOut } from "@/db/queries/opt-outs";
import { countRecentAudit, requestActivation, setPaused, updateSettings } from "@/db/queries/settings";
import { saveSignOffs, saveWording } from "@/db/queries/wording";
import type { Account } from "@/db/schema";
import type { EmailChannel, SmsChannel } from "@/lib/channels/types";
import type { Language } from "@/lib/greetings/language";
import { isDefaultWording } from "@/lib/greetings/template";
import type { Doctor } from "@/lib/greetings/types";
import {
  activationRequestSchema,
  describeTimeZone,
  firstProblem,
  formFields,
  optOutSchema,
  parseSignOffs,
  pauseSchema,
  settingsSchema,
  testGreetingSchema,
  timeZoneChoices,
  wordingSchema,
} from "./forms";
import type { GreetingPreview } from "./preview";
import { DOCTORS_ONLY_MESSAGE, mayPerform } from "./roles";
import { type ActionResult, actorOf, type PracticeSession } from "./session";
import { isTestRecipient, testRecipients } from "./test-recipients";

/*
 * What the dashboard's server actions do, as plain functions of (db, session, form, deps) so tests drive them
 * without Next. The account is always the session's; the form only ever says what to change, never where.
 */

const ok = (message: string): ActionResult => ({ status: "ok", message });
const fail = (message: string): ActionResult => ({ status: "error", message });

export interface ActivationDeps {
  now: Date;
  /** Tells support by e-mail; resolves false when the e-mail could not be sent (the request still stands). */
  notifySupport: (account: Account, requestedBy: string) => Promise<boolean>;
}

export async function requestActivationCommand(
  db: Database,
  session: PracticeSession,
  form: FormData,
  deps: ActivationDeps,
): Promise<ActionResult> {
  if (!mayPerform(session, "request_activation")) return fail(DOCTORS_ONLY_MESSAGE.request_activation);
  const parsed = activationRequestSchema.safeParse(formFields(form));
  if (!parsed.success) return fail(firstProblem(parsed.error));
  const { contactName, contactEmail, contactPhone } = parsed.data;
  const outcome = await requestActivation(
    db,
    session.accountId,
    { contactName, contactEmail, contactPhone },
    actorOf(session),
    deps.now,
  );
  if (!outcome.requested) {
    if (outcome.activation === "deactivated")
      return fail("Support has deactivated this account; please contact support instead.");
    return ok(
      outcome.activation === "active"
        ? "Greetings are already active for your practice."
        : "Activation was already requested; support will be in touch.",
    );
  }
  const account = await getAccount(db, session.accountId);
  const requestedBy = session.displayName ?? session.email ?? "a practice user";
  const notified = account ? await deps.notifySupport(account, requestedBy).catch(() => false) : false;
  return ok(
    notified
      ? "Thank you. Support has been told and will contact you to confirm before switching greetings on."
      : "Your request is recorded. Support could not be e-mailed just now; they will still see it in their list.",
  );
}

export async function setPausedCommand(
  db: Database,
  session: PracticeSession,
  form: FormData,
  deps: { now: Date },
): Promise<ActionResult> {
  const parsed = pauseSchema.safeParse(formFields(form));
  if (!parsed.success) return fail("Unknown request.");
  const { paused } = parsed.data;
  if (!paused && !mayPerform(session, "resume")) return fail(DOCTORS_ONLY_MESSAGE.resume);
  const outcome = await setPaused(db, session.accountId, paused, actorOf(session), deps.now);
  if (outcome === "deactivated")
    return fail(
      "Support has deactivated this account, so greetings cannot be resumed here. Please contact support.",
    );
  if (paused) return ok("Greetings are paused. The next daily run sends nothing for your practice.");
  return ok("Greetings are resumed from the next daily run.");
}

export async function saveSettingsCommand(
  db: Database,
  session: PracticeSession,
  form: FormData,
  deps: { now: Date },
): Promise<ActionResult> {
  if (!mayPerform(session, "change_settings")) return fail(DOCTORS_ONLY_MESSAGE.change_settings);
  const parsed = settingsSchema.safeParse(formFields(form));
  if (!parsed.success) return fail(firstProblem(parsed.error));
  await updateSettings(db, session.accountId, parsed.data, actorOf(session), deps.now);
  // Words typed into the picker ("Houston") were a search: say which zone they found.
  const zone = timeZoneChoices().find((choice) => choice.zone === parsed.data.timeZone);
  const found =
    zone && String(form.get("timeZone") ?? "").trim() !== zone.zone
      ? ` Time zone: ${describeTimeZone(zone)}.`
      : "";
  const usesSms = parsed.data.channelMode !== "email";
  if (usesSms && !parsed.data.smsConsent)
    return ok(
      `Settings saved. No text messages go out until you confirm that your patients agreed to receive them.${found}`,
    );
  return ok(`Settings saved. They apply from the next daily run.${found}`);
}

export interface OptOutDeps {
  now: Date;
  /**
   * Whether the patient belongs to the session's practice ("unknown" when drchrono cannot say right now). Patient
   * ids are drchrono's, so an id typed into a form could name another practice's patient.
   */
  isPatientOfAccount: (patientId: number) => Promise<"yes" | "no" | "unknown">;
}

export async function setOptOutCommand(
  db: Database,
  session: PracticeSession,
  form: FormData,
  deps: OptOutDeps,
): Promise<ActionResult> {
  const parsed = optOutSchema.safeParse(formFields(form));
  if (!parsed.success) return fail(firstProblem(parsed.error));
  const { patientId, optedOut, reason, patientName } = parsed.data;
  const who = patientName ?? `Patient #${patientId}`;
  const actor = actorOf(session);
  if (!optedOut) {
    const removed = await removeStaffOptOut(db, {
      accountId: session.accountId,
      patientId,
      actor,
      at: deps.now,
    });
    return removed
      ? ok(`${who} will be greeted again.`)
      : ok(`${who} was not opted out by staff; an unsubscribe or STOP by the patient stands.`);
  }
  const belongs = await deps.isPatientOfAccount(patientId);
  if (belongs === "no") return fail(`Patient #${patientId} is not a patient of your practice in drchrono.`);
  if (belongs === "unknown")
    return fail(
      "drchrono is not answering right now, so this patient could not be confirmed. Please try again soon.",
    );
  const recorded = await recordOptOut(db, {
    accountId: session.accountId,
    patientId,
    source: "staff",
    actor,
    reason,
    at: deps.now,
  });
  return ok(recorded ? `${who} is opted out and will not be greeted.` : `${who} was already opted out.`);
}

/** Test sends per account and hour: enough to try both channels and languages, too few to spam anyone. */
export const TEST_GREETINGS_PER_HOUR = 5;

export interface TestGreetingDeps {
  now: Date;
  channels: { email: EmailChannel; sms: SmsChannel };
  /** The greeting as patients would get it (the settings preview, with the practice's wording). */
  preview: (language: Language) => Promise<GreetingPreview>;
}

/** The refusal when a test greeting names someone else. */
export const NOT_A_TEST_RECIPIENT =
  "Test greetings go only to your own e-mail address or to the practice's contact on file.";

/**
 * Sends the practice's greeting to the signed-in user's own address or the practice's contact on file (see
 * test-recipients.ts), never to anyone else. Never to a patient and never written to the
 * send log (it is not a greeting to anyone); the audit log keeps that it happened, for the rate limit.
 */
export async function sendTestGreetingCommand(
  db: Database,
  session: PracticeSession,
  form: FormData,
  deps: TestGreetingDeps,
): Promise<ActionResult> {
  const parsed = testGreetingSchema.safeParse(formFields(form));
  if (!parsed.success) return fail(firstProblem(parsed.error));
  const since = new Date(deps.now.getTime() - 60 * 60 * 1000);
  if ((await countRecentAudit(db, session.accountId, "test_greeting_sent", since)) >= TEST_GREETINGS_PER_HOUR)
    return fail(`At most ${TEST_GREETINGS_PER_HOUR} test greetings an hour; please try again later.`);
  const account = await getAccount(db, session.accountId);
  if (!account || !isTestRecipient(testRecipients(session, account), parsed.data))
    return fail(NOT_A_TEST_RECIPIENT);
  const { channel, to, language } = parsed.data;
  const preview = await deps.preview(language);
  const outcome =
    channel === "email"
      ? await deps.channels.email.send({
          to,
          subject: `[Test] ${preview.email.subject}`,
          html: preview.email.html,
          text: preview.email.text,
          headers: {},
          idempotencyKey: `test-greeting/${session.accountId}/${deps.now.getTime()}`,
        })
      : await deps.channels.sms.send({ to, body: `[Test] ${preview.sms}` });
  await writeAudit(db, {
    accountId: session.accountId,
    actor: actorOf(session),
    action: "test_greeting_sent",
    detail: { channel, language, ok: outcome.ok },
    at: deps.now,
  });
  if (!outcome.ok)
    return fail(`The test ${channel === "email" ? "e-mail" : "text"} could not be sent: ${outcome.error}`);
  return ok(channel === "email" ? `Test e-mail sent to ${to}.` : `Test text sent to ${to}.`);
}

const LANGUAGE_NAMES: Record<Language, string> = { en: "English", es: "Spanish" };

/** Saves the practice's wording for one language; our own wording (or "reset") stores nothing, so ours applies. */
export async function saveWordingCommand(
  db: Database,
  session: PracticeSession,
  form: FormData,
  deps: { now: Date },
): Promise<ActionResult> {
  if (!mayPerform(session, "change_settings")) return fail(DOCTORS_ONLY_MESSAGE.change_settings);
  const parsed = wordingSchema.safeParse(formFields(form));
  if (!parsed.success) return fail(firstProblem(parsed.error));
  const { language, body } = parsed.data;
  const reset = isDefaultWording(language, body);
  await saveWording(db, session.accountId, language, reset ? null : body, actorOf(session), deps.now);
  return ok(
    reset
      ? `The ${LANGUAGE_NAMES[language]} greeting uses our wording again.`
      : `The ${LANGUAGE_NAMES[language]} wording is saved. Greetings use it from the next run.`,
  );
}

export interface SignOffDeps {
  now: Date;
  /** The practice's doctors from drchrono; null when drchrono is not answering. */
  doctors: () => Promise<Doctor[] | null>;
}

/** Saves how each doctor signs. Only the practice's own doctors (as drchrono lists them now) can be named. */
export async function saveSignOffsCommand(
  db: Database,
  session: PracticeSession,
  form: FormData,
  deps: SignOffDeps,
): Promise<ActionResult> {
  if (!mayPerform(session, "change_settings")) return fail(DOCTORS_ONLY_MESSAGE.change_settings);
  const parsed = parseSignOffs(formFields(form));
  if (!parsed.ok) return fail(parsed.problem);
  const doctors = await deps.doctors();
  if (!doctors)
    return fail(
      "drchrono is not answering right now, so the doctors could not be confirmed. Please try again soon.",
    );
  const known = new Map(doctors.map((d) => [d.id, d]));
  const changes = [];
  for (const signOff of parsed.signOffs) {
    const doctor = known.get(signOff.doctorId);
    if (!doctor) return fail(`Doctor #${signOff.doctorId} is not a doctor of your practice in drchrono.`);
    changes.push({
      ...signOff,
      firstName: doctor.firstName,
      lastName: doctor.lastName,
      suffix: doctor.suffix ?? "",
    });
  }
  await saveSignOffs(db, session.accountId, changes, actorOf(session), deps.now);
  return ok("Sign-offs saved. Greetings use them from the next run.");
}
