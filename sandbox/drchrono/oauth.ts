import { renderConsentPage, renderErrorPage } from "./consent-page";
import type { FaultKnobs } from "./faults";
import { html, json, readForm, redirect, withQuery } from "./http";
import { SANDBOX_USERS, userById } from "./practices";
import { isKnownScope, parseScopeParam } from "./scopes";
import { ACCESS_TOKEN_SECONDS, CODE_SECONDS, type GrantRegistry, type TokenSigner } from "./tokens";

/**
 * drchrono's OAuth2 endpoints (django-oauth-toolkit): `/o/authorize/` (a consent page standing in for drchrono's
 * sign-in and authorize screens), `/o/token/` and `/o/revoke_token/`.
 */

export interface OAuthDeps {
  clientId: string;
  clientSecret: string;
  signer: TokenSigner;
  grants: GrantRegistry;
  faults: () => FaultKnobs;
  nowMs: () => number;
}

export interface TokenResponse {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  token_type: "Bearer";
  scope?: string;
}

const NO_STORE = { "cache-control": "no-store", pragma: "no-cache" };

export function createOAuth(deps: OAuthDeps) {
  /** Mints a new grant (access + refresh token) for a user. */
  function issue(userId: number, scopes: string[]): TokenResponse & { scope: string } {
    const iat = deps.nowMs();
    const grantId = deps.signer.newGrantId();
    const scope = scopes.join(" ");
    deps.grants.remember(userId, grantId);
    return {
      access_token: deps.signer.sign("access", {
        u: userId,
        s: scope,
        g: grantId,
        iat,
        exp: iat + ACCESS_TOKEN_SECONDS * 1000,
      }),
      refresh_token: deps.signer.sign("refresh", { u: userId, s: scope, g: grantId, iat }),
      expires_in: ACCESS_TOKEN_SECONDS,
      token_type: "Bearer",
      scope,
    };
  }

  function clientError(params: URLSearchParams): string | null {
    const clientId = params.get("client_id");
    if (!clientId) return "The request has no client_id.";
    if (clientId !== deps.clientId) return "The client_id is not a registered application.";
    if (!params.get("redirect_uri")) return "The request has no redirect_uri.";
    try {
      new URL(params.get("redirect_uri") ?? "");
    } catch {
      return "The redirect_uri is not an absolute URL.";
    }
    return null;
  }

  /** GET: the consent page. Client errors show a page; request errors go back to the client, as RFC 6749 says. */
  function authorizePage(url: URL, action: string): Response {
    const params = url.searchParams;
    const problem = clientError(params);
    if (problem) return html(400, renderErrorPage("Invalid authorization request", problem));
    const redirectUri = params.get("redirect_uri") as string;
    const state = params.get("state") ?? undefined;
    if (params.get("response_type") !== "code") {
      return redirect(withQuery(redirectUri, { error: "unsupported_response_type", state }));
    }
    const scopes = parseScopeParam(params.get("scope"));
    if (!scopes.every(isKnownScope))
      return redirect(withQuery(redirectUri, { error: "invalid_scope", state }));
    return html(
      200,
      renderConsentPage({
        action,
        clientId: deps.clientId,
        redirectUri,
        state: params.get("state"),
        scopes,
        users: SANDBOX_USERS,
      }),
    );
  }

  /** POST from the consent page: Allow sends a single-use code back, Deny sends access_denied. */
  async function authorizeDecision(request: Request): Promise<Response> {
    const form = await readForm(request);
    const problem = clientError(form);
    if (problem) return html(400, renderErrorPage("Invalid authorization request", problem));
    const redirectUri = form.get("redirect_uri") as string;
    const state = form.get("state") ?? undefined;
    if (form.get("action") !== "allow")
      return redirect(withQuery(redirectUri, { error: "access_denied", state }));
    const user = userById(Number(form.get("user")));
    if (!user) return html(400, renderErrorPage("Choose a user", "Pick the person who is signing in."));
    const scopes = [...new Set(form.getAll("scope"))].filter(isKnownScope);
    const iat = deps.nowMs();
    const code = deps.signer.sign("code", {
      u: user.id,
      s: scopes.join(" "),
      g: deps.signer.newGrantId(),
      iat,
      exp: iat + CODE_SECONDS * 1000,
      c: deps.clientId,
      r: redirectUri,
    });
    return redirect(withQuery(redirectUri, { code, state }));
  }

  /** Client credentials in the body (client_secret_post), or HTTP Basic, as django-oauth-toolkit accepts. */
  function authenticateClient(request: Request, form: URLSearchParams): boolean {
    let id = form.get("client_id");
    let secret = form.get("client_secret");
    const basic = /^Basic\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "");
    if (basic?.[1] && !secret) {
      const [user, pass] = Buffer.from(basic[1], "base64").toString("utf8").split(":");
      id = decodeURIComponent(user ?? "");
      secret = decodeURIComponent(pass ?? "");
    }
    return id === deps.clientId && secret === deps.clientSecret;
  }

  function tokenResponse(tokens: TokenResponse & { scope: string }): Response {
    const body: TokenResponse = { ...tokens };
    if (!deps.faults().includeScopeInTokenResponse) delete body.scope;
    return json(200, body, NO_STORE);
  }

  const invalidGrant = () => json(400, { error: "invalid_grant" }, NO_STORE);

  async function token(request: Request): Promise<Response> {
    const form = await readForm(request);
    if (!authenticateClient(request, form)) return json(401, { error: "invalid_client" }, NO_STORE);
    const grantType = form.get("grant_type");
    const now = deps.nowMs();

    if (grantType === "authorization_code") {
      const raw = form.get("code");
      if (!raw) return json(400, { error: "invalid_request" }, NO_STORE);
      const code = deps.signer.verify(raw, "code");
      if (!code || (code.expiresAt ?? 0) <= now || code.clientId !== deps.clientId) return invalidGrant();
      if (code.redirectUri !== form.get("redirect_uri")) return invalidGrant();
      if (!userById(code.userId) || !deps.grants.redeemCode(code.grantId)) return invalidGrant();
      // The same user authorizing again retires every token they held before (drchrono: both old tokens die).
      deps.grants.killUser(code.userId, now);
      return tokenResponse(issue(code.userId, code.scopes));
    }

    if (grantType === "refresh_token") {
      const raw = form.get("refresh_token");
      if (!raw) return json(400, { error: "invalid_request" }, NO_STORE);
      const refresh = deps.signer.verify(raw, "refresh");
      if (!refresh || !userById(refresh.userId) || deps.grants.isDead(refresh)) return invalidGrant();
      // Rotation: the old refresh token and its access token die with the old grant.
      deps.grants.kill(refresh.grantId);
      return tokenResponse(issue(refresh.userId, refresh.scopes));
    }

    return json(400, { error: "unsupported_grant_type" }, NO_STORE);
  }

  /** RFC 7009: 200 whether or not the token was valid; a revoked token's whole grant dies. */
  async function revoke(request: Request): Promise<Response> {
    const form = await readForm(request);
    if (!authenticateClient(request, form)) return json(401, { error: "invalid_client" }, NO_STORE);
    const raw = form.get("token") ?? "";
    const found = deps.signer.verify(raw, "access") ?? deps.signer.verify(raw, "refresh");
    if (found) {
      deps.grants.remember(found.userId, found.grantId);
      deps.grants.kill(found.grantId);
    }
    return new Response(null, { status: 200 });
  }

  return { issue, authorizePage, authorizeDecision, token, revoke };
}
