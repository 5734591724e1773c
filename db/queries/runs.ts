import "server-only";
import { desc, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { type Run, runs } from "@/db/schema";

/* Run summaries: one row per account per dispatch run, with counts only (no patient data). */

/**
 * The error recorded on an account's run that the time budget cut short. Such a run does not count as done for
 * the round, so the continuation picks the account up again.
 */
export const INCOMPLETE_RUN_ERROR = "incomplete: the time budget ran out before every candidate was handled";

export interface RunStart {
  accountId: string;
  trigger: string;
  dryRun: boolean;
  localDate: string;
  startedAt: Date;
}

export interface RunOutcome {
  finishedAt: Date;
  greeted: number;
  failed: number;
  deferred: number;
  skipped: Record<string, number>;
  drchronoCalls: number;
  error: string | null;
}

export async function startRun(db: Database, start: RunStart): Promise<string> {
  const [row] = await db.insert(runs).values(start).returning({ id: runs.id });
  if (!row) throw new Error("Run insert returned no row");
  return row.id;
}

export async function finishRun(db: Database, runId: string, outcome: RunOutcome): Promise<void> {
  await db.update(runs).set(outcome).where(eq(runs.id, runId));
}

export async function recentRuns(db: Database, accountId: string, limit = 30): Promise<Run[]> {
  return db
    .select()
    .from(runs)
    .where(eq(runs.accountId, accountId))
    .orderBy(desc(runs.startedAt))
    .limit(limit);
}
