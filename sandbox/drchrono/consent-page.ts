import { escapeHtml } from "./http";
import { type SandboxUser, userLabel } from "./practices";
import { SCOPE_DESCRIPTIONS } from "./scopes";

/**
 * The sandbox's stand-in for drchrono's "Authorize application" screen. Plain, accessible HTML (it is axe-scanned
 * in the end-to-end tests): a heading, fieldsets with legends, a label for every control.
 */

export interface ConsentPageInput {
  action: string;
  clientId: string;
  redirectUri: string;
  state: string | null;
  scopes: string[];
  users: readonly SandboxUser[];
}

const STYLE = `
  body { font-family: system-ui, sans-serif; margin: 0; background: #f4f6f8; color: #1b1f23; }
  main { max-width: 40rem; margin: 2rem auto; background: #fff; padding: 1.5rem 2rem; border-radius: 8px;
    box-shadow: 0 1px 3px rgba(0,0,0,.15); }
  h1 { font-size: 1.5rem; margin-top: 0; }
  fieldset { border: 1px solid #c6ccd2; border-radius: 6px; margin: 1rem 0; padding: .75rem 1rem; }
  legend { font-weight: 600; padding: 0 .25rem; }
  .choice { display: flex; gap: .5rem; align-items: flex-start; margin: .4rem 0; }
  .choice input { margin-top: .25rem; }
  .hint { display: block; color: #4a5560; font-size: .9rem; }
  .actions { display: flex; gap: 1rem; margin-top: 1.25rem; }
  button { font-size: 1rem; padding: .6rem 1.4rem; border-radius: 6px; border: 1px solid #1f5fa8; cursor: pointer; }
  button[value=allow] { background: #1f5fa8; color: #fff; }
  button[value=deny] { background: #fff; color: #1f5fa8; }
  button:focus-visible, input:focus-visible { outline: 3px solid #f2a900; outline-offset: 2px; }
  .note { color: #4a5560; font-size: .9rem; }
`;

export function renderConsentPage(input: ConsentPageInput): string {
  const hidden = [
    ["client_id", input.clientId],
    ["redirect_uri", input.redirectUri],
    ["response_type", "code"],
    ...(input.state === null ? [] : [["state", input.state]]),
  ]
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value ?? "")}">`)
    .join("\n      ");
  const scopes = input.scopes
    .map((scope, i) => {
      const description = SCOPE_DESCRIPTIONS[scope] ?? "";
      return `<div class="choice">
          <input type="checkbox" id="scope-${i}" name="scope" value="${escapeHtml(scope)}" checked aria-describedby="scope-${i}-hint">
          <label for="scope-${i}"><code>${escapeHtml(scope)}</code><span class="hint" id="scope-${i}-hint">${escapeHtml(description)}</span></label>
        </div>`;
    })
    .join("\n        ");
  const users = input.users
    .map(
      (user, i) => `<div class="choice">
          <input type="radio" id="user-${user.id}" name="user" value="${user.id}"${i === 0 ? " checked" : ""}>
          <label for="user-${user.id}">${escapeHtml(userLabel(user))}</label>
        </div>`,
    )
    .join("\n        ");
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Authorize application – drchrono sandbox</title>
  <style>${STYLE}</style>
</head>
<body>
  <main>
    <h1>Authorize application</h1>
    <p>The application <strong>${escapeHtml(input.clientId)}</strong> would like to access your drchrono account.</p>
    <p class="note">This is the drchrono sandbox: no real practice or patient data is involved.</p>
    <form method="post" action="${escapeHtml(input.action)}">
      ${hidden}
      <fieldset>
        <legend>Sign in as</legend>
        ${users}
      </fieldset>
      <fieldset>
        <legend>Permissions requested</legend>
        ${scopes}
      </fieldset>
      <div class="actions">
        <button type="submit" name="action" value="allow">Allow</button>
        <button type="submit" name="action" value="deny">Deny</button>
      </div>
    </form>
  </main>
</body>
</html>
`;
}

export function renderErrorPage(title: string, message: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)} – drchrono sandbox</title></head>
<body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></main></body>
</html>
`;
}
