/*
 * Where to send someone after sign-in: only a page of this site. The candidate is parsed the way a browser
 * parses a Location header (WHATWG URL: tabs and newlines dropped, "\" read as "/", "//host" is another host),
 * against APP_URL, and accepted only when the result is on APP_URL's origin. What comes back is the parsed,
 * normalised path, never the raw text, so the browser cannot read it differently than we did.
 */

export const DEFAULT_CALLBACK_URL = "/dashboard";

export function sameOriginPath(value: string | string[] | undefined, appUrl: string): string {
  const candidate = Array.isArray(value) ? value[0] : value;
  if (!candidate) return DEFAULT_CALLBACK_URL;
  const base = new URL(appUrl);
  let target: URL;
  try {
    target = new URL(candidate, base);
  } catch {
    return DEFAULT_CALLBACK_URL;
  }
  if (target.origin !== base.origin || target.username || target.password) return DEFAULT_CALLBACK_URL;
  // "/.//evil.example" normalises to the path "//evil.example", which a browser would read as another host.
  if (target.pathname.startsWith("//")) return DEFAULT_CALLBACK_URL;
  return `${target.pathname}${target.search}${target.hash}`;
}
