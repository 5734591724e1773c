/*
 * drchrono's OAuth2 token endpoints, for use without a user present (the vault refreshing ahead of expiry).
 * next-auth performs the authorization-code exchange at sign-in; this is only refresh and revoke.
 *
 * Neither call is retried: a refresh token is single-use, and if drchrono processed a refresh whose answer we lost,
 * retrying with the old token would only earn an invalid_grant. The caller (the vault) decides when to try again.
 */
import "server-only";
import { z } from "zod";
import { DEFAULT_TIMEOUT_MS } from "./http";
import { parseScopeString } from "./scopes";
import { DrchronoError } from "./types";

/**
 * The refresh token was revoked, already used, or superseded by a newer sign-in: only the user can fix that by
 * signing in again. `code` is "unauthorized" like any dead credential; test `instanceof OAuthGrantError`
 * (or `isInvalidGrant(e)`) to tell it from a transient failure or a misconfigured client (`invalid_client`).
 */
export class OAuthGrantError extends DrchronoError {
  readonly reason = "invalid_grant" as const;

  constructor(message: string, status?: number) {
    super("unauthorized", message, status, { path: TOKEN_PATH });
    this.name = "OAuthGrantError";
  }
}

export function isInvalidGrant(error: unknown): error is OAuthGrantError {
  return error instanceof OAuthGrantError;
}

export interface OAuthClientCredentials {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface RefreshedTokens {
  accessToken: string;
  /** The rotated refresh token; store it, the old one is dead. */
  refreshToken: string;
  /** Seconds until the access token expires (drchrono: 172800). */
  expiresIn: number;
  /** Granted scopes when drchrono says so, else null (then probe). */
  scope: string[] | null;
}

const TOKEN_PATH = "/o/token/";
const REVOKE_PATH = "/o/revoke_token/";

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).nullish(),
  expires_in: z.coerce.number().positive(),
  scope: z.string().nullish(),
});

export async function refreshAccessToken(
  options: OAuthClientCredentials & { refreshToken: string },
): Promise<RefreshedTokens> {
  const { status, body } = await postForm(options, TOKEN_PATH, {
    grant_type: "refresh_token",
    refresh_token: options.refreshToken,
    client_id: options.clientId,
    client_secret: options.clientSecret,
  });
  if (status >= 200 && status < 300) {
    const parsed = tokenResponseSchema.safeParse(safeJson(body));
    if (!parsed.success) {
      throw new DrchronoError("bad_response", `POST ${TOKEN_PATH}: malformed token response`, status, {
        path: TOKEN_PATH,
      });
    }
    return {
      accessToken: parsed.data.access_token,
      // Tolerant: a server that does not rotate may omit it, and the old one then stays valid.
      refreshToken: parsed.data.refresh_token ?? options.refreshToken,
      expiresIn: parsed.data.expires_in,
      scope: parseScopeString(parsed.data.scope),
    };
  }
  throw tokenEndpointError(status, body, TOKEN_PATH);
}

/** Revokes a token (access or refresh) at drchrono, e.g. when a practice disconnects. */
export async function revokeToken(options: OAuthClientCredentials & { token: string }): Promise<void> {
  const { status, body } = await postForm(options, REVOKE_PATH, {
    token: options.token,
    client_id: options.clientId,
    client_secret: options.clientSecret,
  });
  if (status >= 200 && status < 300) return;
  throw tokenEndpointError(status, body, REVOKE_PATH);
}

async function postForm(
  options: OAuthClientCredentials,
  path: string,
  form: Record<string, string>,
): Promise<{ status: number; body: string }> {
  const doFetch = options.fetch ?? globalThis.fetch;
  const url = new URL(
    path.replace(/^\//, ""),
    options.baseUrl.endsWith("/") ? options.baseUrl : `${options.baseUrl}/`,
  );
  try {
    const response = await doFetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
      body: new URLSearchParams(form).toString(),
      redirect: "manual",
      signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
    return { status: response.status, body: await response.text() };
  } catch {
    throw new DrchronoError("unavailable", `POST ${path}: no answer (timeout or network)`, undefined, {
      path,
    });
  }
}

/** Maps an OAuth error answer (RFC 6749 §5.2) to our error codes; the body's `error` field decides. */
function tokenEndpointError(status: number, body: string, path: string): DrchronoError {
  // Only a plain OAuth error code is repeated in messages, never free text from the body.
  const oauthError = z.object({ error: z.string().regex(/^[a-z_]{1,40}$/) }).safeParse(safeJson(body));
  const error = oauthError.success ? oauthError.data.error : null;
  if (error === "invalid_grant") return new OAuthGrantError(`POST ${path}: invalid_grant`, status);
  if (status >= 500 || status === 429) {
    return new DrchronoError("unavailable", `POST ${path}: ${status}`, status, { path });
  }
  if (status === 400 || status === 401 || status === 403) {
    // invalid_client and friends: our credentials or request are wrong, not the user's grant.
    return new DrchronoError("unauthorized", `POST ${path}: ${status} ${error ?? "error"}`, status, { path });
  }
  return new DrchronoError("bad_response", `POST ${path}: ${status}`, status, { path });
}

function safeJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return null;
  }
}
