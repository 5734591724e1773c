export const DEFAULT_CALLBACK_URL = "/dashboard";

/** Only a path of this site: never another origin ("//evil.example" included). */
export function safeCallbackUrl(value: string | string[] | undefined): string {
  const candidate = Array.isArray(value) ? value[0] : value;
  if (!candidate?.startsWith("/") || candidate.startsWith("//") || candidate.includes("\\")) {
    return DEFAULT_CALLBACK_URL;
  }
  return candidate;
}
