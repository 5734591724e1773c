/*
 * The practice's own wording of the greeting, one text per language, used for the e-mail and the text message.
 *
 * 1. Three placeholders and nothing else: {first_name}, {doctor}, {practice}. Any other word in braces, or a lone
 *    brace, is refused with a sentence saying so. No other patient detail (age, birth date, anything medical) can
 *    be put into a greeting.
 * 2. Rendering replaces every placeholder in one pass over the practice's text. A value is inserted as it is and
 *    never read again as wording, so a patient named "{doctor}" is greeted as "{doctor}".
 * 3. The unsubscribe line, the STOP instruction and the postal address are not part of the wording: we add them
 *    to every message, so they cannot be edited away.
 * 4. Saved text is tidied first: Windows line breaks and control characters go, spaces at line ends go, and at
 *    most one blank line separates paragraphs.
 */
import type { Language } from "./language";

export const PLACEHOLDERS = ["first_name", "doctor", "practice"] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type PlaceholderValues = Record<Placeholder, string>;

export const MAX_WORDING_LENGTH = 600;

/**
 * Our wording, in the editor's terms. With no wording saved this is what patients get; the e-mail then adapts
 * where a template cannot (no first name: "Hello,"; no doctor: signed by the care team) and the text message is
 * shortened to fit one SMS.
 */
export const DEFAULT_WORDING: Record<Language, string> = {
  en:
    "Dear {first_name},\n\n" +
    "Happy birthday! Everyone at {practice} is thinking of you today, and we hope the year ahead brings you " +
    "health, happiness and plenty to celebrate.\n\n" +
    "Warm wishes,\n{doctor} and colleagues",
  es:
    "Hola, {first_name}:\n\n" +
    "¡Feliz cumpleaños! Todo el equipo de {practice} piensa en usted hoy, y le deseamos un año lleno de " +
    "salud, alegría y muchos motivos para celebrar.\n\n" +
    "Con nuestros mejores deseos,\n{doctor} y colegas",
};

const PLACEHOLDER_LIST = "{first_name}, {doctor} or {practice}";

/** Line breaks as "\n", no control or bidi-override characters, no spaces at line ends, paragraphs apart by one blank line. */
export function tidyWording(body: string): string {
  return body
    .replace(/\r\n?/g, "\n")
    .replace(/(?!\n)[\p{Cc}\u202A-\u202E\u2066-\u2069]/gu, " ")
    .split("\n")
    .map((line) => line.replace(/\s+$/u, ""))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** Why the wording cannot be saved, as a sentence for the editor; null when it can. Checks the tidied text. */
export function wordingProblem(body: string): string | null {
  const text = tidyWording(body);
  if (text === "") return "The greeting cannot be empty.";
  if (text.length > MAX_WORDING_LENGTH)
    return `The greeting can be at most ${MAX_WORDING_LENGTH} characters (it has ${text.length}).`;
  for (const match of text.matchAll(/\{([^{}]*)\}|[{}]/g)) {
    const name = match[1];
    if (name === undefined)
      return `A lone “${match[0]}” cannot be used: braces only go around ${PLACEHOLDER_LIST}.`;
    if (!(PLACEHOLDERS as readonly string[]).includes(name))
      return `{${name}} is not a placeholder we fill in. Use ${PLACEHOLDER_LIST}.`;
  }
  return null;
}

/** The wording with each placeholder replaced by its value, in one pass (values are never expanded again). */
export function renderWording(body: string, values: PlaceholderValues): string {
  return body.replace(/\{(first_name|doctor|practice)\}/g, (_, name: Placeholder) => values[name]);
}

/** True when the text is our default wording for the language (so nothing needs to be stored). */
export function isDefaultWording(language: Language, body: string): boolean {
  return tidyWording(body) === DEFAULT_WORDING[language];
}
