import { expect, type Page } from "@playwright/test";
import { CRON_SECRET } from "./env";

/** What Vercel Cron does every hour: the dispatch route with the cron secret. Returns the run's JSON report. */
export async function runCronDispatch(page: Page) {
  const response = await page.request.get("/api/cron/dispatch", {
    headers: { Authorization: `Bearer ${CRON_SECRET}` },
  });
  expect(response.status()).toBe(200);
  return response.json();
}
