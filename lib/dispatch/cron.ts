import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { DispatchOptions, DispatchReport } from "./types";

/*
 * The scheduled run behind GET /api/cron/dispatch, kept apart from Next so it can be tested with a plain Request.
 * Vercel Cron calls it with `Authorization: Bearer $CRON_SECRET`. When the time budget ends the run early, it
 * starts an authenticated continuation of itself that finishes the same round.
 */

/** Continuations per round: far more than any realistic round needs, and a stop should anything loop. */
export const MAX_CONTINUATIONS = 50;

export interface CronDeps {
  cronSecret: string;
  /** How long one invocation may dispatch before handing over (below the function's maxDuration). */
  timeBudgetMs: number;
  now: () => Date;
  run(options: DispatchOptions): Promise<DispatchReport>;
  /** Keeps the continuation request alive after the response (Vercel's waitUntil). */
  waitUntil(promise: Promise<unknown>): void;
  fetch?: typeof fetch;
}

const query = z.object({
  round: z.iso.datetime({ offset: true }).optional(),
  hop: z.coerce.number().int().min(0).max(MAX_CONTINUATIONS).default(0),
});

const digest = (value: string) => createHash("sha256").update(value).digest();

/** Constant-time comparison: hashing first makes both sides the same length whatever was sent. */
export function isAuthorizedCron(request: Request, secret: string): boolean {
  const header = request.headers.get("authorization") ?? "";
  return timingSafeEqual(digest(header), digest(`Bearer ${secret}`));
}

/** What the cron answers: counts per account, no patient data. */
export function cronSummary(report: DispatchReport) {
  return {
    runnerId: report.runnerId,
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    complete: report.complete,
    totals: report.totals,
    notProcessed: report.notProcessed,
    accounts: report.accounts.map((a) => ({
      accountId: a.accountId,
      runId: a.runId,
      localDate: a.localDate,
      status: a.status,
      sync: a.sync,
      greeted: a.greeted,
      failed: a.failed,
      deferred: a.deferred,
      skipped: a.skipped,
      drchronoCalls: a.drchronoCalls,
      error: a.error,
    })),
  };
}

export async function handleCronDispatch(request: Request, deps: CronDeps): Promise<Response> {
  if (!isAuthorizedCron(request, deps.cronSecret)) {
    return Response.json({ error: "unauthorized" }, { status: 401 });
  }
  const url = new URL(request.url);
  const parsed = query.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) return Response.json({ error: "invalid query" }, { status: 400 });

  const now = deps.now();
  const round = parsed.data.round ? new Date(parsed.data.round) : now;
  const report = await deps.run({
    now,
    trigger: "cron",
    deadline: Date.now() + deps.timeBudgetMs,
    roundStartedAt: round,
  });

  let continuation: { hop: number } | null = null;
  if (!report.complete && parsed.data.hop < MAX_CONTINUATIONS) {
    const next = new URL(url);
    next.searchParams.set("round", round.toISOString());
    next.searchParams.set("hop", String(parsed.data.hop + 1));
    const doFetch = deps.fetch ?? fetch;
    deps.waitUntil(
      doFetch(next, { headers: { authorization: `Bearer ${deps.cronSecret}` } }).catch((error) => {
        console.error(`dispatch continuation failed to start: ${(error as Error).name}`);
      }),
    );
    continuation = { hop: parsed.data.hop + 1 };
  }
  return Response.json({ ...cronSummary(report), continuation });
}
