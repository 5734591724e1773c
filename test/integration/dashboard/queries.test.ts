import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import {
  countBirthdays,
  countSkippedByReason,
  isIndexedPatient,
  latestRun,
  listBirthdays,
  listSkipped,
} from "@/db/queries/dashboard";
import { eachHistoryRow, greetingStatusFor, listHistory } from "@/db/queries/history";
import { readPracticeDay } from "@/db/queries/today";
import { patientIndex } from "@/db/schema";
import { createTestDatabase, testDrivers } from "@/db/testing";
import { seedDayAccount, seedTwoPractices } from "./fixtures";

describe.each(testDrivers)("dashboard queries on %s", (driver) => {
  let handle: DatabaseHandle;
  let seed: Awaited<ReturnType<typeof seedTwoPractices>>;

  beforeAll(async () => {
    handle = await createTestDatabase(driver);
    seed = await seedTwoPractices(handle.db);
  });
  afterAll(() => handle.close());

  it("shows the account's latest real run, never a dry run or another practice's", async () => {
    const run = await latestRun(handle.db, seed.a.id);
    expect(run).toMatchObject({ localDate: "2026-03-02", greeted: 2, skipped: { no_contact: 1 } });
  });

  it("counts only the account's birthdays, with and without known skips", async () => {
    const days = [{ month: 3, day: 1 }];
    expect(await countBirthdays(handle.db, seed.a.id, days)).toEqual({ total: 2, toGreet: 1 });
    expect(await countBirthdays(handle.db, seed.b.id, days)).toEqual({ total: 2, toGreet: 2 });
    expect(
      await countBirthdays(handle.db, seed.a.id, [
        { month: 3, day: 1 },
        { month: 3, day: 2 },
      ]),
    ).toEqual({ total: 3, toGreet: 2 });
    expect(await countBirthdays(handle.db, seed.a.id, [])).toEqual({ total: 0, toGreet: 0 });
  });

  it("lists upcoming birthdays of the account only, without skipped patients, paged", async () => {
    const days = [
      { month: 3, day: 1 },
      { month: 3, day: 2 },
    ];
    const all = await listBirthdays(handle.db, seed.a.id, days, { limit: 10, offset: 0 });
    expect(all.rows.map((r) => r.patientId)).toEqual([1, 3]);
    expect(all.hasMore).toBe(false);
    const first = await listBirthdays(handle.db, seed.a.id, days, { limit: 1, offset: 0 });
    expect(first).toMatchObject({ rows: [{ patientId: 1 }], hasMore: true });
    const second = await listBirthdays(handle.db, seed.a.id, days, { limit: 1, offset: 1 });
    expect(second.rows.map((r) => r.patientId)).toEqual([3]);
  });

  it("orders a window across New Year from its first day", async () => {
    await handle.db.insert(patientIndex).values([
      { accountId: seed.a.id, patientId: 50, doctorId: 10, birthMonth: 1, birthDay: 2 },
      { accountId: seed.a.id, patientId: 51, doctorId: 10, birthMonth: 12, birthDay: 31 },
    ]);
    const days = [
      { month: 12, day: 31 },
      { month: 1, day: 1 },
      { month: 1, day: 2 },
    ];
    const list = await listBirthdays(handle.db, seed.a.id, days, { limit: 10, offset: 0 });
    expect(list.rows.map((r) => r.patientId)).toEqual([51, 50]);
  });

  it("lists and counts the account's skipped patients by reason", async () => {
    expect(await countSkippedByReason(handle.db, seed.a.id)).toEqual({
      no_contact: 1,
      invalid_birth_date: 1,
    });
    const invalid = await listSkipped(
      handle.db,
      seed.a.id,
      { reason: "invalid_birth_date" },
      { limit: 10, offset: 0 },
    );
    expect(invalid.rows).toEqual([{ patientId: 4, reason: "invalid_birth_date", checkedOn: null }]);
    const all = await listSkipped(handle.db, seed.a.id, {}, { limit: 10, offset: 0 });
    expect(all.rows.map((r) => r.patientId).sort()).toEqual([2, 4]);
    // Beta's reason does not exist in Alpha's list, even when asked for by name.
    expect(
      (await listSkipped(handle.db, seed.a.id, { reason: "deceased" }, { limit: 10, offset: 0 })).rows,
    ).toEqual([]);
  });

  it("lists every reason the day's decisions found, in the counts and in the table alike", async () => {
    const c = await seedDayAccount(handle.db);
    expect(await countSkippedByReason(handle.db, c.id)).toEqual({
      no_contact: 2,
      responsible_party: 1,
      unsubscribed: 1,
      inactive: 1,
    });
    const all = await listSkipped(handle.db, c.id, {}, { limit: 10, offset: 0 });
    expect(all.rows).toEqual([
      { patientId: 5, reason: "inactive", checkedOn: null },
      { patientId: 2, reason: "no_contact", checkedOn: "2026-12-01" },
      { patientId: 20, reason: "no_contact", checkedOn: "2026-06-05" },
      { patientId: 3, reason: "responsible_party", checkedOn: "2026-12-01" },
      { patientId: 6, reason: "unsubscribed", checkedOn: "2026-12-01" },
    ]);
    const contact = await listSkipped(handle.db, c.id, { reason: "no_contact" }, { limit: 10, offset: 0 });
    expect(contact.rows.map((r) => r.patientId)).toEqual([2, 20]);
  });

  it("reads the practice's day: every birthday once, adding up across two runs", async () => {
    const c = await seedDayAccount(handle.db, 3003);
    const day = await readPracticeDay(handle.db, c.id, "2026-12-01");
    expect(day.entries.map((e) => [e.patientId, e.state.kind])).toEqual([
      [1, "greeted"],
      [2, "skipped"],
      [3, "skipped"],
      [4, "opted_out"],
      [5, "skipped"],
      [6, "opted_out"],
      [7, "greeted"],
      [8, "waiting"],
    ]);
    expect(day.counts).toEqual({ birthdays: 8, greeted: 2, waiting: 1, skipped: 3, optedOut: 2, failed: 0 });
    // Another practice's day is its own.
    expect((await readPracticeDay(handle.db, seed.b.id, "2026-12-01")).counts.birthdays).toBe(0);
  });

  it("knows a patient id belongs to the account only from the account's own index", async () => {
    expect(await isIndexedPatient(handle.db, seed.a.id, 3)).toBe(true);
    expect(await isIndexedPatient(handle.db, seed.a.id, 900)).toBe(false);
  });

  it("lists the account's history newest first, filtered, never another practice's rows", async () => {
    const all = await listHistory(handle.db, seed.a.id, {}, { limit: 50, offset: 0 });
    expect(all.rows).toHaveLength(4);
    expect(all.rows[0]?.localDate).toBe("2026-03-02");
    expect(all.hasMore).toBe(false);

    // Rows of one day written in one insert come in no fixed order: sorted by channel within the day here.
    const byDayThenChannel = all.rows
      .map((r) => [r.localDate, r.patientId, r.channel, r.status, r.deliveryStatus, r.deliveryErrorCode])
      .sort((x, y) => String(y[0]).localeCompare(String(x[0])) || String(x[2]).localeCompare(String(y[2])));
    expect(byDayThenChannel).toEqual([
      ["2026-03-02", 3, "email", "failed", null, null],
      ["2026-03-02", 3, "sms", "sent", "undelivered", "30003"],
      ["2026-03-01", 1, "email", "sent", "delivered", null],
      ["2025-03-01", 1, "email", "sent", null, null],
    ]);
    expect(all.rows.find((r) => r.channel === "sms")?.deliveryStatusAt).toEqual(
      new Date("2026-03-02T14:00:07Z"),
    );

    const failed = await listHistory(handle.db, seed.a.id, { status: "failed" }, { limit: 50, offset: 0 });
    expect(failed.rows.map((r) => [r.patientId, r.channel])).toEqual([[3, "email"]]);

    const range = await listHistory(
      handle.db,
      seed.a.id,
      { from: "2026-03-01", to: "2026-03-01", channel: "email" },
      { limit: 50, offset: 0 },
    );
    expect(range.rows.map((r) => r.patientId)).toEqual([1]);

    const paged = await listHistory(handle.db, seed.a.id, {}, { limit: 3, offset: 0 });
    expect(paged.hasMore).toBe(true);
  });

  it("exports every matching row in batches", async () => {
    const rows = [];
    for await (const row of eachHistoryRow(handle.db, seed.a.id, {}, 2)) rows.push(row);
    expect(rows).toHaveLength(4);
    expect(new Set(rows.map((r) => r.id)).size).toBe(4);
  });

  it("reports this year's greeting status per patient of the account, even when given another's ids", async () => {
    const status = await greetingStatusFor(handle.db, seed.a.id, [1, 3, 900], 2026);
    expect(Object.fromEntries(status)).toEqual({
      1: {
        status: "sent",
        delivered: [{ channel: "email", deliveryStatus: "delivered", deliveryErrorCode: null }],
      },
      3: {
        status: "sent",
        delivered: [{ channel: "sms", deliveryStatus: "undelivered", deliveryErrorCode: "30003" }],
      },
    });
    const beta = await greetingStatusFor(handle.db, seed.b.id, [1, 3], 2026);
    expect(Object.fromEntries(beta)).toEqual({ 1: { status: "failed", delivered: [] } });
  });
});
