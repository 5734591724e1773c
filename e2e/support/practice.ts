import { expect, type Page } from "@playwright/test";

/*
 * Signing in to the practice dashboard through the drchrono emulator's consent page, as a person would:
 * /signin -> "Sign in with drchrono" -> the emulator's "Authorize application" page -> choose a user -> Allow.
 */

export const PRACTICE_USERS = {
  /** Maple Street: the doctor most stories use. */
  doctor: "Dr Eleanor Hayes",
  /** Maple Street staff (primary physician: Dr Hayes). */
  staff: "Jordan Rivera",
  /** Harbor View: the second practice, for stories that need an account nobody else touched. */
  otherPracticeDoctor: "Dr Samuel Okafor",
} as const;

export async function signInAs(page: Page, user: string) {
  await page.goto("/signin");
  await page.getByRole("button", { name: "Sign in with drchrono" }).click();
  await expect(page.getByRole("heading", { name: "Authorize application" })).toBeVisible();
  await page.getByRole("radio", { name: new RegExp(user) }).check();
  await page.getByRole("button", { name: "Allow" }).click();
  await page.waitForURL(/\/dashboard/);
  await expect(page.getByRole("navigation", { name: "Dashboard" })).toBeVisible();
}

export const signInAsPracticeDoctor = (page: Page) => signInAs(page, PRACTICE_USERS.doctor);
export const signInAsPracticeStaff = (page: Page) => signInAs(page, PRACTICE_USERS.staff);
export const signInAsOtherPracticeDoctor = (page: Page) => signInAs(page, PRACTICE_USERS.otherPracticeDoctor);
