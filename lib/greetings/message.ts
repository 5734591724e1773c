/*
 * The greeting itself: generic and timeless, signed by the primary doctor "and colleagues" (or by the practice),
 * addressed by nickname or first name. It never mentions age, birth date or anything medical, so a greeting seen by
 * someone else reveals nothing but that the person is a patient of the practice. English, or Spanish when the chart
 * says "spa". The practice may replace our wording with its own (template.ts); the footer, the unsubscribe line
 * and the STOP instruction are always ours.
 */
import { type Language, languageOf } from "./language";
import { smsSegments } from "./sms-segments";
import { renderWording } from "./template";
import type { Doctor, PatientRecord, Practice } from "./types";

export { type Language, languageOf };

export interface EmailContent {
  subject: string;
  html: string;
  text: string;
}

/** Who signs: the patient's primary doctor (as the practice set their sign-off) or the practice itself. */
export type SignedBy = "doctor" | "practice";

export interface MessageInput {
  patient: PatientRecord;
  doctor: Doctor | null;
  practice: Practice;
  /** Default "doctor". */
  signedBy?: SignedBy;
  /** The practice's own wording per language (already validated); a language without one gets ours. */
  wording?: Partial<Record<Language, string>> | null;
}

export interface EmailInput extends MessageInput {
  unsubscribeUrl: string;
}

/**
 * How a doctor signs in a language: the sign-off the practice set ("Dra. Raman"), else "Dr." and the last name.
 * drchrono has no gender field, so only the practice can say "Dra."; null when there is no name to sign with.
 */
export function doctorSignOff(doctor: Doctor, language: Language): string | null {
  const own = cleanText(language === "es" ? doctor.signOffEs : doctor.signOff);
  if (own) return own;
  const last = personName(doctor.lastName);
  return last ? `Dr. ${last}` : null;
}

interface Parties {
  language: Language;
  /** Nickname or first name, tidied; null when the chart has neither. */
  name: string | null;
  /** The doctor's sign-off; null when the practice signs or the primary doctor is unknown. */
  doctor: string | null;
  practice: string;
  /** The practice's wording for this language, or null for ours. */
  wording: string | null;
}

function partiesOf({ patient, doctor, practice, signedBy, wording }: MessageInput): Parties {
  const language = languageOf(patient.preferredLanguage);
  return {
    language,
    name: personName(patient.nickName) ?? personName(patient.firstName),
    doctor: doctor && signedBy !== "practice" ? doctorSignOff(doctor, language) : null,
    practice:
      cleanText(practice.name) || (language === "es" ? "su consultorio médico" : "your doctor's office"),
    wording: wording?.[language] ?? null,
  };
}

/** What a template's placeholders stand for; a missing name or doctor gets a neutral word, never an empty gap. */
function placeholderValues(p: Parties): { first_name: string; doctor: string; practice: string } {
  return {
    first_name: p.name ?? (p.language === "es" ? "paciente" : "friend"),
    doctor: p.doctor ?? p.practice,
    practice: p.practice,
  };
}

/** The practice's wording as paragraphs of lines. */
function wordingParagraphs(wording: string, p: Parties): string[][] {
  return renderWording(wording, placeholderValues(p))
    .split(/\n\n+/)
    .map((paragraph) => paragraph.split("\n"));
}

// ---------------------------------------------------------------------------------------------------------------
// E-mail

const EMAIL_COPY = {
  en: {
    subject: (p: Parties) => `Happy birthday${p.name ? `, ${p.name}` : ""}! Best wishes from ${p.practice}`,
    salutation: (p: Parties) => (p.name ? `Dear ${p.name},` : "Hello,"),
    body: (p: Parties) =>
      `Happy birthday! Everyone at ${p.practice} is thinking of you today, and we hope the year ahead brings you ` +
      "health, happiness and plenty to celebrate.",
    closing: "Warm wishes,",
    signature: (p: Parties) => (p.doctor ? `${p.doctor} and colleagues` : `Your care team at ${p.practice}`),
    why: (p: Parties) => `You receive this greeting as a patient of ${p.practice}.`,
    unsubscribe: "Unsubscribe from birthday greetings",
  },
  es: {
    subject: (p: Parties) => `¡Feliz cumpleaños${p.name ? `, ${p.name}` : ""}! Saludos de ${p.practice}`,
    salutation: (p: Parties) => (p.name ? `Hola, ${p.name}:` : "Hola:"),
    body: (p: Parties) =>
      `¡Feliz cumpleaños! Todo el equipo de ${p.practice} piensa en usted hoy, y le deseamos un año lleno de ` +
      "salud, alegría y muchos motivos para celebrar.",
    closing: "Con nuestros mejores deseos,",
    signature: (p: Parties) =>
      p.doctor ? `${p.doctor} y colegas` : `Su equipo de atención médica de ${p.practice}`,
    why: (p: Parties) => `Recibe este saludo por ser paciente de ${p.practice}.`,
    unsubscribe: "Dejar de recibir felicitaciones de cumpleaños",
  },
} as const;

