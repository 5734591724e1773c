import { expect, type Page } from "@playwright/test";
import { ADMIN_EMAIL, SANDBOX_SUPPORT_KEY } from "./env";

/*
 * Support's side, driven as a person would: ask for a magic link on /admin/signin, read it from the sandbox
 * outbox (/sandbox/outbox) after entering the sandbox support key (support's e-mails are hidden from everyone
 * else), follow it.
 */

export const MAGIC_LINK_SUBJECT = "Your Birthday Greetings support sign-in link";

function magicLinkHeadings(page: Page, email: string) {
  return page.getByRole("heading", { level: 2, name: `E-mail to ${email}: “${MAGIC_LINK_SUBJECT}”` });
}

/** Asks for a link and returns it once it has arrived in the outbox (it is sent after the response). */
export async function requestMagicLink(page: Page, email = ADMIN_EMAIL): Promise<string> {
  await unlockSupportMail(page);
  const before = await magicLinkHeadings(page, email).count();
  await page.goto("/admin/signin");
  await page.getByLabel("Support e-mail address").fill(email);
  await page.getByRole("button", { name: "E-mail me a sign-in link" }).click();
  await expect(page.getByRole("status")).toContainText("a sign-in link is on its way");
  await expect(async () => {
    await page.goto("/sandbox/outbox");
    expect(await magicLinkHeadings(page, email).count()).toBeGreaterThan(before);
  }).toPass({ timeout: 15_000 });
  // Newest first: the first such e-mail is the one just sent.
  const article = page
    .getByRole("article")
    .filter({ has: magicLinkHeadings(page, email) })
    .first();
  const text = (await article.locator("pre").textContent()) ?? "";
  const link = text.match(/https?:\/\/\S+\/admin\/callback\?token=[A-Za-z0-9_-]+/)?.[0];
  if (!link) throw new Error("the sign-in e-mail holds no magic link");
  return link;
}

/** Signs in as support (ADMIN_EMAIL) through the magic link and lands on the accounts list. */
export async function signInAsAdmin(page: Page, email = ADMIN_EMAIL): Promise<void> {
  const link = await requestMagicLink(page, email);
  await page.goto(link);
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole("heading", { level: 1, name: "Accounts" })).toBeVisible();
}

/** Enters the sandbox support key on the outbox page (once per browser context: it sets a cookie). */
export async function unlockSupportMail(page: Page): Promise<void> {
  await page.goto("/sandbox/outbox");
  const key = page.getByLabel("Sandbox support key");
  if ((await key.count()) === 0) return;
  await key.fill(SANDBOX_SUPPORT_KEY);
  await page.getByRole("button", { name: "Show support's e-mails" }).click();
  await expect(page.getByLabel("Sandbox support key")).toHaveCount(0);
}
