import { describe, expect, it } from "vitest";
import { describeSandboxRun } from "@/app/sandbox/outbox/run-summary";
import type { AccountRunReport, DispatchReport } from "@/lib/dispatch/types";

const report = (accounts: Array<Pick<AccountRunReport, "status">>, over: Partial<DispatchReport> = {}) =>
  ({
    runnerId: "r",
    trigger: "sandbox",
    dryRun: false,
    startedAt: "",
    finishedAt: "",
    complete: true,
    accounts,
    notProcessed: {},
    totals: { greeted: 0, failed: 0, deferred: 0, skipped: 0, drchronoCalls: 0 },
    ...over,
  }) as DispatchReport;

describe("what the sandbox's run button says", () => {
  it("explains a run that processed no practice", () => {
    expect(describeSandboxRun(report([], { notProcessed: { not_active: 2, paused: 1 } }))).toBe(
      "No practice was processed, so nothing was sent. Not processed: 2 not activated by support yet, 1 paused by the practice. Activate a practice on the admin pages first.",
    );
  });

  it("counts what was sent, and says when a practice is outside sending hours", () => {
    const totals = { greeted: 12, failed: 1, deferred: 4, skipped: 5, drchronoCalls: 30 };
    expect(describeSandboxRun(report([{ status: "done" }], { totals }))).toBe(
      "Ran for 1 practice: 12 sent, 1 failed, 4 waiting.",
    );
    expect(describeSandboxRun(report([{ status: "done" }, { status: "deferred" }], { totals }))).toBe(
      "Ran for 2 practices: 12 sent, 1 failed, 4 waiting. Some practices are outside 08:00–21:00 local time: their greetings wait for a later run.",
    );
  });
});
