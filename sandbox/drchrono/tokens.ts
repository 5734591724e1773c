import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Self-describing signed tokens: `<kind>.<payload>.<signature>`, HMAC-SHA256 keyed from the seed. Any emulator
 * instance with the same seed (the app's, a CLI's) can verify a token another one issued; what a process learns
 * about tokens (used codes, rotated or revoked grants) stays in its memory, as the brief allows.
 *
 * A "grant" is one issuance: an access token and its refresh token share a grant id, so a refresh (which retires
 * the grant) kills both, as drchrono does.
 */

export const ACCESS_TOKEN_SECONDS = 172_800;
export const CODE_SECONDS = 60;

export type TokenKind = "access" | "refresh" | "code";

interface Claims {
  /** user id */
  u: number;
  /** granted scopes, space-separated */
  s: string;
  /** grant id (code: its own nonce) */
  g: string;
  /** issued at, ms of the emulator clock */
  iat: number;
  /** expiry, ms (access tokens and codes) */
  exp?: number;
  /** codes: the client and redirect_uri they were issued for */
  c?: string;
  r?: string;
}

export interface VerifiedToken {
  kind: TokenKind;
  userId: number;
  scopes: string[];
  grantId: string;
  issuedAt: number;
  expiresAt: number | null;
  clientId?: string;
  redirectUri?: string;
}

const PREFIX: Record<TokenKind, string> = { access: "dca", refresh: "dcr", code: "dcc" };

export class TokenSigner {
  private readonly key: Buffer;

  constructor(seed: number) {
    this.key = createHmac("sha256", "drchrono-sandbox-token-key").update(String(seed)).digest();
  }

  newGrantId(): string {
    return randomBytes(9).toString("base64url");
  }

  sign(kind: TokenKind, claims: Claims): string {
    const body = `${PREFIX[kind]}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}`;
    return `${body}.${this.mac(body)}`;
  }

  /** null for anything not signed by this seed, of another kind, or malformed. Expiry is the caller's call. */
  verify(token: string, kind: TokenKind): VerifiedToken | null {
    const parts = token.split(".");
    if (parts.length !== 3 || parts[0] !== PREFIX[kind]) return null;
    const body = `${parts[0]}.${parts[1]}`;
    const given = Buffer.from(parts[2] ?? "", "base64url");
    const expected = Buffer.from(this.mac(body), "base64url");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const c = JSON.parse(Buffer.from(parts[1] ?? "", "base64url").toString("utf8")) as Claims;
      if (typeof c.u !== "number" || typeof c.s !== "string" || typeof c.g !== "string") return null;
      return {
        kind,
        userId: c.u,
        scopes: c.s.split(" ").filter(Boolean),
        grantId: c.g,
        issuedAt: c.iat,
        expiresAt: c.exp ?? null,
        clientId: c.c,
        redirectUri: c.r,
      };
    } catch {
      return null;
    }
  }

  private mac(body: string): string {
    return createHmac("sha256", this.key).update(body).digest("base64url");
  }
}

/**
 * What this process knows about grants: which are dead (rotated, revoked, superseded), and cut-offs that also catch
 * grants issued by another process and never seen here.
 */
export class GrantRegistry {
  private readonly dead = new Set<string>();
  private readonly accessExpired = new Set<string>();
  private readonly usedCodes = new Set<string>();
  private readonly grantsByUser = new Map<number, Set<string>>();
  private readonly known = new Set<string>();
  private accessCutoff = Number.NEGATIVE_INFINITY;
  private readonly userCutoff = new Map<number, number>();

  remember(userId: number, grantId: string): void {
    this.known.add(grantId);
    let grants = this.grantsByUser.get(userId);
    if (!grants) {
      grants = new Set();
      this.grantsByUser.set(userId, grants);
    }
    grants.add(grantId);
  }

  isDead(token: VerifiedToken): boolean {
    if (this.dead.has(token.grantId)) return true;
    const unknown = !this.known.has(token.grantId);
    return unknown && token.issuedAt <= (this.userCutoff.get(token.userId) ?? Number.NEGATIVE_INFINITY);
  }

  isAccessExpired(token: VerifiedToken, nowMs: number): boolean {
    if (token.expiresAt !== null && token.expiresAt <= nowMs) return true;
    if (this.accessExpired.has(token.grantId)) return true;
    return !this.known.has(token.grantId) && token.issuedAt <= this.accessCutoff;
  }

  kill(grantId: string): void {
    this.dead.add(grantId);
  }

  /** Every grant of the user dies, including ones another process issued before now. */
  killUser(userId: number, nowMs: number): void {
    for (const grant of this.grantsByUser.get(userId) ?? []) this.dead.add(grant);
    this.grantsByUser.delete(userId);
    this.userCutoff.set(userId, nowMs);
  }

  expireAllAccess(nowMs: number): void {
    for (const grant of this.known) this.accessExpired.add(grant);
    this.accessCutoff = nowMs;
  }

  /** True the first time a code is redeemed. */
  redeemCode(codeId: string): boolean {
    if (this.usedCodes.has(codeId)) return false;
    this.usedCodes.add(codeId);
    return true;
  }
}
