import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import {
  endAccountSessions,
  getAccount,
  markAccountNeedsReauthorization,
  writeAudit,
} from "@/db/queries/accounts";
import { drchronoTokens } from "@/db/schema";
import { createDrchronoClient, type DrchronoClient, type DrchronoClientOptions } from "@/lib/drchrono/client";
import { isInvalidGrant, type RefreshedTokens, refreshAccessToken } from "@/lib/drchrono/oauth";
import type { Config } from "@/lib/env";
import { currentKeyId, decryptField, type EncryptionKey, encryptField } from "./crypto";

/*
 * The token vault: one working drchrono grant per account, encrypted at rest. A background job asks for an
 * access token without any user present; the vault refreshes ahead of expiry under a row lock so two concurrent
 * runs never spend the same (single-use, rotating) refresh token.
 */

/** Refresh this long before expiry, so a token never dies in the middle of a run. */
export const REFRESH_AHEAD_MS = 10 * 60 * 1000;

export interface Grant {
  accountId: string;
  grantedByUserId: string | null;
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
  scopes: string[];
}

export type { RefreshedTokens };

export interface AccessTokenDeps {
  now: () => Date;
  refresh: (refreshToken: string) => Promise<RefreshedTokens>;
  keys?: EncryptionKey[];
}

/** The account's drchrono grant no longer works; someone of the practice has to sign in again. */
export class NeedsReauthorizationError extends Error {
  constructor(
    readonly accountId: string,
    readonly reason: string,
  ) {
    super(`The drchrono authorization of account ${accountId} must be renewed (${reason})`);
    this.name = "NeedsReauthorizationError";
  }
}

const seal = (
  value: string,
  accountId: string,
  field: "access_token" | "refresh_token",
  keys?: EncryptionKey[],
) => encryptField(value, { accountId, field }, keys);
const open = (
  value: string,
  accountId: string,
  field: "access_token" | "refresh_token",
  keys?: EncryptionKey[],
) => decryptField(value, { accountId, field }, keys);

/** Stores (or replaces) the account's grant, encrypted. */
export async function saveGrant(db: Database, grant: Grant, keys?: EncryptionKey[]): Promise<void> {
  const row = {
    accountId: grant.accountId,
    grantedByUserId: grant.grantedByUserId,
    keyId: currentKeyId(keys),
    accessToken: seal(grant.accessToken, grant.accountId, "access_token", keys),
    refreshToken: seal(grant.refreshToken, grant.accountId, "refresh_token", keys),
    expiresAt: grant.expiresAt,
    scopes: grant.scopes,
  };
  await db
    .insert(drchronoTokens)
    .values(row)
    .onConflictDoUpdate({ target: drchronoTokens.accountId, set: { ...row, updatedAt: sql`now()` } });
}

/**
 * Marks the account as needing re-authorization and records why. For dispatch, when drchrono answers 401 to an
 * API call made with a token the vault believed valid.
 */
export async function markNeedsReauthorization(db: Database, accountId: string, why: string): Promise<void> {
  if (await markAccountNeedsReauthorization(db, accountId)) {
    // Whoever is signed in must sign in again (that also grants a new token): their sessions end now.
    await endAccountSessions(db, accountId);
    await writeAudit(db, { accountId, actor: "system", action: "needs_reauthorization", detail: { why } });
  }
}

/**
 * A drchrono access token for the account, valid for at least REFRESH_AHEAD_MS more. Refreshes when needed,
 * storing the rotated refresh token. Throws NeedsReauthorizationError when the account has no working grant.
 */
export async function getAccessToken(
  db: Database,
  accountId: string,
  deps: AccessTokenDeps,
): Promise<string> {
  const account = await getAccount(db, accountId);
  if (!account) throw new NeedsReauthorizationError(accountId, "no such account");
  if (account.authStatus !== "ok") throw new NeedsReauthorizationError(accountId, account.authStatus);

  const isFresh = (expiresAt: Date) => expiresAt.getTime() - deps.now().getTime() >= REFRESH_AHEAD_MS;

  // Fast path without a lock: most calls find a token with plenty of life left.
  const [current] = await db.select().from(drchronoTokens).where(eq(drchronoTokens.accountId, accountId));
  if (!current) throw new NeedsReauthorizationError(accountId, "no stored grant");
  if (isFresh(current.expiresAt)) return open(current.accessToken, accountId, "access_token", deps.keys);

  type Outcome = { kind: "token"; accessToken: string } | { kind: "revoked"; reason: string };
  const outcome = await db.transaction(async (tx): Promise<Outcome> => {
    // A second caller waits here until the first has committed its refresh, then sees the new token.
    const [locked] = await tx
      .select()
      .from(drchronoTokens)
      .where(eq(drchronoTokens.accountId, accountId))
      .for("update");
    if (!locked) return { kind: "revoked", reason: "no stored grant" };
    if (isFresh(locked.expiresAt)) {
      return { kind: "token", accessToken: open(locked.accessToken, accountId, "access_token", deps.keys) };
    }
    let refreshed: RefreshedTokens;
    try {
      refreshed = await deps.refresh(open(locked.refreshToken, accountId, "refresh_token", deps.keys));
    } catch (error) {
      // Only invalid_grant proves the grant is dead. A 401 invalid_client is our own misconfiguration and a 5xx
      // is drchrono having a bad moment: marking every account for re-authorization would be wrong for both.
      if (!isInvalidGrant(error)) throw error;
      await markNeedsReauthorization(
        tx as unknown as Database,
        accountId,
        "refresh token rejected by drchrono",
      );
      return { kind: "revoked", reason: "refresh token rejected by drchrono" };
    }
    await saveGrant(
      tx as unknown as Database,
      {
        accountId,
        grantedByUserId: locked.grantedByUserId,
        accessToken: refreshed.accessToken,
        refreshToken: refreshed.refreshToken,
        expiresAt: new Date(deps.now().getTime() + refreshed.expiresIn * 1000),
        scopes: refreshed.scope ?? locked.scopes,
      },
      deps.keys,
    );
    return { kind: "token", accessToken: refreshed.accessToken };
  });

  if (outcome.kind === "revoked") throw new NeedsReauthorizationError(accountId, outcome.reason);
  return outcome.accessToken;
}

/**
 * A drchrono client for an account, for work without a user present: every call asks the vault for a token,
 * which refreshes ahead of expiry with the app's client credentials.
 */
export function createAccountDrchronoClient(
  db: Database,
  accountId: string,
  config: { drchrono: Pick<Config["drchrono"], "baseUrl" | "clientId" | "clientSecret"> },
  options: Omit<DrchronoClientOptions, "baseUrl" | "accessToken"> & { keys?: EncryptionKey[] } = {},
): DrchronoClient {
  const { keys, ...clientOptions } = options;
  const { baseUrl, clientId, clientSecret } = config.drchrono;
  const now = options.now ?? (() => new Date());
  return createDrchronoClient({
    ...clientOptions,
    baseUrl,
    accessToken: () =>
      getAccessToken(db, accountId, {
        now,
        keys,
        refresh: (refreshToken) =>
          refreshAccessToken({ baseUrl, clientId, clientSecret, refreshToken, fetch: options.fetch }),
      }),
  });
}
