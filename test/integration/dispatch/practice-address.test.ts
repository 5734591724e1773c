/* The practice's postal address: not read at sign-in, but by the first run that greets someone. */
import { afterEach, describe, expect, it } from "vitest";
import { getAccount } from "@/db/queries/accounts";
import { testDrivers } from "@/db/testing";
import { practiceAddressOfToday } from "@/lib/dispatch/practice-address";
import { runDispatch } from "@/lib/dispatch/run";
import { createDispatchWorld, type DispatchWorld, setAccount } from "@/sandbox/world";

// 12:00 in New York (EDT), where practice A's primary doctor is: inside sending hours.
const NOON_NY = new Date("2026-03-10T16:00:00Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Practice A's main office, the signing doctor's own (sandbox/drchrono/practices.ts). */
const MAPLE_MAIN_OFFICE = "120 Maple Street, Suite 200, Brooklyn, NY 11201";

/** The lines between the e-mail's "--" separator and the "why you get this" sentence. */
function footerOf(text: string | undefined): string[] {
  const lines = (text ?? "").split("\n");
  const start = lines.indexOf("--") + 1;
  return lines.slice(start, start + 2);
}

describe.each(testDrivers)("the practice address (%s)", (driver) => {
  let world: DispatchWorld;
  afterEach(async () => {
    await world?.close();
  });

  it("is read from drchrono's offices by the first dispatch, once, and signs every greeting's footer", async () => {
    world = await createDispatchWorld({ driver, now: NOON_NY });
    const account = await world.addPractice({ practiceGroup: world.emulator.practiceGroups.a });
    // As a sign-in leaves it now: no address on file.
    await setAccount(world.db, account.id, { practiceAddress: null });

    const first = await runDispatch(world.deps(), { now: world.now(), trigger: "cron" });
    expect(first.accounts[0]?.greeted).toBeGreaterThan(0);
    expect(world.emulator.calls.byRoute["GET /api/offices"]).toBe(1);
    expect((await getAccount(world.db, account.id))?.practiceAddress).toBe(MAPLE_MAIN_OFFICE);
    const footers = world.providers.outbox
      .list({ channel: "email" })
      .map((e) => footerOf(e.text).join(" | "));
    expect(new Set(footers)).toEqual(new Set([`Maple Street Family Medicine | ${MAPLE_MAIN_OFFICE}`]));

    // Known now: neither a later run the same day nor the next day's first run reads the offices again.
    world.emulator.calls.reset();
    await runDispatch(world.deps(), { now: world.advance(HOUR), trigger: "cron" });
    await runDispatch(world.deps(), { now: world.advance(DAY - HOUR), trigger: "cron" });
    expect(world.emulator.calls.byRoute["GET /api/offices"]).toBeUndefined();
  });

  it("is read before any run for the settings page's preview, and the first run then uses it without asking", async () => {
    world = await createDispatchWorld({ driver, now: NOON_NY });
    const account = await world.addPractice({ practiceGroup: world.emulator.practiceGroups.a });
    await setAccount(world.db, account.id, { practiceAddress: null });
    const noAddress = { ...account, practiceAddress: null };

    // What greeting-preview.ts does on the settings page, before the practice is ever dispatched.
    const api = await world.deps().drchronoFor(noAddress);
    const today = "2026-03-10";
    expect(await practiceAddressOfToday(world.db, api, noAddress, today)).toBe(MAPLE_MAIN_OFFICE);
    expect(world.emulator.calls.byRoute["GET /api/offices"]).toBe(1);
    expect((await getAccount(world.db, account.id))?.practiceAddress).toBe(MAPLE_MAIN_OFFICE);

    world.emulator.calls.reset();
    const run = await runDispatch(world.deps(), { now: world.now(), trigger: "cron" });
    expect(run.accounts[0]?.greeted).toBeGreaterThan(0);
    expect(world.emulator.calls.byRoute["GET /api/offices"]).toBeUndefined();
    const footers = world.providers.outbox.list({ channel: "email" }).map((e) => footerOf(e.text)[1]);
    expect(new Set(footers)).toEqual(new Set([MAPLE_MAIN_OFFICE]));
  });

  it("is asked for at most once a day while drchrono lists no open office, and the footer leaves it out", async () => {
    world = await createDispatchWorld({ driver, now: NOON_NY });
    const account = await world.addPractice({ practiceGroup: world.emulator.practiceGroups.a });
    await setAccount(world.db, account.id, { practiceAddress: null });
    // drchrono answers an empty offices list (the sandbox's offices are shared constants: not edited here).
    let offices = 0;
    const noOffices: typeof fetch = (input, init) => {
      if (!new URL(String(input)).pathname.endsWith("/api/offices")) return fetch(input, init);
      offices += 1;
      return Promise.resolve(Response.json({ previous: null, next: null, results: [] }));
    };

    await runDispatch(world.deps({}, { fetch: noOffices }), { now: world.now(), trigger: "cron" });
    await runDispatch(world.deps({}, { fetch: noOffices }), { now: world.advance(HOUR), trigger: "cron" });
    expect(offices).toBe(1);
    expect((await getAccount(world.db, account.id))?.practiceAddress).toBeNull();
    const footers = world.providers.outbox.list({ channel: "email" }).map((e) => footerOf(e.text)[0]);
    expect(new Set(footers)).toEqual(new Set(["Maple Street Family Medicine"]));
    const second = footerOf(world.providers.outbox.list({ channel: "email" })[0]?.text)[1];
    expect(second).toBe("You receive this greeting as a patient of Maple Street Family Medicine.");
  });
});
