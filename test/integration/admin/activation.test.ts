import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { listAccountsForAdmin } from "@/db/queries/admin";
import { accounts, auditLog, runs, sendLog } from "@/db/schema";
import { createTestDatabase, testDrivers } from "@/db/testing";
import { type ActivationDeps, activateAccountAsAdmin, deactivateAccountAsAdmin } from "@/lib/admin/actions";
import type { AdminSession } from "@/lib/admin/session";
import type { NotificationDeps, NotifyResult, PracticeNotice } from "@/lib/notifications";
import { notifyPractice } from "@/lib/notifications";
import { createAccount, startEmail } from "./fixtures";

const NOW = new Date("2026-03-01T12:00:00Z");
const session: AdminSession = { email: "support@example.com", expiresAt: new Date(NOW.getTime() + 3600_000) };

describe.each(testDrivers)("activation by support (%s)", (driver) => {
  let handle: DatabaseHandle;
  let email: Awaited<ReturnType<typeof startEmail>>;
  let deps: ActivationDeps;
  let notices: Array<{ kind: PracticeNotice; accountId: string; result: NotifyResult }>;

  beforeAll(async () => {
    handle = await createTestDatabase(driver);
    email = await startEmail();
  });
  afterAll(async () => {
    await email.server.close();
    await handle.close();
  });
  beforeEach(() => {
    email.server.outbox.clear();
    notices = [];
    const notificationDeps: NotificationDeps = {
      email: email.channel,
      appUrl: "https://greetings.example",
      supportEmail: "support@example.com",
      findDoctorEmail: async () => null,
      now: NOW,
    };
    deps = {
      now: NOW,
      notifyPractice: async (kind, account) => {
        const result = await notifyPractice(kind, account, notificationDeps);
        notices.push({ kind, accountId: account.id, result });
        return result;
      },
    };
  });

  async function auditOf(accountId: string) {
    return handle.db.select().from(auditLog).where(eq(auditLog.accountId, accountId));
  }

  it("activates a requested account, records who/when/how in the audit log and e-mails the practice", async () => {
    const account = await createAccount(handle.db, {
      activation: "requested",
      activationRequestedAt: new Date("2026-02-28T09:00:00Z"),
      contactName: "Jane Doe",
      contactEmail: "jane@maple.example",
    });
    const note = "Called Jane at the front desk; she confirmed.";
    const result = await activateAccountAsAdmin(handle.db, session, { accountId: account.id, note }, deps);
    expect(result).toEqual({ status: "ok", message: expect.stringContaining("jane@maple.example") });

    const [after] = await handle.db.select().from(accounts).where(eq(accounts.id, account.id));
    expect(after).toMatchObject({
      activation: "active",
      activatedBy: "support@example.com",
      activationNote: note,
      activatedAt: NOW,
    });
    const audit = await auditOf(account.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor: "admin:support@example.com",
      action: "account.activated",
      detail: { note },
      createdAt: NOW,
    });
    const [mail] = email.server.outbox.list({ channel: "email" });
    expect(mail?.to).toBe("jane@maple.example");
    expect(mail?.subject).toContain("active");
  });

  it("refuses to activate a practice that has not requested it, changing nothing", async () => {
    const account = await createAccount(handle.db);
    const result = await activateAccountAsAdmin(
      handle.db,
      session,
      { accountId: account.id, note: "Called them, all good." },
      deps,
    );
    expect(result).toMatchObject({ status: "error", message: expect.stringContaining("not requested") });
    const [after] = await handle.db.select().from(accounts).where(eq(accounts.id, account.id));
    expect(after?.activation).toBe("not_requested");
    expect(await auditOf(account.id)).toHaveLength(0);
    expect(notices).toHaveLength(0);
  });

  it("requires a note of how the practice was contacted, and a real account id", async () => {
    const account = await createAccount(handle.db, { activation: "requested" });
    const noNote = await activateAccountAsAdmin(
      handle.db,
      session,
      { accountId: account.id, note: "  " },
      deps,
    );
    expect(noNote).toMatchObject({ status: "error", fieldErrors: { note: expect.any(String) } });
    const forged = await activateAccountAsAdmin(
      handle.db,
      session,
      { accountId: "1 OR 1=1", note: "Called them, all good." },
      deps,
    );
    expect(forged).toMatchObject({ status: "error", fieldErrors: { accountId: expect.any(String) } });
    const [after] = await handle.db.select().from(accounts).where(eq(accounts.id, account.id));
    expect(after?.activation).toBe("requested");
    expect(await auditOf(account.id)).toHaveLength(0);
  });

  it("does nothing without an admin session", async () => {
    const account = await createAccount(handle.db, { activation: "requested" });
    const result = await activateAccountAsAdmin(
      handle.db,
      null,
      { accountId: account.id, note: "Called them, all good." },
      deps,
    );
    expect(result.status).toBe("error");
    const deactivated = await deactivateAccountAsAdmin(
      handle.db,
      null,
      { accountId: account.id, reason: "Practice closed" },
      deps,
    );
    expect(deactivated.status).toBe("error");
    const [after] = await handle.db.select().from(accounts).where(eq(accounts.id, account.id));
    expect(after?.activation).toBe("requested");
  });

  it("activates once when two admins click at the same time", async () => {
    const account = await createAccount(handle.db, { activation: "requested", contactEmail: "a@b.example" });
    const input = { accountId: account.id, note: "Called them, all good." };
    const results = await Promise.all([
      activateAccountAsAdmin(handle.db, session, input, deps),
      activateAccountAsAdmin(handle.db, { ...session, email: "other@example.com" }, input, deps),
    ]);
    expect(results.filter((r) => r.status === "ok")).toHaveLength(1);
    expect(await auditOf(account.id)).toHaveLength(1);
    expect(notices).toHaveLength(1);
  });

  it("deactivates with a reason, audited; the account can later be activated again", async () => {
    const account = await createAccount(handle.db, { activation: "active", contactEmail: "a@b.example" });
    const reason = "Practice asked to stop by phone.";
    const result = await deactivateAccountAsAdmin(
      handle.db,
      session,
      { accountId: account.id, reason },
      deps,
    );
    expect(result.status).toBe("ok");
    const [after] = await handle.db.select().from(accounts).where(eq(accounts.id, account.id));
    expect(after?.activation).toBe("deactivated");
    expect(await auditOf(account.id)).toEqual([
      expect.objectContaining({
        actor: "admin:support@example.com",
        action: "account.deactivated",
        detail: { reason },
      }),
    ]);
    const again = await deactivateAccountAsAdmin(handle.db, session, { accountId: account.id, reason }, deps);
    expect(again).toMatchObject({ status: "error", message: expect.stringContaining("already deactivated") });

    const reactivated = await activateAccountAsAdmin(
      handle.db,
      session,
      { accountId: account.id, note: "Practice called back to resume." },
      deps,
    );
    expect(reactivated.status).toBe("ok");
    expect((await auditOf(account.id)).map((a) => a.action).sort()).toEqual([
      "account.activated",
      "account.deactivated",
    ]);
  });

  it("still activates when the practice cannot be e-mailed, and says so", async () => {
    const account = await createAccount(handle.db, { activation: "requested" });
    const result = await activateAccountAsAdmin(
      handle.db,
      session,
      { accountId: account.id, note: "Called them, all good." },
      deps,
    );
    expect(result).toMatchObject({ status: "ok", message: expect.stringContaining("was not told") });
    const [after] = await handle.db.select().from(accounts).where(eq(accounts.id, account.id));
    expect(after?.activation).toBe("active");
  });
});

