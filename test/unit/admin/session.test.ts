import { describe, expect, it } from "vitest";
import {
  ADMIN_COOKIE,
  ADMIN_SESSION_TTL_MS,
  adminSessionCookie,
  adminSessionFromCookies,
} from "@/lib/admin/session";

const config = {
  authSecret: "a-test-session-secret-of-enough-length-0123456789",
  adminEmails: ["support@example.com"],
  secureCookies: true,
};
const AT = new Date("2026-03-01T12:00:00Z");

function jar(values: Record<string, string>) {
  return { get: (name: string) => (name in values ? { value: values[name] as string } : undefined) };
}

describe("the admin session guard", () => {
  it("accepts the bg_admin cookie it issued, for 8 hours", () => {
    const cookie = adminSessionCookie("support@example.com", config, AT);
    const session = adminSessionFromCookies(jar({ [ADMIN_COOKIE]: cookie.value }), config, AT);
    expect(session).toEqual({
      email: "support@example.com",
      expiresAt: new Date(AT.getTime() + ADMIN_SESSION_TTL_MS),
    });
    const later = new Date(AT.getTime() + ADMIN_SESSION_TTL_MS);
    expect(adminSessionFromCookies(jar({ [ADMIN_COOKIE]: cookie.value }), config, later)).toBeNull();
  });

  it("sets a cookie that is HttpOnly, SameSite=Lax, Secure over https, limited to /admin", () => {
    const cookie = adminSessionCookie("support@example.com", config, AT);
    expect(cookie).toMatchObject({
      name: "bg_admin",
      httpOnly: true,
      sameSite: "lax",
      secure: true,
      path: "/admin",
      maxAge: 8 * 3600,
    });
    expect(adminSessionCookie("support@example.com", { ...config, secureCookies: false }, AT).secure).toBe(
      false,
    );
  });

  it("ignores a practice (next-auth) session entirely", () => {
    const practiceCookies = {
      "next-auth.session-token": "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..practice-session",
      "__Secure-next-auth.session-token": "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..practice-session",
    };
    expect(adminSessionFromCookies(jar(practiceCookies), config, AT)).toBeNull();
    // Even a practice session token copied into bg_admin is not an admin session.
    expect(
      adminSessionFromCookies(
        jar({ [ADMIN_COOKIE]: practiceCookies["next-auth.session-token"] }),
        config,
        AT,
      ),
    ).toBeNull();
  });

  it("ends sessions of an address removed from ADMIN_EMAILS", () => {
    const cookie = adminSessionCookie("support@example.com", config, AT);
    const without = { ...config, adminEmails: ["someone-else@example.com"] };
    expect(adminSessionFromCookies(jar({ [ADMIN_COOKIE]: cookie.value }), without, AT)).toBeNull();
  });

  it("refuses a cookie signed under another secret", () => {
    const cookie = adminSessionCookie("support@example.com", { ...config, authSecret: "x".repeat(48) }, AT);
    expect(adminSessionFromCookies(jar({ [ADMIN_COOKIE]: cookie.value }), config, AT)).toBeNull();
  });
});
