import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { currentKeyId, decryptField, encryptField, VaultDecryptError } from "@/lib/vault/crypto";

const key = (id: string) => ({ id, key: randomBytes(32) });
const binding = { accountId: "0b6c2f8e-1111-4d6e-9a55-3d2c1b0a9f00", field: "access_token" };

describe("vault crypto", () => {
  const keys = [key("k1")];

  it("round-trips a token and never contains the plaintext", () => {
    const sealed = encryptField("secret-token-value", binding, keys);
    expect(sealed).not.toContain("secret-token-value");
    expect(sealed.startsWith("v1.k1.")).toBe(true);
    expect(decryptField(sealed, binding, keys)).toBe("secret-token-value");
  });

  it("uses a fresh IV for every value", () => {
    expect(encryptField("same", binding, keys)).not.toBe(encryptField("same", binding, keys));
  });

  it("rejects a tampered ciphertext", () => {
    const sealed = encryptField("secret-token-value", binding, keys);
    const parts = sealed.split(".");
    const body = Buffer.from(parts[4] as string, "base64url");
    body[0] = (body[0] ?? 0) ^ 1;
    parts[4] = body.toString("base64url");
    expect(() => decryptField(parts.join("."), binding, keys)).toThrow(VaultDecryptError);
  });

  it("rejects a value moved to another account's row or another column", () => {
    const sealed = encryptField("secret-token-value", binding, keys);
    expect(() => decryptField(sealed, { ...binding, accountId: "another-account" }, keys)).toThrow(
      VaultDecryptError,
    );
    expect(() => decryptField(sealed, { ...binding, field: "refresh_token" }, keys)).toThrow(
      VaultDecryptError,
    );
  });

  it("fails without the key that wrote the value", () => {
    const sealed = encryptField("secret-token-value", binding, keys);
    expect(() => decryptField(sealed, binding, [key("k2")])).toThrow(/not configured/);
    expect(() => decryptField(sealed, binding, [{ id: "k1", key: randomBytes(32) }])).toThrow(
      VaultDecryptError,
    );
  });

  it("rotates keys: new values use the first key, values written with an older key still decrypt", () => {
    const old = key("old");
    const sealedWithOld = encryptField("written-before-rotation", binding, [old]);
    const rotated = [key("new"), old];
    expect(decryptField(sealedWithOld, binding, rotated)).toBe("written-before-rotation");
    const sealedAfter = encryptField("written-after-rotation", binding, rotated);
    expect(sealedAfter.split(".")[1]).toBe("new");
    expect(currentKeyId(rotated)).toBe("new");
    expect(decryptField(sealedAfter, binding, rotated)).toBe("written-after-rotation");
  });

  it("rejects values of an unknown format", () => {
    expect(() => decryptField("plain-token", binding, keys)).toThrow(/unknown format/);
  });
});
