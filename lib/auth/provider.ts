import "server-only";
import type { OAuthConfig } from "next-auth/providers/oauth";
import type { CallBudget } from "@/lib/drchrono/budget";
import { createDrchronoClient } from "@/lib/drchrono/client";
import { REQUIRED_SCOPES } from "@/lib/drchrono/scopes";
import { readSignInProfile, type SignInProfile } from "./sign-in";

/*
 * drchrono as a next-auth (v4) OAuth provider. drchrono is plain OAuth2 (no OpenID Connect, no id_token): the
 * profile comes from /api/users/current, which answers with a 302 that our client follows keeping the token.
 * It is read here once; the signIn callback hands the same profile to completeSignIn instead of reading it again.
 */

export interface DrchronoProviderOptions {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  fetch?: typeof fetch;
  /** The application's shared drchrono call budget (the profile read counts against it like every call). */
  callBudget?: () => Promise<CallBudget>;
}

/** next-auth needs an id and a name; `signIn` reads the rest. A profile we could not read has id 0. */
export type DrchronoProfile = { id: number; name: string; signIn: SignInProfile };

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
        const api = createDrchronoClient({
          baseUrl,
          accessToken: tokens.access_token,
          fetch: options.fetch,
          budget: await options.callBudget?.(),
        });
        const signIn = await readSignInProfile(api);
        return signIn.ok
          ? ({ id: signIn.user.id, name: signIn.user.username, signIn } satisfies DrchronoProfile)
          : ({ id: 0, name: "", signIn } satisfies DrchronoProfile);
      },
    },
    // drchrono reads the client credentials from the form body.
    client: { token_endpoint_auth_method: "client_secret_post" },
    checks: ["state"],
    idToken: false,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    profile(profile) {
      return { id: String(profile.id), name: profile.name, email: null, image: null };
    },
  };
}
