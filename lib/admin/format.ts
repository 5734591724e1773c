/** Dates for support's pages: unambiguous and the same for every admin wherever they are (UTC). */
const formatter = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

export function formatUtc(at: Date | null | undefined): string {
  if (!at) return "—";
  const parts = Object.fromEntries(formatter.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} UTC`;
}

export function formatSkipped(skipped: Record<string, number>): string {
  const entries = Object.entries(skipped).filter(([, n]) => n > 0);
  if (entries.length === 0) return "none";
  return entries.map(([reason, n]) => `${reason.replaceAll("_", " ")}: ${n}`).join(", ");
}
