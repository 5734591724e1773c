import "server-only";
import type { Database } from "@/db/client";
import { getAccount } from "@/db/queries/accounts";
import { hasOptOut, recordOptOut } from "@/db/queries/opt-outs";
import type { Language } from "@/lib/greetings/language";
import { renderUnsubscribePage, type UnsubscribeView } from "./page";
import { verifyUnsubscribeToken } from "./token";

/*
 * GET  /unsubscribe/<token>: a page with a confirm button. Mail scanners and link previewers fetch links, so a
 *      GET never changes anything.
 * POST /unsubscribe/<token>: RFC 8058 one-click (body `List-Unsubscribe=One-Click`), sent by mail providers'
 *      "Unsubscribe" buttons and by the page's own form. No cookies or login, no redirect, idempotent: records the
 *      e-mail opt-out at once and answers 200 (HTML for browsers, JSON otherwise).
 * The database and secret are handed in, so tests call these with a Request and a test database.
 */

export interface UnsubscribeDeps {
  /** The app secret the tokens are signed with (config.authSecret). */
  secret: string;
  now?: () => Date;
}

const SECURITY_HEADERS = {
  "cache-control": "no-store",
  // The token in the URL must not leak to other sites through the Referer header.
  "referrer-policy": "no-referrer",
  "x-robots-tag": "noindex",
  "content-security-policy":
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
};

function html(view: UnsubscribeView, status: number, language: Language = "en"): Response {
  return new Response(renderUnsubscribePage(view, language), {
    status,
    headers: { "content-type": "text/html; charset=utf-8", ...SECURITY_HEADERS },
  });
}

function answer(
  request: Request,
  view: UnsubscribeView,
  status: number,
  message: string,
  language: Language = "en",
): Response {
  if ((request.headers.get("accept") ?? "").includes("text/html")) return html(view, status, language);
  const body = status === 200 ? { status: "unsubscribed", message } : { error: view.kind, message };
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...SECURITY_HEADERS },
  });
}

export async function showUnsubscribePage(
  db: Database,
  token: string,
  deps: UnsubscribeDeps,
): Promise<Response> {
  const target = verifyUnsubscribeToken(token, deps.secret);
  if (!target) return html({ kind: "invalid" }, 400);
  const language = target.language ?? "en";
  const account = await getAccount(db, target.accountId);
  if (!account) return html({ kind: "unknown_account" }, 404, language);
  const practice = { practiceName: account.practiceName, practicePhone: account.practicePhone };
  if (await hasOptOut(db, target.accountId, target.patientId, "email_unsubscribe"))
    return html({ kind: "done", ...practice }, 200, language);
  return html({ kind: "confirm", ...practice, action: `/unsubscribe/${token}` }, 200, language);
}

/** True when the body carries RFC 8058's `List-Unsubscribe=One-Click` (urlencoded or multipart). */
async function isOneClick(request: Request): Promise<boolean> {
  try {
    const type = request.headers.get("content-type") ?? "";
    if (type.includes("multipart/form-data"))
      return (await request.formData()).get("List-Unsubscribe") === "One-Click";
    return new URLSearchParams(await request.text()).get("List-Unsubscribe") === "One-Click";
  } catch {
    return false;
  }
}

export async function handleUnsubscribe(
  db: Database,
  request: Request,
  token: string,
  deps: UnsubscribeDeps,
): Promise<Response> {
  const target = verifyUnsubscribeToken(token, deps.secret);
  if (!target) return answer(request, { kind: "invalid" }, 400, "This unsubscribe link is not valid.");
  const language = target.language ?? "en";
  if (!(await isOneClick(request)))
    return answer(
      request,
      { kind: "bad_request" },
      400,
      "Expected the form body List-Unsubscribe=One-Click.",
      language,
    );
  const account = await getAccount(db, target.accountId);
  if (!account)
    return answer(
      request,
      { kind: "unknown_account" },
      404,
      "The practice no longer uses Birthday Greetings; no more greetings will be sent.",
      language,
    );
  await recordOptOut(db, {
    accountId: target.accountId,
    patientId: target.patientId,
    source: "email_unsubscribe",
    actor: "patient",
    at: deps.now?.(),
  });
  return answer(
    request,
    { kind: "done", practiceName: account.practiceName, practicePhone: account.practicePhone },
    200,
    "You will not receive birthday greeting e-mails from this practice any more.",
    language,
  );
}
