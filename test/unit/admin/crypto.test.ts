import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { constantTimeEqual, createMagicToken, hashMagicToken } from "@/lib/admin/crypto";

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
