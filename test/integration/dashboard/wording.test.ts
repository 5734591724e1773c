import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { listAuditForAccount } from "@/db/queries/audit";
import { getSignOffs, getWording } from "@/db/queries/wording";
import { accounts, doctors, greetingTemplates } from "@/db/schema";
import { createTestDatabase, testDrivers } from "@/db/testing";
import {
  saveSettingsCommand,
  saveSignOffsCommand,
  saveWordingCommand,
  sendTestGreetingCommand,
  setOptOutCommand,
} from "@/lib/accounts/commands";
import { previewGreeting } from "@/lib/accounts/preview";
import { createEmailChannel } from "@/lib/channels/email";
import { createSmsChannel } from "@/lib/channels/sms";
import { DEFAULT_WORDING } from "@/lib/greetings/template";
import type { Doctor } from "@/lib/greetings/types";
import { type FakeProvidersServer, startFakeProvidersServer } from "@/sandbox/providers/server";
import { form, seedTwoPractices } from "./fixtures";

const SID = `AC${"1".repeat(32)}`;
const now = new Date("2026-03-01T15:00:00Z");
const raman: Doctor = { id: 10, firstName: "Priya", lastName: "Raman", suffix: "MD", timeZone: null };

describe.each(testDrivers)("the practice shapes its greeting on %s", (driver) => {
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
  beforeEach(async () => {
    providers.outbox.clear();
    await handle.db.delete(greetingTemplates);
    await handle.db.delete(doctors);
  });

  describe("wording", () => {
    it("stores the tidied wording for the session's practice only, audited", async () => {
      const result = await saveWordingCommand(
        handle.db,
        seed.sessionA,
        form({ language: "es", body: "¡Feliz cumpleaños, {first_name}!\r\n\r\n\r\n{doctor}  " }),
        { now },
      );
      expect(result).toEqual({
        status: "ok",
        message: "The Spanish wording is saved. Greetings use it from the next run.",
      });
      expect(await getWording(handle.db, seed.a.id)).toEqual({
        es: "¡Feliz cumpleaños, {first_name}!\n\n{doctor}",
      });
      expect(await getWording(handle.db, seed.b.id)).toEqual({});
      const [entry] = await listAuditForAccount(handle.db, seed.a.id);
      expect(entry).toMatchObject({ action: "wording_changed", detail: { language: "es" } });
    });

    it.each([
      [
        { language: "en", body: "Happy birthday {first_name}, you are {age}!" },
        "{age} is not a placeholder we fill in. Use {first_name}, {doctor} or {practice}.",
      ],
      [{ language: "en", body: "" }, "The greeting cannot be empty."],
      [
        { language: "en", body: "Hi {first_name" },
        "A lone “{” cannot be used: braces only go around {first_name}, {doctor} or {practice}.",
      ],
      [{ language: "de", body: "Hallo" }, "Choose English or Spanish"],
    ])("refuses %o with “%s” and stores nothing", async (fields, message) => {
      const result = await saveWordingCommand(handle.db, seed.sessionA, form(fields), { now });
      expect(result).toEqual({ status: "error", message });
      expect(await handle.db.select().from(greetingTemplates)).toEqual([]);
    });

    it("saving our own wording (reset) removes the practice's, so ours applies again", async () => {
      await saveWordingCommand(handle.db, seed.sessionA, form({ language: "en", body: "Hi {first_name}!" }), {
        now,
      });
      const result = await saveWordingCommand(
        handle.db,
        seed.sessionA,
        form({ language: "en", body: DEFAULT_WORDING.en.replaceAll("\n", "\r\n") }),
        { now },
      );
      expect(result).toEqual({ status: "ok", message: "The English greeting uses our wording again." });
      expect(await getWording(handle.db, seed.a.id)).toEqual({});
    });

    it("a test greeting uses the stored wording, and a test text is marked as a test", async () => {
      // Test greetings go only to the user's own address or the practice's contact on file.
      await handle.db
        .update(accounts)
        .set({ contactPhone: "+14155550132" })
        .where(eq(accounts.id, seed.a.id));
      await saveWordingCommand(
        handle.db,
        seed.sessionA,
        form({ language: "en", body: "Many happy returns, {first_name}!\n\n{doctor} at {practice}" }),
        { now },
      );
      const deps = {
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
        preview: async (language: "en" | "es") =>
          previewGreeting({
            language,
            doctor: raman,
            practice: { name: "Alpha Clinic", address: "1 Main St, Springfield" },
            unsubscribeUrl: "http://localhost/unsubscribe/example",
            wording: (await getWording(handle.db, seed.a.id))[language] ?? null,
          }),
      };
      await sendTestGreetingCommand(
        handle.db,
        seed.sessionA,
        form({ channel: "sms", to: "(415) 555-0132" }),
        deps,
      );
      await sendTestGreetingCommand(
        handle.db,
        seed.sessionA,
        form({ channel: "email", to: "dr@clinic.example" }),
        deps,
      );
      const [email, sms] = providers.outbox.list(); // newest first
      expect(sms).toMatchObject({
        channel: "sms",
        body: "[Test] Many happy returns, Alex! Dr. Raman at Alpha Clinic Reply STOP to opt out",
      });
      expect(email).toMatchObject({
        channel: "email",
        subject: "[Test] Happy birthday, Alex! Best wishes from Alpha Clinic",
        text: [
          "Many happy returns, Alex!",
          "",
          "Dr. Raman at Alpha Clinic",
          "",
          "--",
          "Alpha Clinic",
          "1 Main St, Springfield",
          "You receive this greeting as a patient of Alpha Clinic.",
          "Unsubscribe from birthday greetings: http://localhost/unsubscribe/example",
          "",
        ].join("\n"),
      });
    });
  });

  describe("sign-offs", () => {
    const practiceDoctors = async () => [raman, { ...raman, id: 11, firstName: "Luis", lastName: "Ortega" }];

    it("stores each doctor's sign-offs for the session's practice; blank is our default", async () => {
      const result = await saveSignOffsCommand(
        handle.db,
        seed.sessionA,
        form({
          "signOff-10": "Dr. Priya Raman",
          "signOffEs-10": "Dra. Raman",
          "signOff-11": "",
          "signOffEs-11": "",
        }),
        { now, doctors: practiceDoctors },
      );
      expect(result).toEqual({
        status: "ok",
        message: "Sign-offs saved. Greetings use them from the next run.",
      });
      expect(
        [...(await getSignOffs(handle.db, seed.a.id)).values()].sort((x, y) => x.doctorId - y.doctorId),
      ).toEqual([
        { doctorId: 10, signOff: "Dr. Priya Raman", signOffEs: "Dra. Raman" },
        { doctorId: 11, signOff: null, signOffEs: null },
      ]);
      expect((await getSignOffs(handle.db, seed.b.id)).size).toBe(0);
    });

    it("changes only the sign-offs of a doctor the daily list already stored", async () => {
      await handle.db.insert(doctors).values({
        accountId: seed.a.id,
        doctorId: 10,
        firstName: "Priya",
        lastName: "Raman-Iyer",
        suffix: "DO",
        suspended: true,
      });
      await saveSignOffsCommand(handle.db, seed.sessionA, form({ "signOffEs-10": "Dra. Raman" }), {
        now,
        doctors: practiceDoctors,
      });
      const [row] = await handle.db.select().from(doctors);
      expect(row).toMatchObject({
        lastName: "Raman-Iyer",
        suffix: "DO",
        suspended: true,
        signOff: null,
        signOffEs: "Dra. Raman",
      });
    });

    it("refuses a doctor who is not the practice's, and a sign-off that is too long", async () => {
      expect(
        await saveSignOffsCommand(handle.db, seed.sessionA, form({ "signOff-20": "Dr. Other" }), {
          now,
          doctors: practiceDoctors,
        }),
      ).toEqual({ status: "error", message: "Doctor #20 is not a doctor of your practice in drchrono." });
      expect(
        await saveSignOffsCommand(handle.db, seed.sessionA, form({ "signOff-10": "x".repeat(61) }), {
          now,
          doctors: practiceDoctors,
        }),
      ).toEqual({ status: "error", message: "A sign-off can be at most 60 characters." });
      expect(
        await saveSignOffsCommand(handle.db, seed.sessionA, form({ "signOff-10": "Dr. R" }), {
          now,
          doctors: async () => null,
        }),
      ).toEqual({
        status: "error",
        message:
          "drchrono is not answering right now, so the doctors could not be confirmed. Please try again soon.",
      });
      expect(await handle.db.select().from(doctors)).toEqual([]);
    });
  });

  describe("send hour and who signs", () => {
    it("saves the hour and the practice signing; clearing the hour goes back to the first run", async () => {
      const save = (fields: Record<string, string>) =>
        saveSettingsCommand(
          handle.db,
          seed.sessionA,
          form({ channelMode: "email", timeZone: "America/Chicago", ...fields }),
          {
            now,
          },
        );
      expect(await save({ sendHour: "10", signOff: "practice" })).toEqual({
        status: "ok",
        message: "Settings saved. They apply from the next daily run.",
      });
      const read = async () => (await handle.db.select().from(accounts)).find((a) => a.id === seed.a.id);
      expect(await read()).toMatchObject({ sendHour: 10, signOff: "practice", timeZone: "America/Chicago" });
      await save({ sendHour: "" });
      expect(await read()).toMatchObject({ sendHour: null, signOff: "doctor" });
    });

    it.each([
      [{ sendHour: "21" }, "Choose a send hour from 8:00 am to 8:00 pm, or the first run of the day"],
      [{ sendHour: "7" }, "Choose a send hour from 8:00 am to 8:00 pm, or the first run of the day"],
      [{ signOff: "nurse" }, "Choose who signs the greeting"],
      [
        { timeZone: "Eastern" },
        "“Eastern” fits 4 time zones, such as America/New_York, Eastern Time (New York, Miami, Atlanta); " +
          "America/Detroit, Eastern Time (Detroit, Michigan): please choose one from the list",
      ],
      [{ timeZone: "" }, "Choose a time zone from the list"],
    ])("refuses %o with “%s”", async (fields, message) => {
      const before = (await handle.db.select().from(accounts)).find((a) => a.id === seed.a.id);
      const result = await saveSettingsCommand(
        handle.db,
        seed.sessionA,
        form({ channelMode: "email", timeZone: "America/Denver", ...fields }),
        { now },
      );
      expect(result).toEqual({ status: "error", message });
      expect((await handle.db.select().from(accounts)).find((a) => a.id === seed.a.id)).toEqual(before);
    });
  });

  describe("confirmations name the patient", () => {
    it("opting out and back in says the patient's name", async () => {
      const deps = { now, isPatientOfAccount: async () => "yes" as const };
      expect(
        await setOptOutCommand(
          handle.db,
          seed.sessionA,
          form({ patientId: "1", optedOut: "true", patientName: "Robert Lopez" }),
          deps,
        ),
      ).toEqual({ status: "ok", message: "Robert Lopez is opted out and will not be greeted." });
      expect(
        await setOptOutCommand(
          handle.db,
          seed.sessionA,
          form({ patientId: "1", optedOut: "false", patientName: "Robert Lopez" }),
          deps,
        ),
      ).toEqual({ status: "ok", message: "Robert Lopez will be greeted again." });
      expect(
        await setOptOutCommand(handle.db, seed.sessionA, form({ patientId: "1", optedOut: "false" }), deps),
      ).toEqual({
        status: "ok",
        message: "Patient #1 was not opted out by staff; an unsubscribe or STOP by the patient stands.",
      });
    });
  });
});
