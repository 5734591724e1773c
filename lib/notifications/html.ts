import { escapeHtml } from "@/lib/greetings/message";

export { escapeHtml };

/** A minimal, client-safe HTML e-mail body: paragraphs of escaped text and at most one button-like link. */
export function simpleHtml(paragraphs: string[], link?: { href: string; label: string }): string {
  const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n");
  const button = link
    ? `\n<p><a href="${escapeHtml(link.href)}" style="display:inline-block;padding:10px 16px;background:#0b5cad;color:#ffffff;border-radius:6px;text-decoration:none">${escapeHtml(link.label)}</a></p>\n<p style="color:#4d5561;font-size:13px">Or paste this address into your browser: ${escapeHtml(link.href)}</p>`
    : "";
  return `<!doctype html>\n<html lang="en"><body style="font-family:system-ui,sans-serif;color:#1b1f24;line-height:1.5">\n${body}${button}\n</body></html>`;
}
