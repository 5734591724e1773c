import "server-only";
import { getDb } from "@/db";
import { greetingCallsStillDue } from "@/db/queries/call-budget";
import { now } from "@/lib/clock";
import { appCallBudget } from "@/lib/drchrono/budget";
import { type DrchronoApi, DrchronoError, type ParsedPatient } from "@/lib/drchrono/types";
import { getConfig } from "@/lib/env";
import { createAccountDrchronoClient, NeedsReauthorizationError } from "@/lib/vault/tokens";

/*
 * drchrono as the dashboard uses it: live, on behalf of the signed-in account, and impatient. A page would
 * rather say "drchrono is not answering" after a few seconds than hang, so calls get a short timeout, one retry
 * and an overall deadline; every failure becomes a LiveProblem the page renders as a message.
 *
 * Dispatch comes first: look-ups take from the application's shared call budget only while the calls left this
 * hour exceed what today's greetings still need (greetingCallsStillDue); otherwise the page shows "Patient #id"
 * and says that names are held back to keep calls for the greetings ("saving_calls").
 */

export type LiveProblem = "unavailable" | "needs_reauth" | "forbidden" | "saving_calls";
export type Live<T> = { ok: true; value: T } | { ok: false; problem: LiveProblem };

const PAGE_DEADLINE_MS = 12_000;

export function problemOf(error: unknown): LiveProblem {
  if (error instanceof NeedsReauthorizationError) return "needs_reauth";
  if (error instanceof DrchronoError) {
    if (error.code === "unauthorized") return "needs_reauth";
    if (error.code === "forbidden") return "forbidden";
    if (error.code === "budget_reserved") return "saving_calls";
  }
  return "unavailable";
}

export async function accountDrchrono(accountId: string): Promise<DrchronoApi> {
  const db = await getDb();
  const config = getConfig();
  return createAccountDrchronoClient(db, accountId, config, {
    now,
    timeoutMs: 6_000,
    maxRetries: 1,
    maxWaitMs: 2_000,
    budget: appCallBudget(db, config, now),
    reserve: await greetingCallsStillDue(db, now().toISOString().slice(0, 10)),
  });
}

/** Runs `work` against the account's drchrono, turning any failure or a missed deadline into a LiveProblem. */
export async function live<T>(accountId: string, work: (api: DrchronoApi) => Promise<T>): Promise<Live<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DrchronoError("unavailable", "dashboard deadline passed")),
      PAGE_DEADLINE_MS,
    );
  });
  try {
    const api = await accountDrchrono(accountId);
    return { ok: true, value: await Promise.race([work(api), deadline]) };
  } catch (error) {
    const problem = problemOf(error);
    if (problem === "unavailable")
      console.warn(
        `dashboard: drchrono unavailable (${error instanceof DrchronoError ? error.code : "error"})`,
      );
    return { ok: false, problem };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Fresh records for the rows a page shows, a few at a time. Stops asking after the first failure (drchrono is
 * down or we are out of budget: asking 20 more times would only make the page slower). Missing entries mean
 * "unknown"; a null entry means drchrono says the patient is gone.
 */
export async function fetchPatients(
  api: DrchronoApi,
  ids: readonly number[],
  concurrency = 5,
): Promise<{ records: Map<number, ParsedPatient | null>; problem: LiveProblem | null }> {
  const records = new Map<number, ParsedPatient | null>();
  let problem: LiveProblem | null = null;
  const queue = [...new Set(ids)];
  async function worker() {
    while (problem === null) {
      const id = queue.shift();
      if (id === undefined) return;
      try {
        records.set(id, await api.patient(id));
      } catch (error) {
        problem ??= problemOf(error);
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  return { records, problem };
}

/** Fresh records for the rows shown, degrading to none (the page then shows "Patient #id"). */
export async function livePatients(
  accountId: string,
  ids: readonly number[],
): Promise<{ records: Map<number, ParsedPatient | null>; problem: LiveProblem | null }> {
  if (ids.length === 0) return { records: new Map(), problem: null };
  const result = await live(accountId, (api) => fetchPatients(api, ids));
  return result.ok ? result.value : { records: new Map(), problem: result.problem };
}
