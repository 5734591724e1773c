import { composeEmail, composeSms, type EmailContent, type SignedBy } from "@/lib/greetings/message";
import type { Doctor, PatientRecord, Practice } from "@/lib/greetings/types";

/*
 * The greeting as a patient would get it, for the settings preview and the test send: the core's own message
 * functions applied to a made-up patient, so the preview can never drift from what dispatch sends.
 */

export type PreviewLanguage = "en" | "es";

export function samplePatient(language: PreviewLanguage): PatientRecord {
  return {
    id: 0,
    doctorId: null,
    firstName: "Alex",
    nickName: null,
    lastName: "Sample",
    dateOfBirth: null,
    email: null,
    cellPhone: null,
    homePhone: null,
    status: "A",
    dateOfDeath: null,
    disableSms: false,
    preferredLanguage: language === "es" ? "spa" : "eng",
    hasResponsibleParty: false,
  };
}

export interface GreetingPreview {
  email: EmailContent;
  sms: string;
}

export interface PreviewInput {
  language: PreviewLanguage;
  doctor: Doctor | null;
  practice: Practice;
  unsubscribeUrl: string;
  /** The practice's wording for this language; null or absent: ours. */
  wording?: string | null;
  signedBy?: SignedBy;
}

export function previewGreeting(input: PreviewInput): GreetingPreview {
  const message = {
    patient: samplePatient(input.language),
    doctor: input.doctor,
    practice: input.practice,
    signedBy: input.signedBy ?? "doctor",
    wording: input.wording ? { [input.language]: input.wording } : null,
  };
  return {
    email: composeEmail({ ...message, unsubscribeUrl: input.unsubscribeUrl }),
    sms: composeSms(message),
  };
}
