import { afterEach, describe, expect, it } from "vitest";
import { GET } from "@/app/api/cron/dispatch/route";
import { testDrivers } from "@/db/testing";
import { type CronDeps, handleCronDispatch } from "@/lib/dispatch/cron";
import { runDispatch } from "@/lib/dispatch/run";
import { createDispatchWorld, type DispatchWorld } from "@/sandbox/world";

const SECRET = "cron-secret-for-the-tests-0123456789";
const URL_ = "http://localhost:3000/api/cron/dispatch";
const call = (authorization?: string) =>
  new Request(URL_, { headers: authorization ? { authorization } : {} });

describe("GET /api/cron/dispatch (the route itself)", () => {
  it("answers 401 JSON without the bearer secret, before touching anything", async () => {
    const response = await GET(call());
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: "unauthorized" });
    expect((await GET(call("Bearer wrong-secret-wrong-secret"))).status).toBe(401);
  });
});

describe.each(testDrivers)("handleCronDispatch (%s)", (driver) => {
  let world: DispatchWorld;
  afterEach(async () => {
    await world?.close();
  });

  function cronDeps(over: Partial<CronDeps> = {}): CronDeps & { continued: Promise<unknown>[] } {
    const continued: Promise<unknown>[] = [];
    return {
      cronSecret: SECRET,
      timeBudgetMs: 120_000,
      now: () => world.now(),
      run: (options) => runDispatch(world.deps(), options),
      waitUntil: (p) => void continued.push(p),
      continued,
      ...over,
    };
  }

  it("refuses a wrong bearer, and with the right one runs and answers counts without patient data", async () => {
    world = await createDispatchWorld({ driver, now: new Date("2026-03-10T16:00:00Z") });
    const account = await world.addPractice({ practiceGroup: world.emulator.practiceGroups.a });
    const deps = cronDeps();

    expect((await handleCronDispatch(call(), deps)).status).toBe(401);
    expect((await handleCronDispatch(call(`Bearer ${SECRET}x`), deps)).status).toBe(401);
    expect(world.providers.outbox.size).toBe(0);

    const response = await handleCronDispatch(call(`Bearer ${SECRET}`), deps);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ complete: true, continuation: null });
    expect(body.accounts[0]).toMatchObject({ accountId: account.id, status: "done" });
    expect(body.accounts[0].greeted).toBe(world.providers.outbox.size);
    const text = JSON.stringify(body);
    for (const e of world.providers.outbox.list()) expect(text).not.toContain(e.to);
    expect(deps.continued).toEqual([]);
  });

  it("when the time budget runs out, starts an authenticated continuation of the same round", async () => {
    world = await createDispatchWorld({ driver, now: new Date("2026-03-10T16:00:00Z") });
    await world.addPractice({ practiceGroup: world.emulator.practiceGroups.a });
    const requests: Request[] = [];
    const deps = cronDeps({
      timeBudgetMs: 0,
      fetch: async (input, init) => {
        requests.push(new Request(input as URL, init));
        return new Response("{}");
      },
    });
    const response = await handleCronDispatch(call(`Bearer ${SECRET}`), deps);
    const body = await response.json();
    expect(body).toMatchObject({ complete: false, continuation: { hop: 1 } });
    await Promise.all(deps.continued);
    expect(requests).toHaveLength(1);
    const next = new URL(requests[0]?.url ?? "");
    expect(next.pathname).toBe("/api/cron/dispatch");
    expect(next.searchParams.get("round")).toBe("2026-03-10T16:00:00.000Z");
    expect(requests[0]?.headers.get("authorization")).toBe(`Bearer ${SECRET}`);
  });
});
