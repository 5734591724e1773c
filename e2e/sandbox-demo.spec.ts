import { expect, test } from "@playwright/test";
import { signInAsOtherPracticeDoctor } from "./support/practice";
import { checkBothSizes } from "./support/screens";

/*
 * The sandbox demo's own controls. This runs before the story activates a practice (files run in name order),
 * so the run explains why it sent nothing instead of reporting a bare 0.
 */

test("'Run today's greetings now' runs the schedule's dispatch and says why nothing was sent", async ({
  page,
}) => {
  await signInAsOtherPracticeDoctor(page);
  await page.goto("/sandbox/outbox");
  await page.getByRole("button", { name: "Run today's greetings now" }).click();
  await expect(page.getByRole("status").filter({ hasText: "processed" })).toHaveText(
    /^No practice was processed, so nothing was sent\. Not processed: \d+ not activated by support yet\. Activate a practice on the admin pages first\.$/,
    { timeout: 30_000 },
  );
  await checkBothSizes(page, "7-sandbox-run-now");
});
