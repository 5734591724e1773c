import "server-only";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { createDrchronoClient } from "@/lib/drchrono/client";
import { REQUIRED_SCOPES } from "@/lib/drchrono/scopes";
import type { DrchronoUser } from "@/lib/drchrono/types";

/*
 * drchrono as a next-auth (v4) OAuth provider. drchrono is plain OAuth2 (no OpenID Connect, no id_token): the
 * profile comes from /api/users/current, which answers with a 302 that our client follows keeping the token.
 */

export interface DrchronoProviderOptions {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  fetch?: typeof fetch;
}

export type DrchronoProfile = DrchronoUser & { name: string };

/** Always sent: drchrono grants every scope when `scope` is omitted, and we want only what we need. */
export const REQUESTED_SCOPE = REQUIRED_SCOPES.join(" ");

export function drchronoProvider(options: DrchronoProviderOptions): OAuthConfig<DrchronoProfile> {
  const baseUrl = options.baseUrl.replace(/\/$/, "");
  return {
    id: "drchrono",
    name: "drchrono",
    type: "oauth",
    authorization: { url: `${baseUrl}/o/authorize/`, params: { scope: REQUESTED_SCOPE } },
    token: `${baseUrl}/o/token/`,
    userinfo: {
      url: `${baseUrl}/api/users/current`,
      async request({ tokens }) {
        if (!tokens.access_token) throw new Error("drchrono returned no access token");
        const api = createDrchronoClient({ baseUrl, accessToken: tokens.access_token, fetch: options.fetch });
        const user = await api.currentUser();
        return { ...user, name: user.username } satisfies DrchronoProfile;
      },
    },
    // drchrono reads the client credentials from the form body.
    client: { token_endpoint_auth_method: "client_secret_post" },
    checks: ["state"],
    idToken: false,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    profile(profile) {
      return { id: String(profile.id), name: profile.username, email: null, image: null };
    },
  };
}