describe.each(testDrivers)("support's accounts list (%s)", (driver) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase(driver);
  });
  afterAll(() => handle.close());

  it("filters to accounts awaiting activation, longest waiting first, with last run and failures", async () => {
    const newer = await createAccount(handle.db, {
      practiceName: "Newer",
      activation: "requested",
      activationRequestedAt: new Date("2026-02-28T10:00:00Z"),
    });
    const older = await createAccount(handle.db, {
      practiceName: "Older",
      activation: "requested",
      activationRequestedAt: new Date("2026-02-20T10:00:00Z"),
    });
    const active = await createAccount(handle.db, { practiceName: "Active", activation: "active" });
    await createAccount(handle.db, { practiceName: "Fresh" });
    await handle.db.insert(runs).values([
      {
        accountId: active.id,
        trigger: "cron",
        localDate: "2026-02-28",
        startedAt: new Date("2026-02-28T18:00:00Z"),
        greeted: 3,
      },
      {
        accountId: active.id,
        trigger: "cron",
        localDate: "2026-03-01",
        startedAt: new Date("2026-03-01T11:00:00Z"),
        greeted: 5,
        failed: 1,
      },
      {
        accountId: active.id,
        trigger: "admin",
        dryRun: true,
        localDate: "2026-03-01",
        startedAt: new Date("2026-03-01T11:30:00Z"),
      },
    ]);
    await handle.db.insert(sendLog).values({
      accountId: active.id,
      patientId: 1,
      birthdayYear: 2026,
      channel: "email",
      status: "failed",
      localDate: "2026-03-01",
      updatedAt: NOW,
    });

    const awaiting = await listAccountsForAdmin(handle.db, { awaitingActivation: true, now: NOW });
    expect(awaiting.map((r) => r.account.id)).toEqual([older.id, newer.id]);

    const all = await listAccountsForAdmin(handle.db, { awaitingActivation: false, now: NOW });
    expect(all).toHaveLength(4);
    const activeRow = all.find((r) => r.account.id === active.id);
    expect(activeRow?.lastRun).toMatchObject({ greeted: 5, failed: 1, dryRun: false });
    expect(activeRow?.recentFailures).toBe(1);
    expect(all.find((r) => r.account.id === older.id)).toMatchObject({ lastRun: null, recentFailures: 0 });
  });

  it("is empty when nobody is awaiting activation", async () => {
    const fresh = await createTestDatabase(driver);
    try {
      await createAccount(fresh.db, { activation: "active" });
      expect(await listAccountsForAdmin(fresh.db, { awaitingActivation: true, now: NOW })).toEqual([]);
    } finally {
      await fresh.close();
    }
  });
});
