import { describe, expect, it } from "vitest";
import { formatReportTable } from "@/lib/dispatch/report-table";
import type { DispatchReport } from "@/lib/dispatch/types";

const ACCOUNT = "7b0f6a52-4a43-4c2e-9a37-0d6f0c1b2a11";

const report = (accounts: DispatchReport["accounts"], notProcessed = {}): DispatchReport => ({
  runnerId: "r",
  trigger: "cli",
  dryRun: true,
  startedAt: "2026-12-01T17:00:00.000Z",
  finishedAt: "2026-12-01T17:00:01.000Z",
  complete: true,
  accounts,
  notProcessed,
  totals: { greeted: 0, failed: 0, deferred: 0, skipped: 1, drchronoCalls: 3 },
});

describe("the CLI's report", () => {
  it("names each practice beside its account id, in the table and the preview", () => {
    const text = formatReportTable(
      report([
        {
          accountId: ACCOUNT,
          runId: "run",
          localDate: "2026-12-01",
          status: "done",
          sync: { kind: "incremental", listed: 2, malformed: 0, removed: 0 },
          candidates: 2,
          greeted: 0,
          failed: 0,
          deferred: 0,
          alreadyHandled: 0,
          skipped: { no_contact: 1 },
          gone: 0,
          notToday: 0,
          drchronoCalls: 3,
          error: null,
          preview: {
            withinSendingHours: true,
            greet: [{ patientId: 70000001, channels: ["email"] }],
            skip: [{ patientId: 70000002, reason: "no_contact", detail: "no e-mail or mobile" }],
          },
        },
      ]),
      new Map([[ACCOUNT, "Maple Street Family Medicine"]]),
    );
    const lines = text.split("\n");
    expect(lines[1]?.startsWith("practice                      account")).toBe(true);
    expect(lines[2]?.startsWith(`Maple Street Family Medicine  ${ACCOUNT}  2026-12-01  done`)).toBe(true);
    expect(lines).toContain(`Maple Street Family Medicine, account ${ACCOUNT} (2026-12-01):`);
  });

  it("explains a run that processed no account", () => {
    const text = formatReportTable(report([], { not_active: 2 }));
    expect(text.split("\n").slice(0, 3)).toEqual([
      "DRY RUN — nothing sent. 0 account(s) processed; complete: true",
      "(no eligible accounts: a run only processes practices support has activated, that are not paused and whose drchrono access works; see “Not processed” below)",
      "Not processed: not_active 2",
    ]);
  });
});
