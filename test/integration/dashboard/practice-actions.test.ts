import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { listAuditForAccount } from "@/db/queries/audit";
import { isIndexedPatient } from "@/db/queries/dashboard";
import { listOptOuts, optOutFlagsFor, recordOptOut } from "@/db/queries/opt-outs";
import { accounts, sendLog } from "@/db/schema";
import { createTestDatabase, testDrivers } from "@/db/testing";
import {
  NOT_A_TEST_RECIPIENT,
  sendTestGreetingCommand,
  setOptOutCommand,
  TEST_GREETINGS_PER_HOUR,
} from "@/lib/accounts/commands";
import { previewGreeting } from "@/lib/accounts/preview";
import { createEmailChannel } from "@/lib/channels/email";
import { createSmsChannel } from "@/lib/channels/sms";
import { type FakeProvidersServer, startFakeProvidersServer } from "@/sandbox/providers/server";
import { form, seedTwoPractices } from "./fixtures";

const SID = `AC${"1".repeat(32)}`;
const now = new Date("2026-03-01T15:00:00Z");

describe.each(testDrivers)("opt-outs and test greetings on %s", (driver) => {
  let handle: DatabaseHandle;
  let seed: Awaited<ReturnType<typeof seedTwoPractices>>;
  let providers: FakeProvidersServer;

  beforeAll(async () => {
    handle = await createTestDatabase(driver);
    seed = await seedTwoPractices(handle.db);
    providers = await startFakeProvidersServer({
      resendApiKey: "re_key",
      twilioAccountSid: SID,
      twilioAuthToken: "tok",
    });
  });
  afterAll(async () => {
    await providers.close();
    await handle.close();
  });
  beforeEach(() => providers.outbox.clear());

  /** What the action asks: the account's own index (drchrono is not consulted in these tests). */
  const indexOnly = (accountId: string) => async (patientId: number) =>
    (await isIndexedPatient(handle.db, accountId, patientId)) ? ("yes" as const) : ("no" as const);

  describe("opt-out toggle", () => {
    it("opts out a patient of the session's practice, with the reason, audited", async () => {
      const result = await setOptOutCommand(
        handle.db,
        seed.sessionA,
        form({ patientId: "3", optedOut: "true", reason: "Asked at the front desk" }),
        { now, isPatientOfAccount: indexOnly(seed.a.id) },
      );
      expect(result).toMatchObject({ status: "ok" });
      expect(await listOptOuts(handle.db, seed.a.id)).toEqual([
        expect.objectContaining({ patientId: 3, source: "staff", reason: "Asked at the front desk" }),
      ]);
      expect((await listAuditForAccount(handle.db, seed.a.id)).map((e) => e.action)).toContain(
        "opt_out.recorded",
      );
    });

    it("refuses another practice's patient id and records nothing", async () => {
      const result = await setOptOutCommand(
        handle.db,
        seed.sessionA,
        form({ patientId: "900", optedOut: "true" }),
        {
          now,
          isPatientOfAccount: indexOnly(seed.a.id),
        },
      );
      expect(result).toMatchObject({
        status: "error",
        message: expect.stringContaining("not a patient of your practice"),
      });
      expect((await optOutFlagsFor(handle.db, seed.a.id, [900])).get(900)?.staff).toBe(false);
      expect(await listOptOuts(handle.db, seed.b.id)).toEqual([]);
    });

    it("refuses when drchrono cannot confirm the patient", async () => {
      const result = await setOptOutCommand(
        handle.db,
        seed.sessionA,
        form({ patientId: "77", optedOut: "true" }),
        {
          now,
          isPatientOfAccount: async () => "unknown",
        },
      );
      expect(result.status).toBe("error");
    });

    it("refuses a too-long reason and a malformed id", async () => {
      const deps = { now, isPatientOfAccount: indexOnly(seed.a.id) };
      const long = await setOptOutCommand(
        handle.db,
        seed.sessionA,
        form({ patientId: "1", optedOut: "true", reason: "x".repeat(501) }),
        deps,
      );
      expect(long).toMatchObject({ status: "error", message: expect.stringContaining("500") });
      const bad = await setOptOutCommand(
        handle.db,
        seed.sessionA,
        form({ patientId: "1 OR 1=1", optedOut: "true" }),
        deps,
      );
      expect(bad.status).toBe("error");
      expect((await optOutFlagsFor(handle.db, seed.a.id, [1])).get(1)?.staff).toBe(false);
    });

    it("lifting an opt-out touches only the session's practice and never a patient's own unsubscribe", async () => {
      await recordOptOut(handle.db, { accountId: seed.b.id, patientId: 1, source: "staff", actor: "system" });
      await recordOptOut(handle.db, {
        accountId: seed.a.id,
        patientId: 1,
        source: "email_unsubscribe",
        actor: "patient",
      });
      const deps = { now, isPatientOfAccount: indexOnly(seed.a.id) };
      const result = await setOptOutCommand(
        handle.db,
        seed.sessionA,
        form({ patientId: "1", optedOut: "false" }),
        deps,
      );
      expect(result).toMatchObject({ status: "ok", message: expect.stringContaining("stands") });
      expect((await optOutFlagsFor(handle.db, seed.b.id, [1])).get(1)?.staff).toBe(true);
      expect((await optOutFlagsFor(handle.db, seed.a.id, [1])).get(1)?.emailUnsubscribed).toBe(true);

      await setOptOutCommand(handle.db, seed.sessionA, form({ patientId: "3", optedOut: "false" }), deps);
      expect((await optOutFlagsFor(handle.db, seed.a.id, [3])).get(3)?.staff).toBe(false);
    });
  });

  describe("send a test greeting to me", () => {
    beforeAll(async () => {
      await handle.db
        .update(accounts)
        .set({ contactEmail: "office@alpha.example", contactPhone: "+14155550132" })
        .where(eq(accounts.id, seed.a.id));
    });
    const deps = () => ({
      now,
      channels: {
        email: createEmailChannel({
          apiKey: "re_key",
          baseUrl: providers.resendUrl,
          from: "Greetings <g@example.com>",
        }),
        sms: createSmsChannel({
          accountSid: SID,
          authToken: "tok",
          baseUrl: providers.twilioUrl,
          from: "+15005550006",
        }),
      },
      preview: async () =>
        previewGreeting({
          language: "en",
          doctor: { id: 10, firstName: "Ann", lastName: "Smith", suffix: null, timeZone: null },
          practice: { name: "Alpha Clinic", address: "1 Main St, Springfield" },
          unsubscribeUrl: "http://localhost/unsubscribe/example",
        }),
    });

    it("sends the practice's e-mail greeting to the user's address, marked as a test, without a send-log row", async () => {
      const result = await sendTestGreetingCommand(
        handle.db,
        seed.sessionA,
        form({ channel: "email", to: "dr@clinic.example" }),
        deps(),
      );
      expect(result).toMatchObject({ status: "ok", message: expect.stringContaining("dr@clinic.example") });
      const [sent, ...rest] = providers.outbox.list();
      expect(rest).toEqual([]);
      expect(sent).toMatchObject({ channel: "email", to: "dr@clinic.example" });
      expect(sent?.subject).toMatch(/^\[Test\] Happy birthday, Alex!/);
      expect(sent?.text).toContain("Dr. Smith and colleagues");
      const logged = await handle.db.select().from(sendLog);
      expect(logged).toHaveLength(6); // the seeded rows only
    });

    it("sends the text greeting to a phone number, marked as a test", async () => {
      const result = await sendTestGreetingCommand(
        handle.db,
        seed.sessionA,
        form({ channel: "sms", to: "(415) 555-0132" }),
        deps(),
      );
      expect(result.status).toBe("ok");
      expect(providers.outbox.list()).toEqual([
        expect.objectContaining({
          channel: "sms",
          to: "+14155550132",
          body: "[Test] Happy birthday, Alex! Wishing you a wonderful year ahead. From Dr. Smith and colleagues at Alpha Clinic. Reply STOP to opt out",
        }),
      ]);
    });

    it("refuses an invalid address and sends nothing", async () => {
      const result = await sendTestGreetingCommand(
        handle.db,
        seed.sessionA,
        form({ channel: "email", to: "nobody" }),
        deps(),
      );
      expect(result.status).toBe("error");
      expect(providers.outbox.list()).toEqual([]);
    });

    it("sends to the practice's contact on file, however the address is capitalised", async () => {
      const result = await sendTestGreetingCommand(
        handle.db,
        seed.sessionA,
        form({ channel: "email", to: "Office@Alpha.example" }),
        // A new instant: the same Resend idempotency key with another recipient would be refused.
        { ...deps(), now: new Date(now.getTime() + 1) },
      );
      expect(result).toEqual({ status: "ok", message: "Test e-mail sent to Office@Alpha.example." });
      expect(providers.outbox.list().map((m) => m.to)).toEqual(["Office@Alpha.example"]);
    });

    it("refuses any other address or number and sends nothing", async () => {
      for (const input of [
        { channel: "email", to: "someone@elsewhere.example" },
        { channel: "sms", to: "(415) 555-0199" },
      ]) {
        expect(await sendTestGreetingCommand(handle.db, seed.sessionA, form(input), deps())).toEqual({
          status: "error",
          message: NOT_A_TEST_RECIPIENT,
        });
      }
      // Beta has no contact on file: its user's own address is the only choice, and no number at all.
      expect(
        await sendTestGreetingCommand(
          handle.db,
          seed.sessionB,
          form({ channel: "sms", to: "+14155550132" }),
          deps(),
        ),
      ).toEqual({ status: "error", message: NOT_A_TEST_RECIPIENT });
      expect(providers.outbox.list()).toEqual([]);
    });

    it(`stops after ${TEST_GREETINGS_PER_HOUR} test sends an hour`, async () => {
      for (let i = 0; i < TEST_GREETINGS_PER_HOUR; i++) {
        await sendTestGreetingCommand(
          handle.db,
          seed.sessionB,
          form({ channel: "email", to: "dr@clinic.example" }),
          {
            ...deps(),
            now: new Date(now.getTime() + i),
          },
        );
      }
      providers.outbox.clear();
      const result = await sendTestGreetingCommand(
        handle.db,
        seed.sessionB,
        form({ channel: "email", to: "dr@clinic.example" }),
        { ...deps(), now: new Date(now.getTime() + 10) },
      );
      expect(result).toMatchObject({ status: "error", message: expect.stringContaining("an hour") });
      expect(providers.outbox.list()).toEqual([]);
    });
  });
});
