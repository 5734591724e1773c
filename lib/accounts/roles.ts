import type { PracticeSession } from "./session";

/*
 * Who at a practice may do what. The role is drchrono's own (users.role, from is_doctor at each sign-in).
 *
 * - Everyone signed in (doctors and staff) sees every page, opts a patient out or back in (a front-desk task,
 *   often asked for on the phone), sends a test greeting to themselves and pauses greetings: stopping is always
 *   safe, and whoever notices a problem first should be able to stop it.
 * - Only doctors change settings (channels, time zone, responsible parties), attest SMS consent, resume greetings
 *   and request activation. Greetings go out signed in the doctors' names, and the consent attestation is a
 *   statement for the practice about what its patients agreed to (TCPA); these are the practice's decisions.
 *   drchrono has no permission meaning "may speak for the practice" (its staff permissions are per feature), so
 *   we use the one line it draws clearly: doctor or staff.
 */

export type PracticeAction = "change_settings" | "resume" | "request_activation";

const DOCTORS_ONLY: ReadonlySet<PracticeAction> = new Set([
  "change_settings",
  "resume",
  "request_activation",
]);

export function mayPerform(session: Pick<PracticeSession, "role">, action: PracticeAction): boolean {
  return session.role === "doctor" || !DOCTORS_ONLY.has(action);
}

/** What a staff member is told when they try: the exact sentence the page and the action share. */
export const DOCTORS_ONLY_MESSAGE: Record<PracticeAction, string> = {
  change_settings:
    "Only a doctor at the practice can change settings or confirm SMS consent. Please ask one of your doctors.",
  resume: "Only a doctor at the practice can resume greetings. Please ask one of your doctors.",
  request_activation: "Only a doctor at the practice can request activation. Please ask one of your doctors.",
};
