import { simpleHtml } from "./html";

/*
 * The operational e-mails between the product, the practice and support. Pure: data in, text out.
 * They carry practice and account details only — never a patient's name, contact or birth date.
 */

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export type PracticeNotice = "activated" | "needs_reauth";

export interface ActivationRequestFacts {
  practiceName: string;
  requestedBy: string;
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  adminUrl: string;
}

export function renderActivationRequest(f: ActivationRequestFacts): RenderedEmail {
  const contact = [
    `Contact: ${f.contactName ?? "not given"}`,
    `E-mail: ${f.contactEmail ?? "not given"}`,
    `Phone: ${f.contactPhone ?? "not given"}`,
  ];
  const intro = `${f.practiceName} asked for birthday greetings to be activated (requested by ${f.requestedBy}).`;
  const ask =
    "Please contact the practice to confirm, then activate the account and note how you reached them.";
  return {
    subject: `Activation requested: ${f.practiceName}`,
    text: [intro, "", ...contact, "", ask, "", f.adminUrl].join("\n"),
    html: simpleHtml([intro, ...contact, ask], { href: f.adminUrl, label: "Open the account" }),
  };
}

export interface PracticeNoticeFacts {
  practiceName: string;
  contactName: string | null;
  appUrl: string;
  supportEmail: string;
}

/** Degrees people write after a doctor's name ("Eleanor Hayes, MD"); such a name is greeted "Dr. Hayes". */
const DOCTOR_DEGREE = /^(?:M\.?D\.?|D\.?O\.?|DDS|DMD|DPM|O\.?D\.?|D\.?C\.?|MBBS|DNP)$/i;

/**
 * How a notice opens: "Hello Dr. Hayes," for "Eleanor Hayes, MD" or "Dr Eleanor Hayes", "Hello Jordan," for
 * "Jordan Rivera", "Hello," without a name.
 */
export function greetingLine(contactName: string | null): string {
  const [namePart = "", ...suffixes] = (contactName ?? "").replace(/\s+/g, " ").trim().split(",");
  let words = namePart.trim().split(" ").filter(Boolean);
  const degrees = suffixes.flatMap((s) => s.trim().split(" ")).filter(Boolean);
  let doctor = degrees.some((d) => DOCTOR_DEGREE.test(d));
  if (words[0] && /^(dr|dra|doctor)\.?$/i.test(words[0])) {
    doctor = true;
    words = words.slice(1);
  }
  if (words.length === 0) return "Hello,";
  return doctor ? `Hello Dr. ${words[words.length - 1]},` : `Hello ${words[0]},`;
}

export function renderPracticeNotice(kind: PracticeNotice, f: PracticeNoticeFacts): RenderedEmail {
  const greeting = greetingLine(f.contactName);
  const help = `Questions? Reply to ${f.supportEmail}.`;
  if (kind === "activated") {
    const lines = [
      `Birthday greetings are now active for ${f.practiceName}.`,
      "From the next daily run, each patient whose birthday it is receives one greeting from their doctor and colleagues.",
      "You can pause at any time, opt patients out and see every greeting sent on your dashboard.",
    ];
    const href = `${f.appUrl}/dashboard`;
    return {
      subject: `Birthday greetings are active for ${f.practiceName}`,
      text: [greeting, "", ...lines, "", href, "", help].join("\n"),
      html: simpleHtml([greeting, ...lines, help], { href, label: "Open your dashboard" }),
    };
  }
  const lines = [
    `Birthday greetings for ${f.practiceName} are on hold: drchrono no longer accepts our access to your practice.`,
    "This happens when access is revoked or the permissions change. Until someone signs in again with drchrono, no greetings are sent.",
    "Please sign in once more to reconnect; it takes a minute.",
  ];
  const href = `${f.appUrl}/signin`;
  return {
    subject: `Action needed: sign in again to keep birthday greetings going for ${f.practiceName}`,
    text: [greeting, "", ...lines, "", href, "", help].join("\n"),
    html: simpleHtml([greeting, ...lines, help], { href, label: "Sign in with drchrono" }),
  };
}

export function renderAdminSignIn(link: string, minutes: number): RenderedEmail {
  const lines = [
    "Use this link to sign in to the Birthday Greetings support pages.",
    `It works once and expires in ${minutes} minutes.`,
    "If you did not ask for it, ignore this e-mail: nobody can sign in without the link.",
  ];
  return {
    subject: "Your Birthday Greetings support sign-in link",
    text: [...lines, "", link].join("\n"),
    html: simpleHtml(lines, { href: link, label: "Sign in to support" }),
  };
}

export interface EmailPausedFacts {
  practiceName: string;
  contactName: string | null;
  /** Why, in plain words with the figures, e.g. "3 of 60 e-mails bounced in the last 30 days (5.0%; ...)". */
  reason: string;
  appUrl: string;
  supportEmail: string;
  adminUrl: string;
}

/** To the practice: their e-mail greetings stopped, why, and what to do (texts, if on, continue). */
export function renderEmailPausedForPractice(f: EmailPausedFacts): RenderedEmail {
  const greeting = greetingLine(f.contactName);
  const lines = [
    `E-mail birthday greetings for ${f.practiceName} are paused: ${f.reason}.`,
    "Mail providers block senders whose greetings bounce or are marked as spam too often, and that would stop greetings for every practice we serve.",
    "Our support team will review the addresses with you; meanwhile check that patients' e-mail addresses in drchrono are current. Text greetings, if you use them, continue.",
  ];
  const href = `${f.appUrl}/dashboard`;
  const help = `Questions? Reply to ${f.supportEmail}.`;
  return {
    subject: `E-mail greetings paused for ${f.practiceName}`,
    text: [greeting, "", ...lines, "", href, "", help].join("\n"),
    html: simpleHtml([greeting, ...lines, help], { href, label: "Open your dashboard" }),
  };
}

/** To support: a practice's e-mail was paused automatically and waits for their review. */
export function renderEmailPausedForSupport(f: EmailPausedFacts): RenderedEmail {
  const lines = [
    `E-mail greetings for ${f.practiceName} were paused automatically: ${f.reason}.`,
    "Review the practice's sender health, talk to them about their patients' addresses, and resume e-mail on the account page when it is safe.",
  ];
  return {
    subject: `Review needed: e-mail paused for ${f.practiceName}`,
    text: [...lines, "", f.adminUrl].join("\n"),
    html: simpleHtml(lines, { href: f.adminUrl, label: "Open the account" }),
  };
}
