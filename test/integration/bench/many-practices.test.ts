/* The many-practice scenario in miniature, so that `npm run bench -- --practices N` cannot silently rot. */
import { describe, expect, it } from "vitest";
import { capacityFor, runManyPractices } from "@/bench/many-practices";

describe("the many-practice scenario", () => {
  it("5 practices of 200 patients under 500 calls an hour: every greeting inside its window", async () => {
    const result = await runManyPractices({ practices: 5, patients: 200, days: 1 });
    expect({ ...result, wallMs: 0 }).toEqual({
      practices: 5,
      patients: 200,
      start: "onboarding",
      hourlyLimit: 500,
      budgetPerHour: 480,
      latencyMs: 200,
      simulatedHours: 30,
      peakCallsInAnHour: 14,
      days: [
        {
          localDate: "2026-03-10",
          // One dispatch hour per time zone: each practice at the first run inside its window.
          hoursNeeded: 4,
          practicesNotDispatched: 0,
          // A first listing (1 page), the doctors list and a fetch per birthday; then a since-listing an hour.
          callsPerPractice: { mean: 7, max: 7 },
          revisitCallsPerPractice: 12,
          expectedGreetings: 25,
          sentInsideWindow: 25,
          sentOutsideWindow: 0,
          missed: 0,
        },
      ],
      wallMs: 0,
    });
  }, 180_000);

  it("counts the greetings a starved limit misses", async () => {
    // drchrono's limit 6 leaves our budget 1 call an hour: no practice finishes its first day in time.
    const result = await runManyPractices({ practices: 5, patients: 200, days: 1, hourlyLimit: 6 });
    expect(result.budgetPerHour).toBe(1);
    expect(result.peakCallsInAnHour).toBe(1);
    expect(result.days).toEqual([
      {
        localDate: "2026-03-10",
        hoursNeeded: 0,
        practicesNotDispatched: 5,
        callsPerPractice: { mean: 3.4, max: 7 },
        revisitCallsPerPractice: 0,
        expectedGreetings: 25,
        sentInsideWindow: 0,
        sentOutsideWindow: 0,
        missed: 25,
      },
    ]);
  }, 180_000);

  it("a steady day: practices onboarded before, a seventh of them relisting, each greeting inside its window", async () => {
    const result = await runManyPractices({ practices: 7, patients: 200, days: 2, start: "steady" });
    expect(result.simulatedHours).toBe(50);
    expect(result.peakCallsInAnHour).toBe(18);
    const day = (localDate: string, expectedGreetings: number, max: number, mean: number) => ({
      localDate,
      hoursNeeded: 4,
      practicesNotDispatched: 0,
      callsPerPractice: { mean, max },
      revisitCallsPerPractice: 12,
      expectedGreetings,
      sentInsideWindow: expectedGreetings,
      sentOutsideWindow: 0,
      missed: 0,
    });
    // A since-listing, the doctors list and a fetch per birthday (6 calls); on day 1 practice 1's weekly full
    // listing (one page of 200) adds a call, on day 2 practice 2's is read before its local day begins.
    expect(result.days).toEqual([day("2026-03-10", 35, 8, 7.1), day("2026-03-11", 28, 6, 6)]);
  }, 180_000);

  it("under a tight limit a steady day still greets everyone: the hourly revisits give way", async () => {
    const result = await runManyPractices({
      practices: 7,
      patients: 200,
      days: 1,
      start: "steady",
      hourlyLimit: 20,
    });
    expect(result.budgetPerHour).toBe(15);
    expect(result.peakCallsInAnHour).toBe(15);
    const [day] = result.days;
    expect(day?.missed).toBe(0);
    expect(day?.sentInsideWindow).toBe(35);
    expect(day?.revisitCallsPerPractice).toBeLessThan(12);
  }, 180_000);

  it("serves as many practices as fit the window's hours and the day's", () => {
    // 480 calls an hour: 13 window hours carry 6,240 dispatch calls, 24 hours 11,520 calls in all.
    expect(capacityFor(480, 20, 16)).toBe(390);
    expect(capacityFor(480, 400, 271)).toBe(23);
  });
});
