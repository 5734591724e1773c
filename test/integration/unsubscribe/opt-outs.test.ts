import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import {
  hasOptOut,
  listOptOuts,
  optOutFlagsFor,
  recordOptOut,
  removeStaffOptOut,
} from "@/db/queries/opt-outs";
import { accounts, auditLog } from "@/db/schema";
import { createTestDatabase, testDrivers } from "@/db/testing";

describe.each(testDrivers)("opt-out queries on %s", (driver) => {
  let handle: DatabaseHandle;
  let practice: string;
  let otherPractice: string;
  const staff = "user:5b0e1f7c-0000-4000-8000-000000000001" as const;

  beforeAll(async () => {
    handle = await createTestDatabase(driver);
    const rows = await handle.db
      .insert(accounts)
      .values([
        { practiceGroupId: 10, practiceName: "Practice A" },
        { practiceGroupId: 11, practiceName: "Practice B" },
      ])
      .returning({ id: accounts.id });
    practice = rows[0]?.id as string;
    otherPractice = rows[1]?.id as string;
  });
  afterAll(() => handle.close());

  it("records each source once and reports the flags per patient", async () => {
    const at = new Date("2026-01-02T03:04:05Z");
    expect(
      await recordOptOut(handle.db, {
        accountId: practice,
        patientId: 1,
        source: "staff",
        actor: staff,
        reason: "moved away",
        at,
      }),
    ).toBe(true);
    expect(
      await recordOptOut(handle.db, { accountId: practice, patientId: 1, source: "staff", actor: staff }),
    ).toBe(false);
    expect(
      await recordOptOut(handle.db, {
        accountId: practice,
        patientId: 2,
        source: "sms_stop",
        actor: "patient",
      }),
    ).toBe(true);
    expect(
      await recordOptOut(handle.db, {
        accountId: otherPractice,
        patientId: 3,
        source: "email_unsubscribe",
        actor: "patient",
      }),
    ).toBe(true);

    const flags = await optOutFlagsFor(handle.db, practice, [1, 2, 3, 3]);
    expect(Object.fromEntries(flags)).toEqual({
      1: { staff: true, emailUnsubscribed: false, smsStopped: false },
      2: { staff: false, emailUnsubscribed: false, smsStopped: true },
      3: { staff: false, emailUnsubscribed: false, smsStopped: false },
    });
    expect((await optOutFlagsFor(handle.db, practice, [])).size).toBe(0);

    const list = await listOptOuts(handle.db, practice);
    expect(list.map((r) => [r.patientId, r.source])).toEqual(
      expect.arrayContaining([
        [1, "staff"],
        [2, "sms_stop"],
      ]),
    );
    expect(list).toHaveLength(2);
    expect(list.find((r) => r.patientId === 1)).toMatchObject({
      actor: staff,
      reason: "moved away",
      createdAt: at,
    });

    const audit = await handle.db.select().from(auditLog).where(eq(auditLog.accountId, practice));
    expect(audit.map((a) => [a.action, a.detail])).toEqual(
      expect.arrayContaining([
        ["opt_out.recorded", { patientId: 1, source: "staff" }],
        ["opt_out.recorded", { patientId: 2, source: "sms_stop" }],
      ]),
    );
    expect(audit).toHaveLength(2);
  });

  it("lets staff lift only their own kind of opt-out, within their account", async () => {
    await recordOptOut(handle.db, {
      accountId: practice,
      patientId: 5,
      source: "email_unsubscribe",
      actor: "patient",
    });
    await recordOptOut(handle.db, { accountId: practice, patientId: 5, source: "staff", actor: staff });
    await recordOptOut(handle.db, { accountId: otherPractice, patientId: 5, source: "staff", actor: staff });

    expect(await removeStaffOptOut(handle.db, { accountId: practice, patientId: 5, actor: staff })).toBe(
      true,
    );
    expect(await removeStaffOptOut(handle.db, { accountId: practice, patientId: 5, actor: staff })).toBe(
      false,
    );

    expect((await optOutFlagsFor(handle.db, practice, [5])).get(5)).toEqual({
      staff: false,
      emailUnsubscribed: true,
      smsStopped: false,
    });
    expect(await hasOptOut(handle.db, otherPractice, 5, "staff")).toBe(true);
    const removals = await handle.db.select().from(auditLog).where(eq(auditLog.action, "opt_out.removed"));
    expect(removals).toEqual([expect.objectContaining({ accountId: practice, actor: staff })]);
  });

  it("answers for thousands of patients at once", async () => {
    const ids = Array.from({ length: 12_000 }, (_, i) => 100_000 + i);
    await recordOptOut(handle.db, {
      accountId: practice,
      patientId: 111_999,
      source: "sms_stop",
      actor: "patient",
    });
    const flags = await optOutFlagsFor(handle.db, practice, ids);
    expect(flags.size).toBe(12_000);
    expect(flags.get(111_999)?.smsStopped).toBe(true);
    expect([...flags.values()].filter((f) => f.smsStopped)).toHaveLength(1);
  });
});
