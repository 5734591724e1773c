import { normalisePhone } from "@/lib/accounts/forms";
import type { Language } from "@/lib/greetings/language";
import { escapeHtml } from "@/lib/greetings/message";
/**
 * The small HTML pages of the unsubscribe flow. They are rendered here, not by a Next page, because the same URL
 * must also accept RFC 8058's one-click POST, and Next cannot serve a page and a route handler on one path.
 * Self-contained (inline styles, no scripts), so they work in any browser a patient opens from an e-mail.
 */

export type UnsubscribeView =
  | { kind: "confirm"; practiceName: string; practicePhone: string | null; action: string }
  | { kind: "done"; practiceName: string; practicePhone: string | null }
  | { kind: "invalid" }
  | { kind: "unknown_account" }
  | { kind: "bad_request" };

type Page = { title: string; body: string };

/** The practice's number as it wrote it; a link that dials it on a phone, where most patients read their e-mail. */
function phoneNumber(phone: string): string {
  const dialable = normalisePhone(phone);
  return dialable ? `<a href="tel:${dialable}">${escapeHtml(phone)}</a>` : escapeHtml(phone);
}

/** "Please call the practice at (212) 555-0100." when the practice's phone is known. */
function contact(language: Language, phone: string | null): string {
  const number = phone ? ` ${phoneNumber(phone)}` : "";
  if (language === "es")
    return phone
      ? `¿Cambió de opinión? Llame al consultorio al${number}.`
      : "¿Cambió de opinión? Comuníquese con el consultorio.";
  return phone
    ? `Changed your mind? Please call the practice at${number}.`
    : "Changed your mind? Please contact the practice.";
}

function english(view: UnsubscribeView): Page {
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
<p class="muted">${contact("en", view.practicePhone)}</p>`,
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

function spanish(view: UnsubscribeView): Page {
  switch (view.kind) {
    case "confirm":
      return {
        title: "Dejar de recibir felicitaciones de cumpleaños",
        body: `<h1>Dejar de recibir felicitaciones de cumpleaños</h1>
<p>¿Desea dejar de recibir los correos anuales de felicitación de cumpleaños de <strong>${escapeHtml(view.practiceName)}</strong>?</p>
<form method="post" action="${escapeHtml(view.action)}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Darme de baja</button>
</form>
<p class="muted">Nada cambia hasta que pulse el botón.</p>`,
      };
    case "done":
      return {
        title: "Se ha dado de baja",
        body: `<h1>Se ha dado de baja</h1>
<p><strong>${escapeHtml(view.practiceName)}</strong> ya no le enviará correos de felicitación de cumpleaños.</p>
<p class="muted">${contact("es", view.practicePhone)}</p>`,
      };
    case "invalid":
      return {
        title: "Este enlace para darse de baja no es válido",
        body: `<h1>Este enlace para darse de baja no es válido</h1>
<p>Es posible que el enlace se haya cortado o cambiado al copiarlo. Use el enlace completo del correo o
comuníquese con el consultorio que lo envió.</p>`,
      };
    case "unknown_account":
      return {
        title: "Este enlace para darse de baja ya no es necesario",
        body: `<h1>Este enlace para darse de baja ya no es necesario</h1>
<p>El consultorio que envió este correo ya no usa Birthday Greetings, así que no se enviarán más felicitaciones.</p>`,
      };
    case "bad_request":
      return {
        title: "No se entendió la solicitud",
        body: `<h1>No se entendió la solicitud</h1>
<p>Abra el enlace para darse de baja del correo y pulse el botón «Darme de baja».</p>`,
      };
  }
}

/** The page in the greeting's language (from the signed link; English when the link has no hint). */
export function renderUnsubscribePage(view: UnsubscribeView, language: Language = "en"): string {
  const { title, body } = language === "es" ? spanish(view) : english(view);
  return `<!doctype html>
<html lang="${language}">
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
