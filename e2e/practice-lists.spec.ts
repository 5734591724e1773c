import { expect, test } from "@playwright/test";
import { expectAccessible } from "./support/a11y";
import { signInAsOtherPracticeDoctor, signInAsPracticeDoctor } from "./support/practice";
import { checkBothSizes } from "./support/screens";

// The list pages: each with its screenshot, the accessibility scan and its empty state.

test("history shows its empty state, validates filters and exports CSV", async ({ page }) => {
  await signInAsOtherPracticeDoctor(page);
  await page.goto("/dashboard/history");
  await expect(page.getByRole("heading", { level: 1, name: "History" })).toBeVisible();
  await expect(page.getByText(/No greetings yet|No greetings match/)).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("history.png"), fullPage: true });
  await checkBothSizes(page, "1-history-empty");

  await page.goto("/dashboard/history?from=2026-02-30&channel=fax");
  const problems = page.locator("#main").getByRole("alert");
  await expect(problems).toContainText("must be a date");
  await expect(problems).toContainText("Unknown channel");

  const response = await page.request.get("/dashboard/history/export?status=sent");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-disposition"]).toMatch(/^attachment; filename="greetings-history-/);
  expect((await response.text()).split("\r\n")[0]).toBe(
    "date,drchrono_patient_id,channel,status,sent_at,error,delivery_status,delivery_reason,delivery_status_changed_at",
  );
});

test("the CSV export refuses a visitor without a session", async ({ request }) => {
  const response = await request.get("/dashboard/history/export", { maxRedirects: 0 });
  expect([302, 307, 401]).toContain(response.status());
});

test("upcoming and skipped show their lists or empty states", async ({ page }) => {
  await signInAsPracticeDoctor(page);
  await page.goto("/dashboard/upcoming");
  await expect(page.getByRole("heading", { level: 1, name: "Upcoming birthdays" })).toBeVisible();
  await expect(
    page
      .getByRole("heading", { level: 2 })
      .or(page.getByText(/No birthdays to greet/))
      .first(),
  ).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("upcoming.png"), fullPage: true });
  await checkBothSizes(page, "1-upcoming");

  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/dashboard/skipped");
  await expect(page.getByRole("heading", { level: 1, name: "Skipped patients" })).toBeVisible();
  await expect(
    page
      .getByRole("table")
      .or(page.getByText(/No skipped patients/))
      .first(),
  ).toBeVisible();
  await checkBothSizes(page, "2-skipped");
  await page.goto("/dashboard/skipped?reason=nonsense");
  await expect(page.locator("#main").getByRole("alert")).toContainText(
    "Nobody is skipped for that reason; showing every reason.",
  );
});

test("patients: search drchrono, opt a patient out and back in", async ({ page }) => {
  await signInAsPracticeDoctor(page);
  await page.goto("/dashboard/patients");
  await expect(page.getByRole("heading", { level: 1, name: "Patients" })).toBeVisible();
  await expect(page.getByText("Search for a patient")).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("patients.png"), fullPage: true });
  await expectAccessible(page);

  await page.getByLabel("Name").fill("Zzzyx Nobody");
  await page.getByRole("button", { name: "Search drchrono" }).click();
  await expect(page.getByText(/No patient in drchrono matches/)).toBeVisible();

  // A one-letter prefix finds someone in the seeded practice.
  await page.getByLabel("Name").fill("M");
  await page.getByRole("button", { name: "Search drchrono" }).click();
  const table = page.getByRole("table", { name: /Patients matching/ });
  await expect(table).toBeVisible();
  await expectAccessible(page);
  const firstRow = table.getByRole("row").nth(1);
  const optOut = firstRow.getByRole("button", { name: "Opt out" });
  await expect(optOut).toBeVisible();
  await firstRow.getByLabel(/Reason/).fill("Asked not to be greeted");
  await optOut.click();
  await expect(firstRow.getByRole("button", { name: "Greet again" })).toBeVisible();
  await expect(page.getByRole("table", { name: /not greeted/ })).toContainText("Asked not to be greeted");
  await firstRow.getByRole("button", { name: "Greet again" }).click();
  await expect(firstRow.getByRole("button", { name: "Opt out" })).toBeVisible();
  await checkBothSizes(page, "5-patients");
});
