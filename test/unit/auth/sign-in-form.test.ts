import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { csrfCookieName, csrfTokenOf, newCsrfCookieValue } from "@/lib/auth/csrf";
import { CSRF_RETRY_MESSAGE, signInErrorMessage } from "@/lib/auth/sign-in-errors";

const SECRET = "s".repeat(40);

describe("the sign-in form's CSRF cookie", () => {
  it("is next-auth's own format, so next-auth verifies the plain form's POST", () => {
    const value = newCsrfCookieValue(SECRET);
    const [token, hash] = value.split("|");
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(createHash("sha256").update(`${token}${SECRET}`).digest("hex"));
    expect(csrfTokenOf(value, SECRET)).toBe(token);
  });

  it("refuses a cookie made under another secret, or tampered with", () => {
    const value = newCsrfCookieValue(SECRET);
    expect(csrfTokenOf(value, "x".repeat(40))).toBeNull();
    expect(csrfTokenOf(`${"0".repeat(64)}|${value.split("|")[1]}`, SECRET)).toBeNull();
    expect(csrfTokenOf(undefined, SECRET)).toBeNull();
  });

  it("uses next-auth's cookie names", () => {
    expect(csrfCookieName(true)).toBe("__Host-next-auth.csrf-token");
    expect(csrfCookieName(false)).toBe("next-auth.csrf-token");
  });
});

describe("what a failed sign-in says", () => {
  it.each([
    ["OAuthCallback", "drchrono did not complete the sign-in. Please try again."],
    ["OAuthSignin", "We could not start signing you in with drchrono. Please try again in a minute."],
    ["AccessDenied", "drchrono's permission screen was declined, so you are not signed in."],
    ["Callback", "Something went wrong while finishing your sign-in. Please try again."],
    ["SessionRequired", "Please sign in to see that page."],
    ["anything else", "Signing in did not work. Please try again; if it keeps failing, contact support."],
  ])("%s", (code, sentence) => {
    expect(signInErrorMessage(code)).toBe(sentence);
  });

  it("says nothing without an error, and asks to press again after an expired form", () => {
    expect(signInErrorMessage(undefined)).toBeNull();
    expect(CSRF_RETRY_MESSAGE).toBe("Your sign-in form had expired. Please press the button again.");
  });
});
