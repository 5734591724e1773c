import { expect, test } from "@playwright/test";
import { expectAccessible } from "./support/a11y";
import { signInAsPracticeDoctor } from "./support/practice";

/*
 * Runs after the story (file order), when practice A has an index, a history and skips to show. drchrono then
 * stops answering: every page that needs it says so in plain words inside the page, never an error page.
 */

test.afterEach(async ({ request }) => {
  await request.post("/sandbox/faults", { data: { reset: true } });
});

test("when drchrono is down, each page explains it and keeps working", async ({ page, request }) => {
  await signInAsPracticeDoctor(page);
  const down = await request.post("/sandbox/faults", { data: { failNext: 100_000 } });
  expect(down.status()).toBe(200);

  const pages = [
    { path: "/dashboard/patients?name=M", heading: "Patients" },
    { path: "/dashboard/upcoming", heading: "Upcoming birthdays" },
    { path: "/dashboard/skipped", heading: "Skipped patients" },
  ];
  for (const { path, heading } of pages) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await expect(page.getByText(/drchrono is not answering right now/).first()).toBeVisible({
      timeout: 30_000,
    });
    await page.screenshot({ path: test.info().outputPath(`${path.split("/")[2]}-drchrono-down.png`) });
    await expectAccessible(page);
  }

  // The history lives in our own database: it still lists the greetings, with ids instead of live names.
  await page.goto("/dashboard/history");
  await expect(page.getByRole("table").first()).toContainText(/Sent|Delivered/);
  await expectAccessible(page);
});
