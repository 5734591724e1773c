import "server-only";
import type { Database } from "@/db/client";
import {
  findAccountByPracticeGroup,
  markAuthorized,
  upsertPracticeAccount,
  upsertSignedInUser,
  writeAudit,
} from "@/db/queries/accounts";
import { establishSignInScopes, type RequiredScope } from "@/lib/drchrono/scopes";
import { type DrchronoApi, DrchronoError, type DrchronoUser } from "@/lib/drchrono/types";
import type { EncryptionKey } from "@/lib/vault/crypto";
import { saveGrant } from "@/lib/vault/tokens";
import { practiceDetails, signedInUser } from "./practice";

/*
 * What happens after drchrono hands us tokens: find out what was really granted, and only when everything we
 * need is there, join (or create) the practice's account, record the user and keep the grant in the vault.
 *
 * drchrono calls are our scarcest resource, so a sign-in reads each fact once: the user (read once, by next-auth's
 * userinfo step, and handed here as the profile; drchrono's 302 from /api/users/current makes that 2 calls), one
 * patients probe (skipped when the token's `scope` already says patients:read is missing) and the doctors: 4 calls,
 * token exchange excluded. The offices (the postal address for the e-mail footer) are not read here: the account's
 * first greeting run reads them, from the same call budget (lib/dispatch/practice-address.ts).
 */

export interface SignInTokens {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  /** The token response's `scope` field, when drchrono sent one. */
  scope: string | null | undefined;
}

/**
 * The user's drchrono profile as the userinfo step read it. A 403 means user:read is missing; a record we cannot
 * read (a used field in a shape we do not understand) gets its own error page instead of a crash.
 */
export type SignInProfile =
  | { ok: true; user: DrchronoUser }
  | { ok: false; problem: "user_forbidden" }
  | { ok: false; problem: "user_unreadable"; detail: string };

export interface SignInDeps {
  /** A drchrono client using the new access token. */
  api: DrchronoApi;
  /** The profile read once at the userinfo step (see readSignInProfile). */
  profile: SignInProfile;
  now: () => Date;
  keys?: EncryptionKey[];
}

export type SignInResult =
  | { ok: true; accountId: string; userId: string; role: "doctor" | "staff" }
  | { ok: false; missing: RequiredScope[] }
  | { ok: false; problem: "user_unreadable" };

/** Reads /api/users/current once; other failures (401, 5xx, timeouts) are thrown to next-auth's error page. */
export async function readSignInProfile(api: Pick<DrchronoApi, "currentUser">): Promise<SignInProfile> {
  try {
    return { ok: true, user: await api.currentUser() };
  } catch (error) {
    if (!(error instanceof DrchronoError)) throw error;
    if (error.code === "forbidden") return { ok: false, problem: "user_forbidden" };
    // The message names the field and the kind of fault, never a value (see lib/drchrono/records.ts).
    if (error.code === "bad_response")
      return { ok: false, problem: "user_unreadable", detail: error.message };
    throw error;
  }
}

export async function completeSignIn(
  db: Database,
  tokens: SignInTokens,
  deps: SignInDeps,
): Promise<SignInResult> {
  const { api, now, profile } = deps;

  if (!profile.ok && profile.problem === "user_unreadable") {
    console.warn(`sign-in: drchrono user record unreadable (${profile.detail})`);
    await writeAudit(db, {
      accountId: null,
      actor: "drchrono-user:unknown",
      action: "sign_in_unreadable_profile",
      detail: { problem: profile.detail },
    });
    return { ok: false, problem: "user_unreadable" };
  }

  const drchronoUser = profile.ok ? profile.user : null;
  const { granted, missing } = await establishSignInScopes({
    tokenScope: tokens.scope,
    userReadable: drchronoUser !== null,
    api,
  });
  const existing = drchronoUser ? await findAccountByPracticeGroup(db, drchronoUser.practiceGroup) : null;

  if (missing.length > 0 || !drchronoUser) {
    // No account is created and no token stored. An existing account keeps the grant that works.
    await writeAudit(db, {
      accountId: existing?.id ?? null,
      actor: drchronoUser ? `drchrono-user:${drchronoUser.id}` : "drchrono-user:unknown",
      action: "sign_in_missing_permissions",
      detail: { missing },
    });
    return { ok: false, missing };
  }

  const doctors = await api.doctors();
  const signedInAt = now();

  return db.transaction(async (txn) => {
    const tx = txn as unknown as Database;
    const account = await upsertPracticeAccount(tx, practiceDetails(drchronoUser, doctors));
    const user = await upsertSignedInUser(tx, signedInUser(account.id, drchronoUser, doctors), signedInAt);
    // The newest grant replaces the previous one: drchrono kills a user's older tokens when they authorize again.
    await saveGrant(
      tx,
      {
        accountId: account.id,
        grantedByUserId: user.id,
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        expiresAt: new Date(signedInAt.getTime() + tokens.expiresIn * 1000),
        scopes: granted,
      },
      deps.keys,
    );
    await markAuthorized(tx, account.id, granted);
    await writeAudit(tx, {
      accountId: account.id,
      actor: `user:${user.id}`,
      action: "signed_in",
      detail: { role: user.role, scopes: granted },
    });
    return { ok: true, accountId: account.id, userId: user.id, role: user.role } as const;
  });
}
