import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  constantTimeEqual,
  createMagicToken,
  deriveSessionKey,
  hashMagicToken,
  signAdminSession,
  verifyAdminSession,
} from "@/lib/admin/crypto";

const SECRET = "a-test-session-secret-of-enough-length-0123456789";
const key = deriveSessionKey(SECRET);
const NOW = Date.parse("2026-03-01T12:00:00Z");

describe("magic-link tokens", () => {
  it("are 32 random bytes, url-safe, and never repeat", () => {
    const tokens = new Set(Array.from({ length: 200 }, createMagicToken));
    expect(tokens.size).toBe(200);
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token, "base64url")).toHaveLength(32);
    }
  });

  it("are stored as their SHA-256 hex digest, which does not contain the token", () => {
    const token = createMagicToken();
    const hash = hashMagicToken(token);
    expect(hash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(token);
    expect(hashMagicToken(`${token}x`)).not.toBe(hash);
  });
});

describe("constantTimeEqual", () => {
  it("is true only for identical strings, whatever their lengths", () => {
    expect(constantTimeEqual("abc", "abc")).toBe(true);
    expect(constantTimeEqual("abc", "abd")).toBe(false);
    expect(constantTimeEqual("abc", "abcd")).toBe(false);
    expect(constantTimeEqual("", "a")).toBe(false);
    expect(constantTimeEqual("", "")).toBe(true);
  });
});

describe("admin session cookie", () => {
  const payload = { email: "support@example.com", exp: NOW + 3600_000 };

  it("round-trips a signed payload before it expires", () => {
    const value = signAdminSession(key, payload);
    expect(verifyAdminSession(key, value, NOW)).toEqual(payload);
  });

  it("is refused at and after its expiry", () => {
    const value = signAdminSession(key, payload);
    expect(verifyAdminSession(key, value, payload.exp)).toBeNull();
    expect(verifyAdminSession(key, value, payload.exp + 1)).toBeNull();
  });

  it("is refused when the payload is changed (e.g. to another e-mail or a later expiry)", () => {
    const value = signAdminSession(key, payload);
    const [, signature] = value.split(".");
    const forged = Buffer.from(JSON.stringify({ email: "attacker@example.com", exp: payload.exp })).toString(
      "base64url",
    );
    const extended = Buffer.from(JSON.stringify({ ...payload, exp: payload.exp + 10 * 3600_000 })).toString(
      "base64url",
    );
    expect(verifyAdminSession(key, `${forged}.${signature}`, NOW)).toBeNull();
    expect(verifyAdminSession(key, `${extended}.${signature}`, NOW)).toBeNull();
  });

  it("is refused when the signature is changed, truncated or missing", () => {
    const value = signAdminSession(key, payload);
    const last = value.at(-1) === "A" ? "B" : "A";
    expect(verifyAdminSession(key, `${value.slice(0, -1)}${last}`, NOW)).toBeNull();
    expect(verifyAdminSession(key, value.slice(0, -5), NOW)).toBeNull();
    expect(verifyAdminSession(key, value.split(".")[0] ?? "", NOW)).toBeNull();
    expect(verifyAdminSession(key, `${value}.extra`, NOW)).toBeNull();
    expect(verifyAdminSession(key, "", NOW)).toBeNull();
  });

  it("is refused when signed with another secret", () => {
    const other = deriveSessionKey("another-secret-of-enough-length-0123456789abcd");
    expect(verifyAdminSession(other, signAdminSession(key, payload), NOW)).toBeNull();
  });

  it("uses a key derived for this purpose only, not the raw auth secret", () => {
    expect(key).toHaveLength(32);
    expect(key.equals(Buffer.from(SECRET).subarray(0, 32))).toBe(false);
    expect(key.equals(createHash("sha256").update(SECRET).digest())).toBe(false);
  });

  it("survives malformed but correctly signed bodies without throwing", async () => {
    const { createHmac } = await import("node:crypto");
    const sign = (body: string) => `${body}.${createHmac("sha256", key).update(body).digest("base64url")}`;
    const encode = (v: unknown) =>
      Buffer.from(typeof v === "string" ? v : JSON.stringify(v)).toString("base64url");
    expect(verifyAdminSession(key, sign(encode("not json")), NOW)).toBeNull();
    expect(verifyAdminSession(key, sign(encode({ email: 1, exp: NOW + 1000 })), NOW)).toBeNull();
    expect(verifyAdminSession(key, sign(encode({ email: "a@b.c" })), NOW)).toBeNull();
    expect(verifyAdminSession(key, sign(encode(null)), NOW)).toBeNull();
  });
});
