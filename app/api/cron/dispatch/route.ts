import { waitUntil } from "@vercel/functions";
import { getDb } from "@/db";
import { now } from "@/lib/clock";
import { handleCronDispatch } from "@/lib/dispatch/cron";
import { createDispatchDeps } from "@/lib/dispatch/deps";
import { runDispatch } from "@/lib/dispatch/run";
import { getConfig } from "@/lib/env";

/** Vercel's ceiling for this function; the dispatch budget stays well below it (see below). */
export const maxDuration = 300;
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Time kept back for answering and starting the continuation. */
const HANDOVER_MS = 30_000;

export async function GET(request: Request): Promise<Response> {
  const config = getConfig();
  return handleCronDispatch(request, {
    cronSecret: config.cronSecret,
    timeBudgetMs: Math.min(config.dispatchTimeBudgetMs, maxDuration * 1000 - HANDOVER_MS),
    now,
    run: async (options) => runDispatch(createDispatchDeps(config, await getDb()), options),
    waitUntil,
  });
}
