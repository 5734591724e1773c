import { describe, expect, it } from "vitest";
import { describeDay } from "@/lib/admin/day";

const none = { birthdays: 0, greeted: 0, waiting: 0, skipped: 0, optedOut: 0, failed: 0 };

describe("a practice's day in one line for support", () => {
  it("before any run has read the patients, says the birthdays are not known yet rather than none", () => {
    expect(describeDay(none, false)).toBe("Birthdays not known yet: the first run reads the patient list.");
  });

  it("once the patients are listed, no birthday today is said so", () => {
    expect(describeDay(none, true)).toBe("No birthdays today.");
  });

  it("counts each state, with the singular for one birthday", () => {
    const day = { birthdays: 8, greeted: 2, waiting: 1, skipped: 3, optedOut: 2, failed: 0 };
    expect(describeDay(day, true)).toBe(
      "8 birthdays: 2 greeted, 1 waiting, 3 skipped, 2 opted out, 0 failed.",
    );
    expect(describeDay({ ...none, birthdays: 1, greeted: 1 }, true)).toBe(
      "1 birthday: 1 greeted, 0 waiting, 0 skipped, 0 opted out, 0 failed.",
    );
  });
});
