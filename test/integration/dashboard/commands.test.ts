import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { getAccount } from "@/db/queries/accounts";
import { listAuditForAccount } from "@/db/queries/audit";
import { accounts } from "@/db/schema";
import { createTestDatabase, testDrivers } from "@/db/testing";
import { requestActivationCommand, saveSettingsCommand, setPausedCommand } from "@/lib/accounts/commands";
import { form, seedTwoPractices } from "./fixtures";

const now = new Date("2026-03-01T15:00:00Z");

describe.each(testDrivers)("dashboard commands on %s", (driver) => {
  let handle: DatabaseHandle;
  let seed: Awaited<ReturnType<typeof seedTwoPractices>>;

  beforeAll(async () => {
    handle = await createTestDatabase(driver);
    seed = await seedTwoPractices(handle.db);
  });
  afterAll(() => handle.close());

  describe("settings", () => {
    it("saves the session's account only, whatever account id the form carries", async () => {
      const result = await saveSettingsCommand(
        handle.db,
        seed.sessionA,
        form({ accountId: seed.b.id, channelMode: "both", timeZone: "America/Denver", smsConsent: "on" }),
        { now },
      );
      expect(result.status).toBe("ok");
      const a = await getAccount(handle.db, seed.a.id);
      expect(a).toMatchObject({
        channelMode: "both",
        timeZone: "America/Denver",
        greetResponsibleParty: false,
        smsConsentAttestedBy: `user:${seed.sessionA.userId}`,
      });
      expect(a?.smsConsentAttestedAt?.toISOString()).toBe(now.toISOString());
      const b = await getAccount(handle.db, seed.b.id);
      expect(b).toMatchObject({ channelMode: "email", timeZone: "UTC", smsConsentAttestedBy: null });
      expect((await listAuditForAccount(handle.db, seed.a.id))[0]).toMatchObject({
        action: "settings_changed",
      });
    });

    it("keeps the first attestation when saved again, and withdraws it when unticked", async () => {
      const later = new Date(now.getTime() + 60_000);
      const other = { ...seed.sessionA, userId: "00000000-0000-4000-8000-0000000000ff" };
      await saveSettingsCommand(
        handle.db,
        other,
        form({ channelMode: "sms", timeZone: "UTC", smsConsent: "on" }),
        {
          now: later,
        },
      );
      const kept = await getAccount(handle.db, seed.a.id);
      expect(kept?.smsConsentAttestedBy).toBe(`user:${seed.sessionA.userId}`);
      expect(kept?.smsConsentAttestedAt?.toISOString()).toBe(now.toISOString());

      const result = await saveSettingsCommand(
        handle.db,
        other,
        form({ channelMode: "sms", timeZone: "UTC" }),
        {
          now: later,
        },
      );
      expect(result).toMatchObject({ status: "ok", message: expect.stringContaining("No text messages") });
      expect(await getAccount(handle.db, seed.a.id)).toMatchObject({
        smsConsentAttestedBy: null,
        smsConsentAttestedAt: null,
      });
    });

    it("saves the zone a city typed into the picker found, and says which", async () => {
      const result = await saveSettingsCommand(
        handle.db,
        seed.sessionA,
        form({ channelMode: "email", timeZone: " houston " }),
        { now },
      );
      expect(result).toEqual({
        status: "ok",
        message:
          "Settings saved. They apply from the next daily run. Time zone: America/Chicago, Central Time (Chicago, Houston, Dallas).",
      });
      expect((await getAccount(handle.db, seed.a.id))?.timeZone).toBe("America/Chicago");
      // A zone given by its own name needs no such line.
      expect(
        await saveSettingsCommand(
          handle.db,
          seed.sessionA,
          form({ channelMode: "email", timeZone: "America/Denver" }),
          { now },
        ),
      ).toEqual({ status: "ok", message: "Settings saved. They apply from the next daily run." });
    });

    it.each([
      [{ channelMode: "carrier_pigeon", timeZone: "UTC" }, /channel/i],
      [{ channelMode: "email", timeZone: "Europe/Atlantis" }, /^No time zone matches “Europe\/Atlantis”/],
      [{ channelMode: "email", timeZone: "Pacific" }, /^“Pacific” fits \d+ time zones/],
    ])("refuses the forged value %o and changes nothing", async (fields, message) => {
      const before = await getAccount(handle.db, seed.a.id);
      const result = await saveSettingsCommand(handle.db, seed.sessionA, form(fields), { now });
      expect(result).toMatchObject({ status: "error", message: expect.stringMatching(message) });
      expect(await getAccount(handle.db, seed.a.id)).toEqual(before);
    });
  });

  describe("pause and resume", () => {
    it("pauses and resumes the session's account, with an audit entry each", async () => {
      expect(
        await setPausedCommand(handle.db, seed.sessionA, form({ paused: "true" }), { now }),
      ).toMatchObject({
        status: "ok",
      });
      expect((await getAccount(handle.db, seed.a.id))?.paused).toBe(true);
      expect((await getAccount(handle.db, seed.b.id))?.paused).toBe(false);
      await setPausedCommand(handle.db, seed.sessionA, form({ paused: "false" }), { now });
      expect((await getAccount(handle.db, seed.a.id))?.paused).toBe(false);
      const actions = (await listAuditForAccount(handle.db, seed.a.id)).map((e) => e.action);
      expect(actions).toEqual(expect.arrayContaining(["paused", "resumed"]));
    });

    it("refuses to resume an account support deactivated", async () => {
      await handle.db
        .update(accounts)
        .set({ activation: "deactivated", paused: true })
        .where(eq(accounts.id, seed.b.id));
      const result = await setPausedCommand(handle.db, seed.sessionB, form({ paused: "false" }), { now });
      expect(result).toMatchObject({ status: "error", message: expect.stringContaining("deactivated") });
      expect((await getAccount(handle.db, seed.b.id))?.paused).toBe(true);
    });

    it("refuses an unknown value", async () => {
      const result = await setPausedCommand(handle.db, seed.sessionA, form({ paused: "sometimes" }), { now });
      expect(result.status).toBe("error");
    });
  });

  describe("activation request", () => {
    const valid = {
      acknowledged: "on",
      contactName: "Pat Lee",
      contactEmail: "pat@alpha.example",
      contactPhone: "415 555 0132",
    };

    it("requires the acknowledgement and tells no one without it", async () => {
      await handle.db.update(accounts).set({ activation: "not_requested" }).where(eq(accounts.id, seed.a.id));
      const told: string[] = [];
      const result = await requestActivationCommand(
        handle.db,
        seed.sessionA,
        form({ ...valid, acknowledged: "" }),
        {
          now,
          notifySupport: async (account) => {
            told.push(account.id);
            return true;
          },
        },
      );
      expect(result.status).toBe("error");
      expect(told).toEqual([]);
      expect((await getAccount(handle.db, seed.a.id))?.activation).toBe("not_requested");
    });

    it("records the request with contact details, audits it and tells support once", async () => {
      const told: string[] = [];
      const deps = {
        now,
        notifySupport: async (account: { id: string }) => {
          told.push(account.id);
          return true;
        },
      };
      const result = await requestActivationCommand(handle.db, seed.sessionA, form(valid), deps);
      expect(result.status).toBe("ok");
      expect(await getAccount(handle.db, seed.a.id)).toMatchObject({
        activation: "requested",
        activationRequestedBy: `user:${seed.sessionA.userId}`,
        contactName: "Pat Lee",
        contactEmail: "pat@alpha.example",
        contactPhone: "+14155550132",
      });
      expect(told).toEqual([seed.a.id]);
      const audit = await listAuditForAccount(handle.db, seed.a.id);
      expect(audit.filter((e) => e.action === "activation_requested")).toHaveLength(1);

      const again = await requestActivationCommand(handle.db, seed.sessionA, form(valid), deps);
      expect(again).toMatchObject({ status: "ok", message: expect.stringContaining("already") });
      expect(told).toHaveLength(1);
    });

    it("still records the request when the e-mail to support fails", async () => {
      await handle.db.update(accounts).set({ activation: "not_requested" }).where(eq(accounts.id, seed.a.id));
      const result = await requestActivationCommand(handle.db, seed.sessionA, form(valid), {
        now,
        notifySupport: async () => {
          throw new Error("provider down");
        },
      });
      expect(result).toMatchObject({
        status: "ok",
        message: expect.stringContaining("could not be e-mailed"),
      });
      expect((await getAccount(handle.db, seed.a.id))?.activation).toBe("requested");
    });
  });
});