export function composeEmail(input: EmailInput): EmailContent {
  const p = partiesOf(input);
  const copy = EMAIL_COPY[p.language];
  const address = cleanText(input.practice.address);
  const subject = copy.subject(p);
  const footerLines = [p.practice, ...(address ? [address] : [])];
  const paragraphs = p.wording
    ? wordingParagraphs(p.wording, p)
    : [[copy.salutation(p)], [copy.body(p)], [copy.closing, copy.signature(p)]];

  const text = [
    paragraphs.map((lines) => lines.join("\n")).join("\n\n"),
    "",
    "--",
    ...footerLines,
    copy.why(p),
    `${copy.unsubscribe}: ${input.unsubscribeUrl}`,
    "",
  ].join("\n");

  const e = escapeHtml;
  const html = `<!doctype html>
<html lang="${p.language}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(subject)}</title></head>
<body style="margin:0;padding:24px;background:#f6f6f4;font-family:Georgia,'Times New Roman',serif;color:#222;">
<div style="max-width:560px;margin:0 auto;background:#fff;border-radius:8px;padding:32px;">
${paragraphs.map((lines) => `<p style="font-size:16px;line-height:1.6;margin:0 0 16px;">${lines.map(e).join("<br>")}</p>`).join("\n")}
</div>
<div style="max-width:560px;margin:16px auto 0;font-family:Arial,Helvetica,sans-serif;font-size:12px;line-height:1.5;color:#555;text-align:center;">
<p style="margin:0 0 8px;">${footerLines.map(e).join("<br>")}</p>
<p style="margin:0 0 8px;">${e(copy.why(p))}</p>
<p style="margin:0;"><a href="${e(input.unsubscribeUrl)}" style="color:#555;text-decoration:underline;">${e(copy.unsubscribe)}</a></p>
</div>
</body>
</html>
`;
  return { subject, html, text };
}

// ---------------------------------------------------------------------------------------------------------------
// SMS

/** The opt-out instruction every text ends with; carriers recognise the STOP keyword in any language. */
export const SMS_STOP_TEXT: Record<Language, string> = {
  en: "Reply STOP to opt out",
  es: "Responda STOP para darse de baja",
};

/**
 * Versions of the text from fullest to shortest; optional words go first so a long name or practice name still fits
 * one segment. The Spanish copy avoids á/í/ó/ú, which would switch the whole text to 70-character UCS-2 segments.
 */
function smsVersions(p: Parties): string[] {
  const stop = SMS_STOP_TEXT[p.language];
  if (p.language === "es") {
    const greet = `¡Feliz cumpleaños${p.name ? `, ${p.name}` : ""}!`;
    const wish = "Le deseamos un año maravilloso.";
    if (!p.doctor) {
      const team = `su equipo de salud de ${p.practice}`;
      return [`${greet} ${wish} Con cariño, ${team}. ${stop}`, `${greet} Con cariño, ${team}. ${stop}`];
    }
    const from = `${p.doctor} y colegas`;
    return [
      `${greet} ${wish} Con cariño, ${from} de ${p.practice}. ${stop}`,
      `${greet} Con cariño, ${from} de ${p.practice}. ${stop}`,
      `${greet} Con cariño, ${from}. ${stop}`,
      `${greet} ${from}. ${stop}`,
    ];
  }
  const greet = `Happy birthday${p.name ? `, ${p.name}` : ""}!`;
  const wish = "Wishing you a wonderful year ahead.";
  if (!p.doctor) {
    const team = `your care team at ${p.practice}`;
    return [`${greet} ${wish} From ${team}. ${stop}`, `${greet} From ${team}. ${stop}`];
  }
  const from = `${p.doctor} and colleagues`;
  return [
    `${greet} ${wish} From ${from} at ${p.practice}. ${stop}`,
    `${greet} From ${from} at ${p.practice}. ${stop}`,
    `${greet} From ${from}. ${stop}`,
    `${greet} ${from}. ${stop}`,
  ];
}

/**
 * The practice's wording on one line with the STOP text; ours in the fullest version that fits one segment (when
 * none does, a very long name, the shortest).
 */
export function composeSms(input: MessageInput): string {
  const p = partiesOf(input);
  if (p.wording) {
    const words = renderWording(p.wording, placeholderValues(p)).replace(/\s+/g, " ").trim();
    return `${words} ${SMS_STOP_TEXT[p.language]}`;
  }
  const versions = smsVersions(p);
  const shortest = versions[versions.length - 1] ?? "";
  return versions.find((version) => smsSegments(version) === 1) ?? shortest;
}

// ---------------------------------------------------------------------------------------------------------------
// Text hygiene

/** Drops control and bidi-override characters and collapses whitespace: chart fields are free text. */
function cleanText(value: unknown): string {
  if (typeof value !== "string") return "";
  return value
    .replace(/[\p{Cc}\u202A-\u202E\u2066-\u2069]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** A name as typed, except that ALL-CAPS or all-lowercase entries ("MARIA", "maria") become "Maria". */
function personName(value: unknown): string | null {
  const name = cleanText(value);
  if (name === "") return null;
  const hasLetters = /\p{L}/u.test(name);
  const singleCase = name === name.toUpperCase() || name === name.toLowerCase();
  if (!hasLetters || !singleCase) return name;
  return name.toLowerCase().replace(/(^|[\s'’-])(\p{L})/gu, (_, before: string, letter: string) => {
    return before + letter.toUpperCase();
  });
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}
