import { expect, type Page, test } from "@playwright/test";
import { expectAccessible } from "./a11y";

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

/**
 * The page as it is now, at desktop size and at 390×844: a full-page screenshot of each (kept under the test's
 * output directory), the axe scan at each, and at phone size no sideways scrolling of the page. Ends at desktop size.
 */
export async function checkBothSizes(page: Page, name: string) {
  for (const [size, viewport] of [
    ["desktop", DESKTOP],
    ["390x844", PHONE],
  ] as const) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: test.info().outputPath(`${name}-${size}.png`), fullPage: true });
    await expectAccessible(page);
  }
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${name} scrolls sideways at 390px`).toBeLessThanOrEqual(1);
  await page.setViewportSize(DESKTOP);
}
