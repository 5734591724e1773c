import { expect, test } from "@playwright/test";
import { composeEmail } from "../lib/greetings/message";
import type { PatientRecord } from "../lib/greetings/types";
import { createUnsubscribeToken } from "../lib/unsubscribe/token";
import { expectAccessible } from "./support/a11y";
import { e2eEnv } from "./support/env";
import { checkBothSizes } from "./support/screens";

// The sandbox outbox shows what a patient would receive; the unsubscribe page answers forged links clearly.

async function clearOutbox(page: import("@playwright/test").Page) {
  await page.goto("/sandbox/outbox");
  const clear = page.getByRole("button", { name: "Clear outbox" });
  if (await clear.isVisible()) {
    await clear.click();
    await expect(page.getByText(/No messages yet/)).toBeVisible();
  }
}

test("the outbox starts empty, shows a delivered e-mail and text, and clears", async ({ page, request }) => {
  await clearOutbox(page);
  await expect(page.getByRole("heading", { level: 1, name: "Sandbox outbox" })).toBeVisible();
  await expect(page.getByText(/No messages yet/)).toBeVisible();
  await expectAccessible(page);

  // What the resend SDK sends to the app's built-in fake endpoint in sandbox mode.
  const sent = await request.post("/sandbox/resend/emails", {
    headers: { authorization: "Bearer re_sandbox_key", "idempotency-key": `e2e-${Date.now()}` },
    data: {
      from: "Dr Smith <greetings@example.com>",
      to: "pat@example.org",
      subject: "Happy birthday, Pat!",
      // The script must not run in the preview: mail clients never run scripts.
      html: '<h1>Happy birthday, Pat!</h1><p>From Dr Smith and colleagues</p><script>document.body.dataset.ran="yes"</script>',
      text: "Happy birthday, Pat! From Dr Smith and colleagues",
      headers: { "List-Unsubscribe": "<https://example.com/unsubscribe/x>" },
    },
  });
  expect(sent.status()).toBe(200);
  const sid = `AC${"0".repeat(32)}`;
  const texted = await request.post(`/sandbox/twilio/2010-04-01/Accounts/${sid}/Messages.json`, {
    headers: { authorization: `Basic ${Buffer.from(`${sid}:sandbox-token`).toString("base64")}` },
    form: { To: "+15551230001", From: "+15005550006", Body: "Happy birthday, Pat! Reply STOP to opt out" },
  });
  expect(texted.status()).toBe(201);

  await page.reload();
  await expect(page.getByRole("heading", { level: 2, name: /E-mail to pat@example\.org/ })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Text message to +15551230001" })).toBeVisible();
  await expect(page.getByRole("row", { name: /List-Unsubscribe/ })).toBeVisible();
  const rendered = page.frameLocator('iframe[title^="Rendered e-mail to pat@example.org"]');
  await expect(rendered.getByRole("heading", { name: "Happy birthday, Pat!" })).toBeVisible();
  await expect(rendered.locator("body")).not.toHaveAttribute("data-ran", "yes");
  await expect(page.getByText("1 (GSM-7, 42 characters)")).toBeVisible();
  await checkBothSizes(page, "7-outbox");

  await page.getByRole("button", { name: "Clear outbox" }).click();
  await expect(page.getByText(/No messages yet/)).toBeVisible();
});

test("an unsubscribe link that was tampered with explains itself and changes nothing", async ({
  page,
  request,
}) => {
  const response = await page.goto("/unsubscribe/not-a-real-token");
  expect(response?.status()).toBe(400);
  await expect(
    page.getByRole("heading", { level: 1, name: "This unsubscribe link is not valid" }),
  ).toBeVisible();
  await expectAccessible(page);

  const oneClick = await request.post("/unsubscribe/not-a-real-token", {
    form: { "List-Unsubscribe": "One-Click" },
    maxRedirects: 0,
  });
  expect(oneClick.status()).toBe(400);
});

test("a genuine link of a practice that left says no more greetings will come", async ({ page }) => {
  const token = createUnsubscribeToken(
    { accountId: "00000000-0000-4000-8000-000000000000", patientId: 1 },
    e2eEnv.NEXTAUTH_SECRET as string,
  );
  const response = await page.goto(`/unsubscribe/${token}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "This unsubscribe link is no longer needed",
  );
  await expectAccessible(page);
});

for (const size of [
  { name: "desktop", viewport: { width: 1280, height: 900 } },
  { name: "390x844", viewport: { width: 390, height: 844 } },
]) {
  test(`the e-mail preview shows the whole greeting down to its footer (${size.name})`, async ({
    page,
    request,
  }) => {
    await page.setViewportSize(size.viewport);
    await clearOutbox(page);
    // A real greeting as the app composes it: Spanish (the longer copy), with the practice's postal address.
    const email = composeEmail({
      patient: {
        id: 1,
        doctorId: 7,
        firstName: "Guadalupe",
        nickName: null,
        lastName: "López",
        dateOfBirth: "1980-01-01",
        email: "guadalupe@example.org",
        cellPhone: null,
        homePhone: null,
        status: "A",
        dateOfDeath: null,
        disableSms: false,
        preferredLanguage: "spa",
        hasResponsibleParty: false,
      } satisfies PatientRecord,
      doctor: { id: 7, firstName: "Priya", lastName: "Raman", suffix: "MD", timeZone: "America/New_York" },
      practice: {
        name: "Maple Street Family Medicine",
        address: "120 Maple Street, Suite 200, New York, NY 10001",
      },
      unsubscribeUrl: `${"https://greetings.example.com/unsubscribe/"}${"a".repeat(80)}`,
    });
    const sent = await request.post("/sandbox/resend/emails", {
      headers: {
        authorization: "Bearer re_sandbox_key",
        "idempotency-key": `e2e-footer-${size.name}-${Date.now()}`,
      },
      data: { from: "Maple <greetings@example.com>", to: "guadalupe@example.org", ...email },
    });
    expect(sent.status()).toBe(200);

    await page.reload();
    const frame = page.locator('iframe[title^="Rendered e-mail to guadalupe@example.org"]');
    await frame.evaluate((el) => el.scrollIntoView({ block: "start" }));
    const rendered = page.frameLocator('iframe[title^="Rendered e-mail to guadalupe@example.org"]');
    // In view without scrolling inside the frame: the frame is as tall as the greeting.
    await expect(
      rendered.getByRole("link", { name: "Dejar de recibir felicitaciones de cumpleaños" }),
    ).toBeInViewport();
    await expect(rendered.getByText("120 Maple Street, Suite 200, New York, NY 10001")).toBeInViewport();
    await page.screenshot({ path: test.info().outputPath(`outbox-preview-${size.name}.png`) });
    await expectAccessible(page);
  });
}
