"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db";
import {
  type ActionState,
  accountIdSchema,
  activateAccountAsAdmin,
  deactivateAccountAsAdmin,
  resumeEmailAsAdmin,
} from "@/lib/admin/actions";
import { type DryRunView, dryRunView } from "@/lib/admin/dry-run";
import { requireAdminSession } from "@/lib/admin/session";
import { now } from "@/lib/clock";
import { createDispatchDeps, runDispatch } from "@/lib/dispatch";
import { getConfig } from "@/lib/env";
import { notifyPractice } from "@/lib/notifications";

// Thin wrappers: the session comes from the cookie (never the form), the logic lives in lib/admin/actions.ts.

export async function activateAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const session = await requireAdminSession();
  const input = { accountId: form.get("accountId"), note: form.get("note") };
  const result = await activateAccountAsAdmin(await getDb(), session, input, {
    now: now(),
    notifyPractice: (kind, account) => notifyPractice(kind, account),
  });
  if (result.status === "ok") revalidatePath(`/admin/accounts/${String(input.accountId)}`);
  return result;
}

export async function deactivateAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const session = await requireAdminSession();
  const input = { accountId: form.get("accountId"), reason: form.get("reason") };
  const result = await deactivateAccountAsAdmin(await getDb(), session, input, { now: now() });
  if (result.status === "ok") revalidatePath(`/admin/accounts/${String(input.accountId)}`);
  return result;
}

export async function resumeEmailAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const session = await requireAdminSession();
  const input = { accountId: form.get("accountId"), note: form.get("note") };
  const result = await resumeEmailAsAdmin(await getDb(), session, input, { now: now() });
  if (result.status === "ok") revalidatePath(`/admin/accounts/${String(input.accountId)}`);
  return result;
}

export type DryRunState = { status: "idle" } | { status: "done"; view: DryRunView };

/** Today's dispatch for one account, sending nothing: who would be greeted, who is skipped and why. */
export async function dryRunAction(_previous: DryRunState, form: FormData): Promise<DryRunState> {
  await requireAdminSession();
  const accountId = accountIdSchema.safeParse(form.get("accountId"));
  if (!accountId.success) return { status: "done", view: { kind: "error", message: "Unknown account." } };
  try {
    const db = await getDb();
    const report = await runDispatch(createDispatchDeps(getConfig(), db), {
      now: now(),
      accountIds: [accountId.data],
      dryRun: true,
      trigger: "admin",
    });
    return { status: "done", view: dryRunView(report, accountId.data) };
  } catch (error) {
    console.error("admin dry run failed:", error instanceof Error ? error.message : "unknown error");
    return {
      status: "done",
      view: {
        kind: "error",
        message: "The dry run could not finish (drchrono may be slow or down). Try again.",
      },
    };
  }
}
