import "server-only";
import type { AuthOptions, LoggerInstance } from "next-auth";
import { getDb } from "@/db";
import { endUserSessions, findUserByDrchronoId } from "@/db/queries/accounts";
import { appCallBudget } from "@/lib/drchrono/budget";
import { createDrchronoClient } from "@/lib/drchrono/client";
import { type Config, getConfig } from "@/lib/env";
import { sameOriginPath } from "./callback-url";
import { type DrchronoProfile, drchronoProvider } from "./provider";
import { completeSignIn } from "./sign-in";

/*
 * next-auth configuration: drchrono is the only way in, sessions are JWT cookies (no adapter: accounts and users
 * live in our own tables), and a sign-in only succeeds when drchrono granted everything we need.
 */

export const SIGN_IN_PAGE = "/signin";
export const AUTH_ERROR_PAGE = "/auth/error";
export const MISSING_PERMISSIONS_PAGE = "/auth/missing-permissions";
/** Sessions last a working week; the drchrono grant itself lives in the vault, not in the cookie. */
const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

/** next-auth's default logger prints whole error objects; ours keeps to the code and message. */
const logger: LoggerInstance = {
  error(code, metadata) {
    const error = metadata instanceof Error ? metadata : (metadata as { error?: unknown })?.error;
    console.error(`next-auth ${code}:`, error instanceof Error ? `${error.name}: ${error.message}` : "");
  },
  warn(code) {
    console.warn(`next-auth ${code}`);
  },
  debug() {},
};

export function buildAuthOptions(config: Config): AuthOptions {
  return {
    secret: config.authSecret,
    useSecureCookies: config.secureCookies,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: SIGN_IN_PAGE, error: AUTH_ERROR_PAGE },
    providers: [
      drchronoProvider({ ...config.drchrono, callBudget: async () => appCallBudget(await getDb(), config) }),
    ],
    logger,
    callbacks: {
      // Every redirect next-auth makes (after sign-in, sign-out, errors) stays on APP_URL's origin.
      async redirect({ url }) {
        return `${config.appUrl}${sameOriginPath(url, config.appUrl)}`;
      },
      async signIn({ account, profile }) {
        if (account?.provider !== "drchrono" || !account.access_token) return false;
        const signInProfile = (profile as DrchronoProfile | undefined)?.signIn;
        if (!signInProfile) return `${AUTH_ERROR_PAGE}?error=SignInFailed`;
        if (!account.refresh_token) {
          console.error("sign-in: drchrono returned no refresh token");
          return `${AUTH_ERROR_PAGE}?error=SignInFailed`;
        }
        try {
          const db = await getDb();
          const api = createDrchronoClient({
            baseUrl: config.drchrono.baseUrl,
            accessToken: account.access_token,
            budget: appCallBudget(db, config),
          });
          const result = await completeSignIn(
            db,
            {
              accessToken: account.access_token,
              refreshToken: account.refresh_token,
              expiresIn: secondsUntil(account.expires_at),
              scope: account.scope,
            },
            { api, profile: signInProfile, now: () => new Date() },
          );
          if (!result.ok && "problem" in result) return `${AUTH_ERROR_PAGE}?error=DrchronoProfileUnreadable`;
          if (!result.ok) {
            return `${MISSING_PERMISSIONS_PAGE}?missing=${encodeURIComponent(result.missing.join(","))}`;
          }
          return true;
        } catch (error) {
          // next-auth would put the message into the error page's URL; say only what kind of failure it was.
          console.error(
            "sign-in failed:",
            error instanceof Error ? `${error.name}: ${error.message}` : "unknown",
          );
          return `${AUTH_ERROR_PAGE}?error=SignInFailed`;
        }
      },
      async jwt({ token, account, user }) {
        // Only at sign-in: bind the cookie to our own user, account and role.
        if (account && user) {
          const db = await getDb();
          const ours = await findUserByDrchronoId(db, Number(user.id));
          if (ours) {
            token.userId = ours.id;
            token.accountId = ours.accountId;
            token.role = ours.role;
            token.sessionVersion = ours.sessionVersion;
          }
        }
        return token;
      },
      async session({ session, token }) {
        session.userId = token.userId;
        session.accountId = token.accountId;
        session.role = token.role;
        session.sessionVersion = token.sessionVersion;
        return session;
      },
    },
    events: {
      // Signing out ends the session on the server too: a copy of the cookie kept elsewhere stops working.
      async signOut({ token }) {
        if (token?.userId && token.accountId) {
          await endUserSessions(await getDb(), token.accountId, token.userId);
        }
      },
    },
  };
}

/** drchrono says 48 hours; when the response carries no expiry, assume far less so the vault refreshes early. */
function secondsUntil(expiresAt: number | undefined): number {
  if (!expiresAt) return 60 * 60;
  return Math.max(0, Math.round(expiresAt - Date.now() / 1000));
}

let cached: AuthOptions | undefined;

/** Built on first use: configuration is read at request time, never at build time. */
export function getAuthOptions(): AuthOptions {
  const config = getConfig();
  followAppUrl(config);
  cached ??= buildAuthOptions(config);
  return cached;
}

/**
 * One public URL: next-auth builds its callback URL (the `redirect_uri` sent to drchrono) and its redirects from
 * NEXTAUTH_URL, which it reads on every request and prefers to any header. Setting it from APP_URL before each
 * use means a deployment that sets only APP_URL signs in at APP_URL, never at next-auth's localhost default.
 */
export function followAppUrl(config: Pick<Config, "appUrl">): void {
  process.env.NEXTAUTH_URL = config.appUrl;
}
