import { escapeHtml } from "@/lib/greetings/message";
/**
 * The small HTML pages of the unsubscribe flow. They are rendered here, not by a Next page, because the same URL
 * must also accept RFC 8058's one-click POST, and Next cannot serve a page and a route handler on one path.
 * Self-contained (inline styles, no scripts), so they work in any browser a patient opens from an e-mail.
 */

export type UnsubscribeView =
  | { kind: "confirm"; practiceName: string; action: string }
  | { kind: "done"; practiceName: string }
  | { kind: "invalid" }
  | { kind: "unknown_account" }
  | { kind: "bad_request" };

function content(view: UnsubscribeView): { title: string; body: string } {
  switch (view.kind) {
    case "confirm":
      return {
        title: "Unsubscribe from birthday e-mails",
        body: `<h1>Unsubscribe from birthday e-mails</h1>
<p>Stop the yearly birthday greeting e-mails from <strong>${escapeHtml(view.practiceName)}</strong>?</p>
<form method="post" action="${escapeHtml(view.action)}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Unsubscribe</button>
</form>
<p class="muted">Nothing changes until you press the button.</p>`,
      };
    case "done":
      return {
        title: "You are unsubscribed",
        body: `<h1>You are unsubscribed</h1>
<p><strong>${escapeHtml(view.practiceName)}</strong> will not send you birthday greeting e-mails any more.</p>
<p class="muted">Changed your mind? Please contact the practice.</p>`,
      };
    case "invalid":
      return {
        title: "This unsubscribe link is not valid",
        body: `<h1>This unsubscribe link is not valid</h1>
<p>The link may have been shortened or changed when it was copied. Please use the complete link from the
e-mail, or contact the practice that sent it.</p>`,
      };
    case "unknown_account":
      return {
        title: "This unsubscribe link is no longer needed",
        body: `<h1>This unsubscribe link is no longer needed</h1>
<p>The practice that sent this e-mail no longer uses Birthday Greetings, so no more greetings will be sent.</p>`,
      };
    case "bad_request":
      return {
        title: "Unsubscribe request not understood",
        body: `<h1>Unsubscribe request not understood</h1>
<p>Please open the unsubscribe link from the e-mail and press the Unsubscribe button.</p>`,
      };
  }
}

export function renderUnsubscribePage(view: UnsubscribeView): string {
  const { title, body } = content(view);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} · Birthday Greetings</title>
<style>
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;background:#fff;line-height:1.5}
main{max-width:36rem;margin:0 auto;padding:2rem 1rem}
h1{font-size:1.6rem}
.muted{color:#4d5561}
button{font:inherit;padding:.55rem 1rem;border-radius:6px;border:1px solid #0b5cad;background:#0b5cad;color:#fff;cursor:pointer}
:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}
</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}
