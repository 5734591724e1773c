import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { lastEmailResumedAt } from "@/db/queries/delivery";
import { accounts, auditLog } from "@/db/schema";
import { createTestDatabase, testDrivers } from "@/db/testing";
import { resumeEmailAsAdmin } from "@/lib/admin/actions";
import type { AdminSession } from "@/lib/admin/session";
import { createAccount } from "./fixtures";

const NOW = new Date("2026-03-01T12:00:00Z");
const session: AdminSession = { email: "support@example.com", expiresAt: new Date(NOW.getTime() + 3600_000) };

describe.each(testDrivers)("support resumes e-mail paused by sender health (%s)", (driver) => {
  let handle: DatabaseHandle;

  beforeAll(async () => {
    handle = await createTestDatabase(driver);
  });
  afterAll(() => handle.close());

  async function pausedAccount() {
    const account = await createAccount(handle.db, { activation: "active" });
    await handle.db
      .update(accounts)
      .set({
        emailPausedAt: new Date("2026-02-27T10:00:00Z"),
        emailPausedReason: "3 of 20 greetings bounced",
      })
      .where(eq(accounts.id, account.id));
    return account;
  }

  it("lifts the pause, audits support's note, and counts rates afresh from then", async () => {
    const account = await pausedAccount();
    const input = { accountId: account.id, note: "Called Jane; she fixed three addresses." };
    expect(await resumeEmailAsAdmin(handle.db, session, input, { now: NOW })).toEqual({
      status: "ok",
      message:
        "E-mail greetings resumed from the next run. Bounce and complaint rates count afresh from now.",
    });
    const [row] = await handle.db.select().from(accounts).where(eq(accounts.id, account.id));
    expect([row?.emailPausedAt, row?.emailPausedReason]).toEqual([null, null]);
    const audit = await handle.db.select().from(auditLog).where(eq(auditLog.accountId, account.id));
    expect(audit.map((a) => [a.actor, a.action, a.detail, a.createdAt])).toEqual([
      [
        "admin:support@example.com",
        "email.resumed",
        { note: "Called Jane; she fixed three addresses." },
        NOW,
      ],
    ]);
    expect(await lastEmailResumedAt(handle.db, account.id)).toEqual(NOW);

    // A second press changes nothing and says why.
    expect(await resumeEmailAsAdmin(handle.db, session, input, { now: NOW })).toEqual({
      status: "error",
      message: "E-mail greetings are not paused for this practice.",
    });
  });

  it("refuses without a support session or a note, and changes nothing", async () => {
    const account = await pausedAccount();
    expect(
      await resumeEmailAsAdmin(handle.db, null, { accountId: account.id, note: "reviewed" }, { now: NOW }),
    ).toEqual({
      status: "error",
      message: "Your support session has ended. Sign in again.",
    });
    expect(
      await resumeEmailAsAdmin(handle.db, session, { accountId: account.id, note: "ok" }, { now: NOW }),
    ).toEqual({
      status: "error",
      message: "Please correct the form.",
      fieldErrors: { note: "Say what you reviewed with the practice (at least 5 characters)." },
    });
    const [row] = await handle.db.select().from(accounts).where(eq(accounts.id, account.id));
    expect(row?.emailPausedReason).toBe("3 of 20 greetings bounced");
    expect(await handle.db.select().from(auditLog).where(eq(auditLog.accountId, account.id))).toEqual([]);
  });
});
