import type { DayCounts } from "@/lib/accounts/today";

/**
 * A practice's day in one line for support: "8 birthdays: 2 greeted, 1 waiting, 3 skipped, 2 opted out, 0 failed".
 * `listed` is false until a run has read the practice's patients: until then no birthday is known, not none due.
 */
export function describeDay(counts: DayCounts, listed: boolean): string {
  if (counts.birthdays === 0 && !listed)
    return "Birthdays not known yet: the first run reads the patient list.";
  if (counts.birthdays === 0) return "No birthdays today.";
  return (
    `${counts.birthdays} ${counts.birthdays === 1 ? "birthday" : "birthdays"}: ${counts.greeted} greeted, ` +
    `${counts.waiting} waiting, ${counts.skipped} skipped, ${counts.optedOut} opted out, ${counts.failed} failed.`
  );
}
