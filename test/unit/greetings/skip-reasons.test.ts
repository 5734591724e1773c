import { describe, expect, it } from "vitest";
import { SKIP_REASON_HINTS, SKIP_REASON_LABELS, SKIP_REASONS } from "@/lib/greetings";

describe("skip reason wording for the dashboard", () => {
  it.each(SKIP_REASONS)("%s has a label and a hint for staff", (reason) => {
    expect(SKIP_REASON_LABELS[reason]).toMatch(/^[A-Z].{3,60}[^.]$/);
    expect(SKIP_REASON_HINTS[reason]).toMatch(/^[A-Z].{10,}\.$/);
  });

  it("gives every reason its own label", () => {
    expect(new Set(Object.values(SKIP_REASON_LABELS)).size).toBe(SKIP_REASONS.length);
  });

  it("labels exactly the reasons in the list", () => {
    expect(Object.keys(SKIP_REASON_LABELS).sort()).toEqual([...SKIP_REASONS].sort());
    expect(Object.keys(SKIP_REASON_HINTS).sort()).toEqual([...SKIP_REASONS].sort());
  });
});
