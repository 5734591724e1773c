import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { endUserSessions } from "@/db/queries/accounts";
import { accounts, users } from "@/db/schema";
import { createTestDatabase, testDrivers } from "@/db/testing";
import { deactivateAccountAsAdmin } from "@/lib/admin/actions";
import {
  ADMIN_COOKIE,
  ADMIN_SESSION_TTL_MS,
  adminSessionFromCookies,
  endAdminSession,
  startAdminSession,
} from "@/lib/admin/session";
import { practiceSessionFor } from "@/lib/auth/session";
import { markNeedsReauthorization } from "@/lib/vault/tokens";

const AT = new Date("2026-03-01T12:00:00Z");
const config = { adminEmails: ["support@example.com"], secureCookies: true };
const jar = (values: Record<string, string>) => ({
  get: (name: string) => (name in values ? { value: values[name] as string } : undefined),
});

describe.each(testDrivers)("sessions can end (%s)", (driver) => {
  let handle: DatabaseHandle;
  let accountId: string;
  let doctorId: string;
  let staffId: string;

  beforeAll(async () => {
    handle = await createTestDatabase(driver);
    const [account] = await handle.db
      .insert(accounts)
      .values({ practiceGroupId: 1001, practiceName: "Maple Street", activation: "active" })
      .returning();
    accountId = account?.id ?? "";
    const rows = await handle.db
      .insert(users)
      .values([
        { accountId, drchronoUserId: 1, username: "dr", role: "doctor" as const },
        { accountId, drchronoUserId: 2, username: "staff", role: "staff" as const },
      ])
      .returning();
    doctorId = rows[0]?.id ?? "";
    staffId = rows[1]?.id ?? "";
  });
  afterAll(() => handle.close());

  const current = (userId: string, sessionVersion: number | undefined) =>
    practiceSessionFor(handle.db, { userId, sessionVersion });

  describe("practice sessions", () => {
    it("a cookie counts only while its session version is the user's", async () => {
      expect(await current(doctorId, 0)).toMatchObject({ userId: doctorId, accountId, role: "doctor" });
      // A cookie issued before versions existed, or naming a version the user never had, is not a session.
      expect(await current(doctorId, undefined)).toBeNull();
      expect(await current(doctorId, 1)).toBeNull();
    });

    it("signing out ends that user's sessions, and only theirs", async () => {
      await endUserSessions(handle.db, accountId, doctorId);
      expect(await current(doctorId, 0)).toBeNull();
      expect(await current(doctorId, 1)).toMatchObject({ userId: doctorId });
      expect(await current(staffId, 0)).toMatchObject({ userId: staffId });
    });

    it("a grant that stops working ends every session of the practice", async () => {
      await markNeedsReauthorization(handle.db, accountId, "refresh token rejected by drchrono");
      expect(await current(doctorId, 1)).toBeNull();
      expect(await current(staffId, 0)).toBeNull();
      expect(await current(doctorId, 2)).toMatchObject({ userId: doctorId });
      expect(await current(staffId, 1)).toMatchObject({ userId: staffId });
    });

    it("support's deactivation ends every session of the practice", async () => {
      const result = await deactivateAccountAsAdmin(
        handle.db,
        { email: "support@example.com", expiresAt: new Date(AT.getTime() + 1000) },
        { accountId, reason: "The practice asked us to stop." },
        { now: AT },
      );
      expect(result.status).toBe("ok");
      expect(await current(doctorId, 2)).toBeNull();
      expect(await current(staffId, 1)).toBeNull();
    });
  });

  describe("support's sessions, kept on the server", () => {
    it("accept the cookie they issued, for 8 hours, with safe cookie flags", async () => {
      const cookie = await startAdminSession(handle.db, "support@example.com", config, AT);
      expect(cookie).toMatchObject({
        name: "bg_admin",
        httpOnly: true,
        sameSite: "lax",
        secure: true,
        path: "/admin",
        maxAge: 8 * 3600,
      });
      expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const cookies = jar({ [ADMIN_COOKIE]: cookie.value });
      expect(await adminSessionFromCookies(handle.db, cookies, config, AT)).toEqual({
        email: "support@example.com",
        expiresAt: new Date(AT.getTime() + ADMIN_SESSION_TTL_MS),
      });
      const later = new Date(AT.getTime() + ADMIN_SESSION_TTL_MS);
      expect(await adminSessionFromCookies(handle.db, cookies, config, later)).toBeNull();
    });

    it("sign-out ends the session on the server: a kept copy of the cookie no longer works", async () => {
      const cookie = await startAdminSession(handle.db, "support@example.com", config, AT);
      const copy = jar({ [ADMIN_COOKIE]: cookie.value });
      await endAdminSession(handle.db, copy, AT);
      expect(await adminSessionFromCookies(handle.db, copy, config, AT)).toBeNull();
    });

    it("end when the address leaves ADMIN_EMAILS, and ignore practice cookies and made-up ids", async () => {
      const cookie = await startAdminSession(handle.db, "support@example.com", config, AT);
      const cookies = jar({ [ADMIN_COOKIE]: cookie.value });
      const without = { ...config, adminEmails: ["someone-else@example.com"] };
      expect(await adminSessionFromCookies(handle.db, cookies, without, AT)).toBeNull();
      const practice = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..practice-session";
      expect(
        await adminSessionFromCookies(handle.db, jar({ "next-auth.session-token": practice }), config, AT),
      ).toBeNull();
      expect(
        await adminSessionFromCookies(handle.db, jar({ [ADMIN_COOKIE]: practice }), config, AT),
      ).toBeNull();
    });
  });
});
