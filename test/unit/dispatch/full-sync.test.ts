import { describe, expect, it } from "vitest";
import type { Account } from "@/db/schema";
import { FULL_SYNC_EVERY_MS, needsFullSync } from "@/lib/dispatch/sync";

const synced = (lastSyncAt: string, lastFullSyncAt: string) =>
  ({ lastSyncAt: new Date(lastSyncAt), lastFullSyncAt: new Date(lastFullSyncAt) }) as Account;

describe("when the index is listed in full", () => {
  it("lists only changes the day after a full listing, and everything again after a week", () => {
    const account = synced("2026-12-01T17:00:00Z", "2026-12-01T17:00:00Z");
    expect(needsFullSync(account, new Date("2026-12-02T17:00:00Z"), true)).toBe(false);
    expect(
      needsFullSync(account, new Date(Date.parse("2026-12-01T17:00:00Z") + FULL_SYNC_EVERY_MS), true),
    ).toBe(true);
  });

  it("lists everything when the clock is now before the last listing (a sandbox demo moved back in time)", () => {
    const account = synced("2026-12-01T17:00:00Z", "2026-11-30T17:00:00Z");
    expect(needsFullSync(account, new Date("2026-11-26T17:00:00Z"), true)).toBe(true);
  });
});
