import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { getAccount } from "@/db/queries/accounts";
import { createTestDatabase, testDrivers } from "@/db/testing";
import {
  requestActivationCommand,
  saveSettingsCommand,
  saveSignOffsCommand,
  saveWordingCommand,
  setPausedCommand,
} from "@/lib/accounts/commands";
import { DOCTORS_ONLY_MESSAGE, mayPerform } from "@/lib/accounts/roles";
import { form, seedTwoPractices } from "./fixtures";

const now = new Date("2026-03-01T15:00:00Z");

describe("who at a practice may do what", () => {
  it("staff may pause but not resume, change settings or request activation; doctors may do all", () => {
    const staff = { role: "staff" as const };
    const doctor = { role: "doctor" as const };
    const actions = ["change_settings", "resume", "request_activation"] as const;
    expect(actions.map((a) => mayPerform(staff, a))).toEqual([false, false, false]);
    expect(actions.map((a) => mayPerform(doctor, a))).toEqual([true, true, true]);
  });
});

describe.each(testDrivers)("every practice action enforces the role (%s)", (driver) => {
  let handle: DatabaseHandle;
  let seed: Awaited<ReturnType<typeof seedTwoPractices>>;
  const staff = () => ({ ...seed.sessionA, role: "staff" as const });

  beforeAll(async () => {
    handle = await createTestDatabase(driver);
    seed = await seedTwoPractices(handle.db);
  });
  afterAll(() => handle.close());

  it("staff cannot change settings or attest SMS consent; nothing is saved", async () => {
    const result = await saveSettingsCommand(
      handle.db,
      staff(),
      form({ channelMode: "both", timeZone: "America/Denver", smsConsent: "on" }),
      { now },
    );
    expect(result).toEqual({ status: "error", message: DOCTORS_ONLY_MESSAGE.change_settings });
    expect(await getAccount(handle.db, seed.a.id)).toMatchObject({
      channelMode: "email",
      timeZone: "UTC",
      smsConsentAttestedAt: null,
    });
  });

  it("staff cannot change the greeting's wording or the doctors' sign-offs", async () => {
    const doctors = async () => {
      throw new Error("a refused request must not ask drchrono");
    };
    expect(
      await saveWordingCommand(handle.db, staff(), form({ language: "en", body: "Hi {first_name}!" }), {
        now,
      }),
    ).toEqual({ status: "error", message: DOCTORS_ONLY_MESSAGE.change_settings });
    expect(await saveSignOffsCommand(handle.db, staff(), form({}), { now, doctors })).toEqual({
      status: "error",
      message: DOCTORS_ONLY_MESSAGE.change_settings,
    });
  });

  it("staff can pause, but only a doctor resumes", async () => {
    expect(await setPausedCommand(handle.db, staff(), form({ paused: "true" }), { now })).toEqual({
      status: "ok",
      message: "Greetings are paused. The next daily run sends nothing for your practice.",
    });
    expect(await setPausedCommand(handle.db, staff(), form({ paused: "false" }), { now })).toEqual({
      status: "error",
      message: DOCTORS_ONLY_MESSAGE.resume,
    });
    expect((await getAccount(handle.db, seed.a.id))?.paused).toBe(true);
    expect(await setPausedCommand(handle.db, seed.sessionA, form({ paused: "false" }), { now })).toEqual({
      status: "ok",
      message: "Greetings are resumed from the next daily run.",
    });
    expect((await getAccount(handle.db, seed.a.id))?.paused).toBe(false);
  });

  it("staff cannot request activation; nothing is recorded and support is not told", async () => {
    let told = 0;
    const result = await requestActivationCommand(
      handle.db,
      { ...seed.sessionB, role: "staff" },
      form({
        acknowledged: "on",
        contactName: "Front desk",
        contactEmail: "desk@beta.example",
        contactPhone: "",
      }),
      {
        now,
        notifySupport: async () => {
          told += 1;
          return true;
        },
      },
    );
    expect(result).toEqual({ status: "error", message: DOCTORS_ONLY_MESSAGE.request_activation });
    expect(told).toBe(0);
    expect(await getAccount(handle.db, seed.b.id)).toMatchObject({
      contactEmail: null,
      activationRequestedAt: null,
    });
  });
});
