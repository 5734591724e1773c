import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { accounts, patientIndex } from "@/db/schema";
import { createTestDatabase, testDrivers } from "@/db/testing";
import { answerVerification, receiveDelivery } from "@/lib/webhooks/drchrono";
import { signDrchronoPayload } from "@/lib/webhooks/signature";

const SECRET = "webhook-secret-for-tests";
const NOW = new Date("2026-11-26T17:00:00Z");
const DOCTOR = 301001;

function patient(id: number, overrides: Record<string, unknown> = {}) {
  return {
    id,
    doctor: DOCTOR,
    first_name: "Ana",
    last_name: "Lopez",
    date_of_birth: "1984-11-30",
    email: "ana@example.com",
    patient_status: "A",
    ...overrides,
  };
}

function delivery(body: unknown, options: { event?: string; signature?: string } = {}) {
  const payload = JSON.stringify(body);
  return new Request("http://localhost/api/webhooks/drchrono", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-drchrono-event": options.event ?? "PATIENT_MODIFY",
      "x-drchrono-signature": options.signature ?? signDrchronoPayload(SECRET, payload),
    },
    body: payload,
  });
}

describe.each(testDrivers)("drchrono webhooks (%s)", (driver) => {
  let handle: DatabaseHandle;
  let accountId: string;
  const deps = () => ({ db: handle.db, secret: SECRET, now: () => NOW });

  async function indexRow(patientId: number) {
    const rows = await handle.db
      .select()
      .from(patientIndex)
      .where(and(eq(patientIndex.accountId, accountId), eq(patientIndex.patientId, patientId)));
    return rows[0] ?? null;
  }

  beforeAll(async () => {
    handle = await createTestDatabase(driver);
    const [account] = await handle.db
      .insert(accounts)
      .values({
        practiceGroupId: 1001,
        practiceName: "Maple Street",
        timeZone: "America/New_York",
        lastSyncAt: NOW,
      })
      .returning();
    accountId = account?.id ?? "";
    await handle.db
      .insert(patientIndex)
      .values({ accountId, patientId: 1, doctorId: DOCTOR, birthMonth: 1, birthDay: 2 });
  });
  afterAll(() => handle.close());

  it("answers drchrono's registration handshake with the HMAC of msg", async () => {
    const response = answerVerification(new URL("http://localhost/api/webhooks/drchrono?msg=hello"), deps());
    expect(await response.json()).toEqual({ secret_token: signDrchronoPayload(SECRET, "hello") });
  });

  it("indexes a new patient of a known doctor: birth month and day only", async () => {
    const response = await receiveDelivery(
      delivery({ object: patient(42) }, { event: "PATIENT_CREATE" }),
      deps(),
    );
    expect(response.status).toBe(200);
    expect(await indexRow(42)).toMatchObject({
      doctorId: DOCTOR,
      birthMonth: 11,
      birthDay: 30,
      skipReason: null,
    });
  });

  it("records a skip reason a modified chart now has", async () => {
    await receiveDelivery(delivery({ object: patient(42, { date_of_birth: "1990-02-30" }) }), deps());
    expect(await indexRow(42)).toMatchObject({
      birthMonth: null,
      birthDay: null,
      skipReason: "invalid_birth_date",
    });
  });

  it("refuses a delivery whose signature does not match, changing nothing", async () => {
    const forged = delivery({ object: patient(43) }, { signature: signDrchronoPayload("wrong", "x") });
    expect((await receiveDelivery(forged, deps())).status).toBe(401);
    const unsigned = delivery({ object: patient(43) }, { signature: "" });
    expect((await receiveDelivery(unsigned, deps())).status).toBe(401);
    expect(await indexRow(43)).toBeNull();
  });

  it("ignores malformed records, other events and patients of unknown practices", async () => {
    expect((await receiveDelivery(delivery({ object: { id: "x" } }), deps())).status).toBe(202);
    expect(
      (await receiveDelivery(delivery({ object: patient(44) }, { event: "APPOINTMENT_CREATE" }), deps()))
        .status,
    ).toBe(202);
    expect((await receiveDelivery(delivery({ object: patient(45, { doctor: 999 }) }), deps())).status).toBe(
      202,
    );
    expect(await indexRow(44)).toBeNull();
    expect(await indexRow(45)).toBeNull();
  });

  it("does not exist without a configured secret", async () => {
    const response = await receiveDelivery(delivery({ object: patient(46) }), {
      ...deps(),
      secret: undefined,
    });
    expect(response.status).toBe(404);
  });
});
