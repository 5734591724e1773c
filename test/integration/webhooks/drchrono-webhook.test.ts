import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { MAX_PENDING_HINTS_PER_ACCOUNT } from "@/db/queries/webhooks";
import { accounts, patientIndex, webhookHints } from "@/db/schema";
import { createTestDatabase, testDrivers } from "@/db/testing";
import { answerVerification, MAX_WEBHOOK_BODY_BYTES, receiveDelivery } from "@/lib/webhooks/drchrono";
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

/** A body of `total` bytes produced lazily, counting what the handler actually pulled. */
function streamedBody(total: number, chunk = 64 * 1024) {
  const counter = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counter.pulled >= total) return controller.close();
      const size = Math.min(chunk, total - counter.pulled);
      counter.pulled += size;
      controller.enqueue(new Uint8Array(size).fill(0x20));
    },
  });
  return { stream, counter };
}

describe.each(testDrivers)("drchrono webhooks (%s)", (driver) => {
  let handle: DatabaseHandle;
  let accountId: string;
  const deps = () => ({ db: handle.db, secret: SECRET, now: () => NOW });

  async function hints() {
    return handle.db
      .select({ patientId: webhookHints.patientId, receivedAt: webhookHints.receivedAt })
      .from(webhookHints)
      .where(eq(webhookHints.accountId, accountId))
      .orderBy(webhookHints.patientId);
  }
  async function index() {
    return handle.db
      .select({
        patientId: patientIndex.patientId,
        birthMonth: patientIndex.birthMonth,
        birthDay: patientIndex.birthDay,
        outcomeDate: patientIndex.outcomeDate,
      })
      .from(patientIndex)
      .where(eq(patientIndex.accountId, accountId));
  }
  async function answer(response: Response) {
    return { status: response.status, body: await response.text() };
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
    await handle.db.insert(patientIndex).values({
      accountId,
      patientId: 1,
      doctorId: DOCTOR,
      birthMonth: 1,
      birthDay: 2,
      outcomeDate: "2026-11-26",
      outcome: "waiting",
    });
  });
  afterAll(() => handle.close());

  it("answers drchrono's registration handshake for a plain token, and refuses to sign anything else", async () => {
    const url = (msg: string) =>
      new URL(`http://localhost/api/webhooks/drchrono?msg=${encodeURIComponent(msg)}`);
    const token = answerVerification(url("a1B2-c3_d4"), deps());
    expect(token.status).toBe(200);
    expect(await token.json()).toEqual({ secret_token: signDrchronoPayload(SECRET, "a1B2-c3_d4") });
    // The handshake would otherwise sign a forged delivery body for anyone who asks.
    const forgedBody = JSON.stringify({ object: patient(1, { date_of_birth: "1984-12-25" }) });
    for (const msg of [forgedBody, "a".repeat(129), "two words"]) {
      expect(await answer(answerVerification(url(msg), deps()))).toEqual({
        status: 400,
        body: JSON.stringify({ error: "msg must be 1 to 128 letters, digits, '-' or '_'" }),
      });
    }
  });

  it("a signed delivery changes no data: it only leaves a hint that the patient changed", async () => {
    // The body claims patient 1 now has a birthday on Dec 25: the index must keep Jan 2 until drchrono says so.
    const response = await receiveDelivery(
      delivery({ object: patient(1, { date_of_birth: "1984-12-25" }) }),
      deps(),
    );
    expect(await answer(response)).toEqual({ status: 202, body: '{"received":true}' });
    expect(await index()).toEqual([{ patientId: 1, birthMonth: 1, birthDay: 2, outcomeDate: "2026-11-26" }]);
    expect(await hints()).toEqual([{ patientId: 1, receivedAt: NOW }]);
  });

  it("a replayed delivery keeps one hint per patient", async () => {
    const body = { object: patient(42) };
    for (let i = 0; i < 5; i += 1) await receiveDelivery(delivery(body, { event: "PATIENT_CREATE" }), deps());
    expect((await hints()).map((h) => h.patientId)).toEqual([1, 42]);
  });

  it("refuses a forged signature or none, leaving no hint", async () => {
    const forged = delivery({ object: patient(43) }, { signature: signDrchronoPayload("wrong", "x") });
    expect(await answer(await receiveDelivery(forged, deps()))).toEqual({
      status: 401,
      body: '{"error":"invalid signature"}',
    });
    const unsigned = delivery({ object: patient(43) }, { signature: "" });
    expect((await receiveDelivery(unsigned, deps())).status).toBe(401);
    expect((await hints()).map((h) => h.patientId)).toEqual([1, 42]);
  });

  it("answers customers and non-customers, used and unused events identically", async () => {
    const customer = await answer(await receiveDelivery(delivery({ object: patient(50) }), deps()));
    const strangerDoctor = await answer(
      await receiveDelivery(delivery({ object: patient(51, { doctor: 999 }) }), deps()),
    );
    const noDoctor = await answer(
      await receiveDelivery(delivery({ object: patient(52, { doctor: null }) }), deps()),
    );
    const otherEvent = await answer(
      await receiveDelivery(delivery({ object: patient(53) }, { event: "APPOINTMENT_CREATE" }), deps()),
    );
    const malformed = await answer(await receiveDelivery(delivery({ object: { id: "x" } }), deps()));
    const expected = { status: 202, body: '{"received":true}' };
    expect([customer, strangerDoctor, noDoctor, otherEvent, malformed]).toEqual([
      expected,
      expected,
      expected,
      expected,
      expected,
    ]);
    expect((await hints()).map((h) => h.patientId)).toEqual([1, 42, 50]);
  });

  it("refuses a 30 MB body after reading at most the cap, whether or not it announces its length", async () => {
    for (const announce of [false, true]) {
      const { stream, counter } = streamedBody(30 * 1024 * 1024);
      const headers: Record<string, string> = { "x-drchrono-event": "PATIENT_MODIFY" };
      if (announce) headers["content-length"] = String(30 * 1024 * 1024);
      const request = new Request("http://localhost/api/webhooks/drchrono", {
        method: "POST",
        headers,
        body: stream,
        duplex: "half",
      } as RequestInit);
      expect(await answer(await receiveDelivery(request, deps()))).toEqual({
        status: 413,
        body: '{"error":"payload too large"}',
      });
      expect(counter.pulled).toBeLessThanOrEqual(
        announce ? 2 * 64 * 1024 : MAX_WEBHOOK_BODY_BYTES + 64 * 1024,
      );
    }
  });

  it("keeps at most a bounded number of waiting hints per practice", async () => {
    const rows = Array.from({ length: MAX_PENDING_HINTS_PER_ACCOUNT - 3 }, (_, i) => ({
      accountId,
      patientId: 10_000 + i,
      receivedAt: NOW,
    }));
    await handle.db.insert(webhookHints).values(rows);
    await receiveDelivery(delivery({ object: patient(60) }), deps());
    await receiveDelivery(delivery({ object: patient(61) }), deps());
    expect((await hints()).length).toBe(MAX_PENDING_HINTS_PER_ACCOUNT);
  });

  it("does not exist without a configured secret", async () => {
    const response = await receiveDelivery(delivery({ object: patient(46) }), {
      ...deps(),
      secret: undefined,
    });
    expect(response.status).toBe(404);
  });
});
