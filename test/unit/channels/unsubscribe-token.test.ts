import { describe, expect, it } from "vitest";
import {
  createUnsubscribeToken,
  listUnsubscribeHeaders,
  unsubscribeUrl,
  verifyUnsubscribeToken,
} from "@/lib/unsubscribe/token";

const SECRET = "a-session-secret-of-at-least-32-characters";
const TARGET = { accountId: "3f2c9a1e-5b7d-4c1a-9e8f-0123456789ab", patientId: 81234567 };

function flipCharacter(token: string, index: number): string {
  const ch = token[index] === "A" ? "B" : "A";
  return token.slice(0, index) + ch + token.slice(index + 1);
}

describe("unsubscribe tokens", () => {
  it("round-trips the account and patient in a compact, URL-safe token", () => {
    const token = createUnsubscribeToken(TARGET, SECRET);
    expect(token).toMatch(/^[A-Za-z0-9_-]{55}$/);
    expect(encodeURIComponent(token)).toBe(token);
    expect(verifyUnsubscribeToken(token, SECRET)).toEqual({ ...TARGET, language: "en" });
  });

  it("carries a signed Spanish hint in one more byte, so the page answers in Spanish", () => {
    const token = createUnsubscribeToken({ ...TARGET, language: "es" }, SECRET);
    expect(token).toMatch(/^[A-Za-z0-9_-]{56}$/);
    expect(verifyUnsubscribeToken(token, SECRET)).toEqual({ ...TARGET, language: "es" });
    // English links are the same as before the hint existed.
    expect(createUnsubscribeToken({ ...TARGET, language: "en" }, SECRET)).toBe(
      createUnsubscribeToken(TARGET, SECRET),
    );
    for (let i = 0; i < token.length; i++) {
      expect(verifyUnsubscribeToken(flipCharacter(token, i), SECRET), `changed position ${i}`).toBeNull();
    }
    // The hint cannot be added to, or removed from, a signed English link.
    const english = Buffer.from(createUnsubscribeToken(TARGET, SECRET), "base64url");
    const withHint = Buffer.concat([english.subarray(0, 25), Buffer.from([1]), english.subarray(25)]);
    withHint.writeUInt8(2, 0);
    expect(verifyUnsubscribeToken(withHint.toString("base64url"), SECRET)).toBeNull();
  });

  it("is deterministic per target and differs between patients and accounts", () => {
    const token = createUnsubscribeToken(TARGET, SECRET);
    expect(createUnsubscribeToken(TARGET, SECRET)).toBe(token);
    expect(createUnsubscribeToken({ ...TARGET, patientId: TARGET.patientId + 1 }, SECRET)).not.toBe(token);
    expect(
      createUnsubscribeToken({ ...TARGET, accountId: "3f2c9a1e-5b7d-4c1a-9e8f-0123456789ac" }, SECRET),
    ).not.toBe(token);
  });

  it("rejects a token signed with another secret", () => {
    const token = createUnsubscribeToken(TARGET, "another-secret-of-at-least-32-characters!!");
    expect(verifyUnsubscribeToken(token, SECRET)).toBeNull();
  });

  it("rejects every single-character change", () => {
    const token = createUnsubscribeToken(TARGET, SECRET);
    for (let i = 0; i < token.length; i++) {
      expect(verifyUnsubscribeToken(flipCharacter(token, i), SECRET), `changed position ${i}`).toBeNull();
    }
  });

  it("rejects a forged payload re-using a real tag", () => {
    const bytes = Buffer.from(createUnsubscribeToken(TARGET, SECRET), "base64url");
    bytes.writeBigUInt64BE(1n, 17);
    expect(verifyUnsubscribeToken(bytes.toString("base64url"), SECRET)).toBeNull();
  });

  it.each([
    ["empty", ""],
    ["too short", "abc"],
    ["too long", `${"A".repeat(57)}`],
    ["unsigned 56", `${"A".repeat(56)}`],
    ["padding", `${"A".repeat(54)}=`],
    ["not base64url", `${"A".repeat(54)}+`],
    ["path traversal", "../../etc/passwd"],
  ])("rejects a malformed token (%s)", (_name, token) => {
    expect(verifyUnsubscribeToken(token, SECRET)).toBeNull();
  });

  it("refuses to sign what it could not verify", () => {
    expect(() => createUnsubscribeToken({ ...TARGET, accountId: "not-a-uuid" }, SECRET)).toThrow();
    expect(() => createUnsubscribeToken({ ...TARGET, patientId: 0 }, SECRET)).toThrow();
    expect(() => createUnsubscribeToken({ ...TARGET, patientId: 1.5 }, SECRET)).toThrow();
  });

  it("builds the link and the one-click headers", () => {
    const url = unsubscribeUrl("https://greetings.example.com/", "tok");
    expect(url).toBe("https://greetings.example.com/unsubscribe/tok");
    expect(listUnsubscribeHeaders(url)).toEqual({
      "List-Unsubscribe": "<https://greetings.example.com/unsubscribe/tok>",
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
  });
});
