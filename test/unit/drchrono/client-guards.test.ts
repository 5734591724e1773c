/*
 * What the client does when drchrono (or something pretending to be it) misbehaves in ways the emulator does not:
 * looping cursors, endless listings, cursors and redirects pointing at another host. The server is a plain function.
 */
import { describe, expect, it } from "vitest";
import { MemoryCallBudget } from "@/lib/drchrono/budget";
import { createDrchronoClient } from "@/lib/drchrono/client";

const BASE = "https://app.drchrono.test";

type Handler = (url: URL, init: RequestInit) => Response;

function serve(handler: Handler) {
  const seen: { url: string; authorization: string | null }[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : input);
    seen.push({ url: url.href, authorization: new Headers(init?.headers).get("authorization") });
    return handler(url, init ?? {});
  }) as typeof globalThis.fetch;
  return { fetch, seen };
}

function client(fetch: typeof globalThis.fetch, extra: { maxPages?: number; maxWaitMs?: number } = {}) {
  return createDrchronoClient({
    baseUrl: BASE,
    accessToken: "tok",
    fetch,
    budget: new MemoryCallBudget({ limitPerHour: 10_000 }),
    sleep: async () => {},
    random: () => 0,
    ...extra,
  });
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

async function drain(iterable: AsyncIterable<unknown>) {
  let n = 0;
  for await (const _ of iterable) n += 1;
  return n;
}

describe("listing guards", () => {
  it("stops with bad_response when a `next` cursor comes back a second time", async () => {
    const { fetch, seen } = serve((url) => {
      const cursor = url.searchParams.get("cursor");
      const next = cursor === "b" ? "a" : cursor === "a" ? "b" : "a";
      return json({ results: [{ id: 1 }], next: `${BASE}/api/patients?cursor=${next}`, previous: null });
    });
    await expect(drain(client(fetch).patients())).rejects.toMatchObject({
      code: "bad_response",
      path: "/api/patients",
    });
    expect(seen.length).toBe(3);
  });

  it("stops with bad_response past the page cap", async () => {
    let page = 0;
    const { fetch } = serve(() => {
      page += 1;
      return json({ results: [], next: `${BASE}/api/patients?cursor=${page}` });
    });
    await expect(drain(client(fetch, { maxPages: 5 }).patients())).rejects.toMatchObject({
      code: "bad_response",
    });
    expect(page).toBe(5);
  });

  it("follows a cursor on another host without sending the token there", async () => {
    const { fetch, seen } = serve((url) =>
      url.searchParams.get("cursor")
        ? json({ results: [{ id: 2 }], next: null })
        : json({ results: [{ id: 1 }], next: "https://evil.example/api/patients?cursor=2" }),
    );
    expect(await drain(client(fetch).patients())).toBe(2);
    expect(seen.map((s) => new URL(s.url).origin)).toEqual([BASE, BASE]);
  });

  it("classifies malformed patients inside a page and keeps streaming", async () => {
    const { fetch } = serve(() => json({ data: [{ id: 1 }, "junk", { id: "x" }, { id: 4, first_name: 5 }] }));
    const results = [];
    for await (const p of client(fetch).patients()) results.push(p.ok ? p.patient.id : `bad:${p.id}`);
    expect(results).toEqual([1, "bad:null", "bad:null", "bad:4"]);
  });
});

describe("redirects and refusals", () => {
  it("keeps the token only on drchrono's origin when a redirect points elsewhere", async () => {
    const { fetch, seen } = serve((url) =>
      url.pathname === "/api/users/current"
        ? new Response(null, { status: 302, headers: { location: "https://elsewhere.example/api/users/9" } })
        : json({ id: 9, username: "u", practice_group: 1 }),
    );
    await client(fetch).currentUser();
    expect(seen.map((s) => s.url)).toEqual([`${BASE}/api/users/current`, `${BASE}/api/users/9`]);
    expect(seen.every((s) => s.authorization === "Bearer tok")).toBe(true);
  });

  it("gives up on a redirect loop", async () => {
    const { fetch } = serve(
      () => new Response(null, { status: 302, headers: { location: "/api/users/current" } }),
    );
    await expect(client(fetch).currentUser()).rejects.toMatchObject({ code: "bad_response", status: 302 });
  });

  it("throws rate_limited at once, with the wait, when drchrono asks for longer than maxWaitMs", async () => {
    const { fetch, seen } = serve(() =>
      json({ detail: "Request was throttled. Expected available in 2400 seconds." }, 429),
    );
    await expect(client(fetch, { maxWaitMs: 60_000 }).doctors()).rejects.toMatchObject({
      code: "rate_limited",
      waitMs: 2_400_000,
    });
    expect(seen.length).toBe(1);
  });

  it("does not retry a 400 and keeps query strings out of the error", async () => {
    const { fetch, seen } = serve(() => json({ detail: "bad" }, 400));
    const error = await client(fetch)
      .patientPage({ lastName: "Garcia" })
      .catch((e: unknown) => e as Error);
    expect(error).toMatchObject({ code: "bad_response", status: 400, path: "/api/patients" });
    expect((error as Error).message).not.toContain("Garcia");
    expect(seen.length).toBe(1);
  });

  it("treats a non-JSON success as a bad response", async () => {
    const { fetch } = serve(() => new Response("<html>maintenance</html>", { status: 200 }));
    await expect(client(fetch).offices()).rejects.toMatchObject({ code: "bad_response" });
  });
});
