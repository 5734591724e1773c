const EMAIL_CSP =
  "default-src 'none'; img-src data: https:; style-src 'unsafe-inline' https:; font-src data: https:";
const HEAD = /<head(?:\s[^>]*)?>/i;
const DOCTYPE = /^\s*<!doctype[^>]*>/i;

/**
 * The e-mail's HTML with a Content-Security-Policy that blocks its scripts (mail clients never run them),
 * placed inside <head> or after the doctype so the document keeps its rendering mode.
 */
export function withoutScripts(html: string): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${EMAIL_CSP}">`;
  if (HEAD.test(html)) return html.replace(HEAD, (head) => `${head}${meta}`);
  if (DOCTYPE.test(html)) return html.replace(DOCTYPE, (doctype) => `${doctype}${meta}`);
  return `${meta}${html}`;
}
