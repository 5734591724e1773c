import type { DispatchReport } from "./types";

/* A dispatch report as plain text for a terminal: one line per account, then the dry-run preview. */

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((r) => (r[col] ?? "").length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, col) => cell.padEnd(widths[col] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** `names`: practice names by account id; support reads practices, the id stays for `--account`. */
export function formatReportTable(
  report: DispatchReport,
  names: ReadonlyMap<string, string> = new Map(),
): string {
  const practice = (id: string) => names.get(id) ?? "(unknown practice)";
  const header = [
    "practice",
    "account",
    "date",
    "status",
    "sync",
    "cands",
    "greeted",
    "failed",
    "deferred",
    "skipped",
    "calls",
    "error",
  ];
  const rows = report.accounts.map((a) => [
    practice(a.accountId),
    a.accountId,
    a.localDate,
    a.status,
    `${a.sync.kind}(${a.sync.listed})`,
    String(a.candidates),
    String(a.greeted),
    String(a.failed),
    String(a.deferred),
    String(Object.values(a.skipped).reduce((s, n) => s + (n ?? 0), 0)),
    String(a.drchronoCalls),
    a.error ?? "",
  ]);
  const lines = [
    `${report.dryRun ? "DRY RUN — nothing sent. " : ""}${report.accounts.length} account(s) processed; ` +
      `complete: ${report.complete}`,
    rows.length > 0
      ? table([header, ...rows])
      : "(no eligible accounts: a run only processes practices support has activated, that are not paused and " +
        "whose drchrono access works; see “Not processed” below)",
  ];
  const notProcessed = Object.entries(report.notProcessed);
  if (notProcessed.length > 0) {
    lines.push(`Not processed: ${notProcessed.map(([state, n]) => `${state} ${n}`).join(", ")}`);
  }
  for (const a of report.accounts) {
    if (!a.preview) continue;
    lines.push(
      "",
      `${practice(a.accountId)}, account ${a.accountId} (${a.localDate})${a.preview.withinSendingHours ? "" : " — outside sending hours now"}:`,
    );
    for (const g of a.preview.greet)
      lines.push(`  greet  patient ${g.patientId} by ${g.channels.join(" + ")}`);
    for (const s of a.preview.skip) lines.push(`  skip   patient ${s.patientId}: ${s.reason} (${s.detail})`);
  }
  lines.push(
    "",
    `Totals: greeted ${report.totals.greeted}, failed ${report.totals.failed}, deferred ${report.totals.deferred}, ` +
      `skipped ${report.totals.skipped}, drchrono calls ${report.totals.drchronoCalls}`,
  );
  return lines.join("\n");
}
