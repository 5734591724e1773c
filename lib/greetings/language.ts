/* The two languages a greeting is written in. */

export type Language = "en" | "es";

/** drchrono stores ISO 639-2 codes; "spa" (or "es") means Spanish, anything else English. */
export function languageOf(preferredLanguage: string | null): Language {
  const code = preferredLanguage?.trim().toLowerCase();
  return code === "spa" || code === "es" || code?.startsWith("es-") ? "es" : "en";
}
