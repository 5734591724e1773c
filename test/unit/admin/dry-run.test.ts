import { describe, expect, it } from "vitest";
import { dryRunView } from "@/lib/admin/dry-run";
import type { AccountRunReport, DispatchReport } from "@/lib/dispatch/types";

const ACCOUNT = "11111111-1111-4111-8111-111111111111";

function report(
  accounts: AccountRunReport[],
  notProcessed: DispatchReport["notProcessed"] = {},
): DispatchReport {
  return {
    runnerId: "r",
    trigger: "admin",
    dryRun: true,
    startedAt: "2026-03-01T17:00:00Z",
    finishedAt: "2026-03-01T17:00:01Z",
    complete: true,
    accounts,
    notProcessed,
    totals: { greeted: 0, failed: 0, deferred: 0, skipped: 0, drchronoCalls: 0 },
  };
}

const run: AccountRunReport = {
  accountId: ACCOUNT,
  runId: "run",
  localDate: "2026-03-01",
  status: "done",
  sync: { kind: "full", listed: 10, malformed: 0, removed: 0 },
  candidates: 4,
  greeted: 0,
  failed: 0,
  deferred: 0,
  alreadyHandled: 1,
  skipped: { invalid_birth_date: 1 },
  gone: 0,
  notToday: 0,
  drchronoCalls: 7,
  error: null,
  preview: {
    withinSendingHours: true,
    greet: [
      { patientId: 30, channels: ["email"] },
      { patientId: 10, channels: ["email", "sms"] },
    ],
    skip: [
      { patientId: 20, reason: "invalid_birth_date", detail: "birth date 1990-02-30 is not a real date" },
    ],
  },
};

describe("the dry-run view", () => {
  it("lists who would be greeted and skipped by patient id, without the skip detail", () => {
    const view = dryRunView(report([run]), ACCOUNT);
    expect(view).toEqual({
      kind: "preview",
      localDate: "2026-03-01",
      withinSendingHours: true,
      status: "done",
      greet: [
        { patientId: 10, channels: ["email", "sms"] },
        { patientId: 30, channels: ["email"] },
      ],
      skip: [{ patientId: 20, reason: "invalid_birth_date", label: "Birth date is not a real date" }],
      alreadyHandled: 1,
      drchronoCalls: 7,
      error: null,
    });
    expect(JSON.stringify(view)).not.toContain("1990-02-30");
  });

  it("explains why an account was not processed", () => {
    const view = dryRunView(report([], { not_active: 1 }), ACCOUNT);
    expect(view).toEqual({
      kind: "not_processed",
      message: "The account is not active, so a run would not touch it. Activate it first.",
    });
  });

  it("says it could not read drchrono, and why, when the access is known to be broken", () => {
    expect(dryRunView(report([], { needs_reauth: 1 }), ACCOUNT)).toEqual({
      kind: "could_not_read",
      message:
        "The dry run could not read drchrono: drchrono no longer accepts the practice's access. Someone at the practice must sign in with drchrono again.",
    });
    expect(dryRunView(report([], { missing_scopes: 1 }), ACCOUNT)).toEqual({
      kind: "could_not_read",
      message:
        "The dry run could not read drchrono: drchrono did not grant the permissions greetings need. Someone at the practice must sign in with drchrono again and allow them.",
    });
  });

  it("does not report 'would be greeted 0' when drchrono refused during the dry run", () => {
    const refused: AccountRunReport = {
      ...run,
      status: "needs_reauth",
      error: "NeedsReauthorizationError: refresh token rejected",
      preview: { withinSendingHours: true, greet: [], skip: [] },
    };
    expect(dryRunView(report([refused]), ACCOUNT)).toEqual({
      kind: "could_not_read",
      message:
        "The dry run could not read drchrono: drchrono no longer accepts the practice's access. Someone at the practice must sign in with drchrono again.",
    });
    const failed: AccountRunReport = {
      ...refused,
      status: "error",
      error: "DrchronoError: drchrono answered 502",
    };
    expect(dryRunView(report([failed]), ACCOUNT)).toEqual({
      kind: "could_not_read",
      message:
        "The dry run could not finish reading drchrono (DrchronoError: drchrono answered 502). Try again in a moment.",
    });
  });
});
