import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { adminLoginTokens } from "@/db/schema";
import { createTestDatabase, testDrivers } from "@/db/testing";
import { hashMagicToken } from "@/lib/admin/crypto";
import {
  consumeAdminSignIn,
  MAGIC_LINK_TTL_MS,
  MAX_PENDING_LINKS,
  type MagicLinkDeps,
  requestAdminSignIn,
} from "@/lib/admin/magic-link";
import { startEmail } from "./fixtures";

const ADMIN = "support@example.com";
const NOW = new Date("2026-03-01T12:00:00Z");

describe.each(testDrivers)("support's magic link (%s)", (driver) => {
  let handle: DatabaseHandle;
  let email: Awaited<ReturnType<typeof startEmail>>;
  let deps: MagicLinkDeps;

  beforeAll(async () => {
    handle = await createTestDatabase(driver);
    email = await startEmail();
  });
  afterAll(async () => {
    await email.server.close();
    await handle.close();
  });
  beforeEach(async () => {
    await handle.db.delete(adminLoginTokens);
    email.server.outbox.clear();
    deps = {
      db: handle.db,
      email: email.channel,
      adminEmails: [ADMIN],
      appUrl: "https://greetings.example",
      now: NOW,
    };
  });

  /** The token from the link in the one e-mail the outbox holds. */
  function tokenFromOutbox(): string {
    const [mail, ...others] = email.server.outbox.list({ channel: "email" });
    expect(others).toHaveLength(0);
    const match = mail?.text?.match(/https:\/\/greetings\.example\/admin\/callback\?token=([A-Za-z0-9_-]+)/);
    if (!match?.[1]) throw new Error("no magic link in the e-mail");
    return match[1];
  }

  it("e-mails a listed address (matched case-insensitively) a link, storing only the token's hash", async () => {
    expect(await requestAdminSignIn(deps, "  Support@Example.COM ")).toBe("sent");
    const [mail] = email.server.outbox.list({ channel: "email" });
    expect(mail?.to).toBe(ADMIN);
    const token = tokenFromOutbox();
    const rows = await handle.db.select().from(adminLoginTokens);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ email: ADMIN, tokenHash: hashMagicToken(token), usedAt: null });
    expect(rows[0]?.expiresAt.getTime()).toBe(NOW.getTime() + MAGIC_LINK_TTL_MS);
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it("creates nothing and sends nothing for an address that is not listed", async () => {
    expect(await requestAdminSignIn(deps, "doctor@practice.example")).toBe("not_admin");
    expect(await handle.db.select().from(adminLoginTokens)).toHaveLength(0);
    expect(email.server.outbox.size).toBe(0);
  });

  it("signs in once: a second use of the same link is refused", async () => {
    await requestAdminSignIn(deps, ADMIN);
    const token = tokenFromOutbox();
    expect(await consumeAdminSignIn(deps, token)).toBe(ADMIN);
    expect(await consumeAdminSignIn(deps, token)).toBeNull();
    const [row] = await handle.db.select().from(adminLoginTokens);
    expect(row?.usedAt?.getTime()).toBe(NOW.getTime());
  });

  it("lets only one of two simultaneous uses of a link through", async () => {
    await requestAdminSignIn(deps, ADMIN);
    const token = tokenFromOutbox();
    const results = await Promise.all([consumeAdminSignIn(deps, token), consumeAdminSignIn(deps, token)]);
    expect(results.filter((r) => r === ADMIN)).toHaveLength(1);
    expect(results.filter((r) => r === null)).toHaveLength(1);
  });

  it("refuses an expired link, and accepts it just before expiry", async () => {
    await requestAdminSignIn(deps, ADMIN);
    const token = tokenFromOutbox();
    const expired = { ...deps, now: new Date(NOW.getTime() + MAGIC_LINK_TTL_MS) };
    expect(await consumeAdminSignIn(expired, token)).toBeNull();
    const justInTime = { ...deps, now: new Date(NOW.getTime() + MAGIC_LINK_TTL_MS - 1000) };
    expect(await consumeAdminSignIn(justInTime, token)).toBe(ADMIN);
  });

  it("refuses unknown, malformed and tampered tokens", async () => {
    await requestAdminSignIn(deps, ADMIN);
    const token = tokenFromOutbox();
    const flipped = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    expect(await consumeAdminSignIn(deps, flipped)).toBeNull();
    expect(await consumeAdminSignIn(deps, "")).toBeNull();
    expect(await consumeAdminSignIn(deps, "' OR 1=1 --")).toBeNull();
    expect(await consumeAdminSignIn(deps, hashMagicToken(token))).toBeNull();
    // The real link still works: failed attempts did not spend it.
    expect(await consumeAdminSignIn(deps, token)).toBe(ADMIN);
  });

  it("refuses a link whose address was removed from ADMIN_EMAILS after it was sent", async () => {
    await requestAdminSignIn(deps, ADMIN);
    const token = tokenFromOutbox();
    expect(await consumeAdminSignIn({ ...deps, adminEmails: ["other@example.com"] }, token)).toBeNull();
  });

  it(`stops issuing links after ${MAX_PENDING_LINKS} unused ones, until they expire`, async () => {
    for (let i = 0; i < MAX_PENDING_LINKS; i++) expect(await requestAdminSignIn(deps, ADMIN)).toBe("sent");
    expect(await requestAdminSignIn(deps, ADMIN)).toBe("throttled");
    expect(await handle.db.select().from(adminLoginTokens)).toHaveLength(MAX_PENDING_LINKS);
    const later = { ...deps, now: new Date(NOW.getTime() + MAGIC_LINK_TTL_MS + 1) };
    expect(await requestAdminSignIn(later, ADMIN)).toBe("sent");
  });

  it("keeps the token row (unused) when the e-mail provider is down, and reports it", async () => {
    email.server.resend.failWith("always");
    try {
      expect(await requestAdminSignIn(deps, ADMIN)).toBe("send_failed");
    } finally {
      email.server.resend.reset();
    }
    const rows = await handle.db.select().from(adminLoginTokens).where(eq(adminLoginTokens.email, ADMIN));
    expect(rows).toHaveLength(1);
    expect(email.server.outbox.size).toBe(0);
  });
});
