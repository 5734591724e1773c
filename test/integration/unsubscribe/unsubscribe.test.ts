import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { listOptOuts, optOutFlagsFor } from "@/db/queries/opt-outs";
import { accounts, auditLog } from "@/db/schema";
import { createTestDatabase, testDrivers } from "@/db/testing";
import { handleUnsubscribe, showUnsubscribePage } from "@/lib/unsubscribe/handler";
import { createUnsubscribeToken, listUnsubscribeHeaders, unsubscribeUrl } from "@/lib/unsubscribe/token";

const SECRET = "unsubscribe-test-secret-0123456789abcdef";
const APP_URL = "https://greetings.example.com";
const PATIENT = 4242;

function oneClick(url: string, init: { accept?: string; body?: BodyInit; contentType?: string } = {}) {
  return new Request(url, {
    method: "POST",
    headers: {
      "content-type": init.contentType ?? "application/x-www-form-urlencoded",
      ...(init.accept ? { accept: init.accept } : {}),
    },
    body: init.body ?? "List-Unsubscribe=One-Click",
  });
}

describe.each(testDrivers)("unsubscribe on %s", (driver) => {
  let handle: DatabaseHandle;
  let accountId: string;
  let otherAccountId: string;
  let token: string;
  let url: string;

  beforeAll(async () => {
    handle = await createTestDatabase(driver);
    const [account, other] = await handle.db
      .insert(accounts)
      .values([
        { practiceGroupId: 1, practiceName: "Smith & Jones <Family> Practice" },
        { practiceGroupId: 2, practiceName: "Elsewhere Clinic" },
      ])
      .returning();
    accountId = account?.id as string;
    otherAccountId = other?.id as string;
    token = createUnsubscribeToken({ accountId, patientId: PATIENT }, SECRET);
    url = unsubscribeUrl(APP_URL, token);
  });
  afterAll(() => handle.close());

  const deps = { secret: SECRET, now: () => new Date("2026-03-14T15:00:00Z") };

  it("GET shows a confirm button and records nothing (mail scanners follow links)", async () => {
    const response = await showUnsubscribePage(handle.db, token, deps);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    const page = await response.text();
    expect(page).toContain("Smith &amp; Jones &lt;Family&gt; Practice");
    expect(page).toContain(`<form method="post" action="/unsubscribe/${token}">`);
    expect(page).toContain('name="List-Unsubscribe" value="One-Click"');
    expect(await listOptOuts(handle.db, accountId)).toEqual([]);
  });

  it("one-click POST records exactly one e-mail opt-out with an audit row, and is idempotent", async () => {
    // The request a mail provider sends: exactly what the List-Unsubscribe headers advertise.
    expect(listUnsubscribeHeaders(url)["List-Unsubscribe"]).toBe(`<${url}>`);
    const first = await handleUnsubscribe(handle.db, oneClick(url), token, deps);
    expect(first.status).toBe(200);
    expect(first.headers.get("location")).toBeNull();
    expect(await first.json()).toMatchObject({ status: "unsubscribed" });

    const again = await handleUnsubscribe(handle.db, oneClick(url, { accept: "text/html" }), token, deps);
    expect(again.status).toBe(200);
    expect(await again.text()).toContain("You are unsubscribed");

    const rows = await listOptOuts(handle.db, accountId);
    expect(rows).toEqual([
      expect.objectContaining({ patientId: PATIENT, source: "email_unsubscribe", actor: "patient" }),
    ]);
    expect(rows[0]?.createdAt.toISOString()).toBe("2026-03-14T15:00:00.000Z");
    const audit = await handle.db.select().from(auditLog).where(eq(auditLog.accountId, accountId));
    expect(audit).toEqual([
      expect.objectContaining({
        actor: "patient",
        action: "opt_out.recorded",
        detail: { patientId: PATIENT, source: "email_unsubscribe" },
      }),
    ]);

    const flags = await optOutFlagsFor(handle.db, accountId, [PATIENT]);
    expect(flags.get(PATIENT)).toEqual({ staff: false, emailUnsubscribed: true, smsStopped: false });
    // Another practice's patient with the same drchrono id is untouched.
    expect((await optOutFlagsFor(handle.db, otherAccountId, [PATIENT])).get(PATIENT)?.emailUnsubscribed).toBe(
      false,
    );
  });

  it("GET after unsubscribing says so instead of asking again", async () => {
    const page = await (await showUnsubscribePage(handle.db, token, deps)).text();
    expect(page).toContain("You are unsubscribed");
    expect(page).not.toContain("<form");
  });

  it("a Spanish greeting's link answers in Spanish, and the confirmation gives the practice's phone", async () => {
    const spanishPatient = 7_001;
    const es = createUnsubscribeToken({ accountId, patientId: spanishPatient, language: "es" }, SECRET);
    await handle.db
      .update(accounts)
      .set({ practicePhone: "(212) 555-0100" })
      .where(eq(accounts.id, accountId));

    const page = await (await showUnsubscribePage(handle.db, es, deps)).text();
    expect(page).toContain('<html lang="es">');
    expect(page).toContain(
      "<title>Dejar de recibir felicitaciones de cumpleaños · Birthday Greetings</title>",
    );
    expect(page).toContain(
      "<p>¿Desea dejar de recibir los correos anuales de felicitación de cumpleaños de <strong>Smith &amp; Jones &lt;Family&gt; Practice</strong>?</p>",
    );
    expect(page).toContain('<button type="submit">Darme de baja</button>');

    const done = await handleUnsubscribe(
      handle.db,
      oneClick(unsubscribeUrl(APP_URL, es), { accept: "text/html" }),
      es,
      deps,
    );
    const confirmation = await done.text();
    expect(confirmation).toContain("<h1>Se ha dado de baja</h1>");
    expect(confirmation).toContain(
      "<p><strong>Smith &amp; Jones &lt;Family&gt; Practice</strong> ya no le enviará correos de felicitación de cumpleaños.</p>",
    );
    expect(confirmation).toContain(
      '<p class="muted">¿Cambió de opinión? Llame al consultorio al <a href="tel:+12125550100">(212) 555-0100</a>.</p>',
    );
    expect(
      (await optOutFlagsFor(handle.db, accountId, [spanishPatient])).get(spanishPatient)?.emailUnsubscribed,
    ).toBe(true);

    // English links name the phone too.
    const english = await (await showUnsubscribePage(handle.db, token, deps)).text();
    expect(english).toContain(
      '<p class="muted">Changed your mind? Please call the practice at <a href="tel:+12125550100">(212) 555-0100</a>.</p>',
    );
    await handle.db.update(accounts).set({ practicePhone: null }).where(eq(accounts.id, accountId));
    const withoutPhone = await (await showUnsubscribePage(handle.db, token, deps)).text();
    expect(withoutPhone).toContain('<p class="muted">Changed your mind? Please contact the practice.</p>');
  });

  it("accepts the one-click body as multipart form data", async () => {
    const other = createUnsubscribeToken({ accountId, patientId: PATIENT + 1 }, SECRET);
    const form = new FormData();
    form.set("List-Unsubscribe", "One-Click");
    const request = new Request(unsubscribeUrl(APP_URL, other), { method: "POST", body: form });
    expect((await handleUnsubscribe(handle.db, request, other, deps)).status).toBe(200);
    expect(
      (await optOutFlagsFor(handle.db, accountId, [PATIENT + 1])).get(PATIENT + 1)?.emailUnsubscribed,
    ).toBe(true);
  });

  it("rejects a forged or tampered token with 400 and records nothing", async () => {
    const forged = createUnsubscribeToken(
      { accountId, patientId: 777 },
      "someone-elses-secret-0123456789abcdef",
    );
    const response = await handleUnsubscribe(
      handle.db,
      oneClick(unsubscribeUrl(APP_URL, forged)),
      forged,
      deps,
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "invalid" });
    const page = await showUnsubscribePage(handle.db, "not-a-token", deps);
    expect(page.status).toBe(400);
    expect(await page.text()).toContain("This unsubscribe link is not valid");
    expect((await optOutFlagsFor(handle.db, accountId, [777])).get(777)?.emailUnsubscribed).toBe(false);
  });

  it("rejects a POST without List-Unsubscribe=One-Click", async () => {
    const other = createUnsubscribeToken({ accountId, patientId: 888 }, SECRET);
    const response = await handleUnsubscribe(
      handle.db,
      oneClick(unsubscribeUrl(APP_URL, other), { body: "something=else" }),
      other,
      deps,
    );
    expect(response.status).toBe(400);
    expect((await optOutFlagsFor(handle.db, accountId, [888])).get(888)?.emailUnsubscribed).toBe(false);
  });

  it("answers 404 for a validly signed token of an account that no longer exists", async () => {
    const gone = createUnsubscribeToken(
      { accountId: "00000000-0000-4000-8000-000000000000", patientId: 1 },
      SECRET,
    );
    const response = await handleUnsubscribe(handle.db, oneClick(unsubscribeUrl(APP_URL, gone)), gone, deps);
    expect(response.status).toBe(404);
  });
});
