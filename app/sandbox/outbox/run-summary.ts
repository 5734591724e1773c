import type { DispatchReport } from "@/lib/dispatch/types";

/*
 * What the sandbox's "Run today's greetings now" button says after the run: what was sent, and when nothing was,
 * why (a run only processes practices support has activated, that are not paused and whose access works).
 */

const NOT_PROCESSED_WORDS: Record<string, string> = {
  not_active: "not activated by support yet",
  paused: "paused by the practice",
  needs_reauth: "waiting for someone to sign in with drchrono again",
  missing_scopes: "missing drchrono permissions",
  no_token: "without a drchrono sign-in",
};

export function describeSandboxRun(report: DispatchReport): string {
  const waiting = Object.entries(report.notProcessed)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([state, n]) => `${n} ${NOT_PROCESSED_WORDS[state] ?? state.replaceAll("_", " ")}`);
  const skipped = waiting.length > 0 ? ` Not processed: ${waiting.join(", ")}.` : "";
  if (report.accounts.length === 0)
    return `No practice was processed, so nothing was sent.${skipped} Activate a practice on the admin pages first.`;
  const { greeted, failed, deferred } = report.totals;
  const outside = report.accounts.some((a) => a.status === "deferred")
    ? " Some practices are outside 08:00–21:00 local time: their greetings wait for a later run."
    : "";
  return (
    `Ran for ${report.accounts.length} ${report.accounts.length === 1 ? "practice" : "practices"}: ` +
    `${greeted} sent, ${failed} failed, ${deferred} waiting.${outside}${skipped}`
  );
}
