import type { DayCounts } from "@/lib/accounts/today";

/** A practice's day in one line for support: "8 birthdays: 2 greeted, 1 waiting, 3 skipped, 2 opted out, 0 failed". */
export function describeDay(counts: DayCounts): string {
  if (counts.birthdays === 0) return "No birthdays today.";
  return (
    `${counts.birthdays} ${counts.birthdays === 1 ? "birthday" : "birthdays"}: ${counts.greeted} greeted, ` +
    `${counts.waiting} waiting, ${counts.skipped} skipped, ${counts.optedOut} opted out, ${counts.failed} failed.`
  );
}
