import "server-only";
import type { Database } from "@/db/client";
import {
  findAccountByPracticeGroup,
  markAuthorized,
  upsertPracticeAccount,
  upsertSignedInUser,
  writeAudit,
} from "@/db/queries/accounts";
import { establishGrantedScopes, probeGrantedScopes, type RequiredScope } from "@/lib/drchrono/scopes";
import type { DrchronoApi } from "@/lib/drchrono/types";
import type { EncryptionKey } from "@/lib/vault/crypto";
import { saveGrant } from "@/lib/vault/tokens";
import { practiceDetails, signedInUser } from "./practice";

/*
 * What happens after drchrono hands us tokens: find out what was really granted, and only when everything we
 * need is there, join (or create) the practice's account, record the user and keep the grant in the vault.
 */

export interface SignInTokens {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  /** The token response's `scope` field, when drchrono sent one. */
  scope: string | null | undefined;
}

export interface SignInDeps {
  /** A drchrono client using the new access token. */
  api: DrchronoApi;
  now: () => Date;
  keys?: EncryptionKey[];
}

export type SignInResult =
  | { ok: true; accountId: string; userId: string; role: "doctor" | "staff" }
  | { ok: false; missing: RequiredScope[] };

export async function completeSignIn(
  db: Database,
  tokens: SignInTokens,
  deps: SignInDeps,
): Promise<SignInResult> {
  const { api, now } = deps;
  const { granted, missing } = establishGrantedScopes(tokens.scope, await probeGrantedScopes(api));

  const drchronoUser = missing.includes("user:read") ? null : await api.currentUser();
  if (missing.length > 0) {
    // No account is created and no token stored. An existing account keeps the grant that works.
    const existing = drchronoUser ? await findAccountByPracticeGroup(db, drchronoUser.practiceGroup) : null;
    await writeAudit(db, {
      accountId: existing?.id ?? null,
      actor: drchronoUser ? `drchrono-user:${drchronoUser.id}` : "drchrono-user:unknown",
      action: "sign_in_missing_permissions",
      detail: { missing },
    });
    return { ok: false, missing };
  }
  if (!drchronoUser) throw new Error("unreachable: user:read granted but no user");

  const [doctors, offices] = await Promise.all([api.doctors(), api.offices()]);
  const signedInAt = now();

  return db.transaction(async (txn) => {
    const tx = txn as unknown as Database;
    const account = await upsertPracticeAccount(tx, practiceDetails(drchronoUser, doctors, offices));
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
