/*
 * One authenticated GET against drchrono, with everything a call needs to survive the real API: the hourly budget,
 * a per-request timeout, retries for 429/5xx/timeouts, and redirects followed by hand so the bearer token is only
 * ever sent to drchrono's own origin. Errors carry the status and the path, never a query string or a token.
 */
import "server-only";
import { backoffDelayMs, DEFAULT_BACKOFF, statedWaitWithJitter, throttleWaitMs } from "./backoff";
import { type CallBudget, processBudget } from "./budget";
import { DrchronoError } from "./types";

export interface HttpOptions {
  baseUrl: string;
  /** A fixed token, or a function asked before every call (so a vault can hand out refreshed tokens). */
  accessToken: string | (() => Promise<string>);
  fetch?: typeof fetch;
  /** Per request, including reading the body. */
  timeoutMs?: number;
  /** Retries after the first attempt, for 429, 5xx and timeouts. */
  maxRetries?: number;
  /** The longest single wait (throttle, backoff or budget); longer waits throw instead of sleeping. */
  maxWaitMs?: number;
  /** The budget every call takes from; production passes appCallBudget (Postgres, shared by every process). */
  budget?: CallBudget;
  /** Calls that must stay in the budget after each of ours (dashboard look-ups leave room for the greetings). */
  reserve?: number;
  /** Clock for the fallback budget and for HTTP-date Retry-After values. */
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export const DEFAULT_TIMEOUT_MS = 20_000;
export const DEFAULT_MAX_RETRIES = 5;
export const DEFAULT_MAX_WAIT_MS = 60_000;
const MAX_REDIRECTS = 3;

export interface HttpResponse {
  /** null for a 404 when the caller allowed it. */
  body: unknown;
  status: number;
}

export interface DrchronoHttp {
  /** GET a path ("/api/doctors?page_size=250") or a drchrono-issued absolute URL (a `next` cursor). */
  getJson(pathOrUrl: string, options?: { allowNotFound?: boolean }): Promise<HttpResponse>;
  readonly calls: number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createHttp(options: HttpOptions): DrchronoHttp {
  const base = new URL(options.baseUrl.endsWith("/") ? options.baseUrl : `${options.baseUrl}/`);
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  const maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const now = options.now ?? (() => new Date());
  const tokenSource = options.accessToken;
  let calls = 0;

  const budget = options.budget ?? processBudget(undefined, { now });

  /** One HTTP exchange: budget, timeout, manual redirect. Network failures and timeouts come back as null. */
  async function attempt(url: URL, token: string): Promise<{ response: Response; body: string } | null> {
    await budget.take({ maxWaitMs, sleep, reserve: options.reserve });
    calls += 1;
    try {
      const response = await doFetch(url, {
        method: "GET",
        headers: { Authorization: `Bearer ${token}`, Accept: "application/json" },
        redirect: "manual",
        signal: AbortSignal.timeout(timeoutMs),
      });
      // The timeout signal also covers reading the body: a server that stalls mid-body is a timeout too.
      const body = await response.text();
      return { response, body };
    } catch {
      // fetch only rejects on network failures and aborts; both are worth another try.
      return null;
    }
  }

  async function getJson(pathOrUrl: string, opts: { allowNotFound?: boolean } = {}): Promise<HttpResponse> {
    let url = resolveOnBase(pathOrUrl, base);
    const token = typeof tokenSource === "string" ? tokenSource : await tokenSource();
    let redirects = 0;
    let retries = 0;

    for (;;) {
      const path = url.pathname;
      const result = await attempt(url, token);

      if (result === null) {
        await retryOrThrow("unavailable", `GET ${path}: no answer (timeout or network)`, undefined, null);
        continue;
      }
      const { response, body } = result;
      const status = response.status;

      if (status >= 200 && status < 300) return { status, body: parseJson(body, path, status) };

      if (status >= 300 && status < 400) {
        const location = response.headers.get("location");
        if (!location || ++redirects > MAX_REDIRECTS) {
          throw new DrchronoError("bad_response", `GET ${path}: unusable redirect`, status, { path });
        }
        // fetch drops Authorization on cross-origin redirects; we follow by hand and pin drchrono's origin.
        url = resolveOnBase(new URL(location, url).href, base);
        continue;
      }

      if (status === 404 && opts.allowNotFound) return { status, body: null };
      if (status === 401) throw new DrchronoError("unauthorized", `GET ${path}: 401`, status, { path });
      if (status === 403) throw new DrchronoError("forbidden", `GET ${path}: 403`, status, { path });
      if (status === 404) throw new DrchronoError("not_found", `GET ${path}: 404`, status, { path });

      if (status === 429) {
        const stated = throttleWaitMs(response.headers.get("retry-after"), body, now().getTime());
        // drchrono's limit is the application's: when it names a time, every process waits until then.
        if (stated !== null) await budget.pause(new Date(now().getTime() + stated));
        if (stated !== null && stated > maxWaitMs) {
          throw new DrchronoError(
            "rate_limited",
            `GET ${path}: 429, drchrono asks to wait ${Math.ceil(stated / 1000)} s`,
            status,
            { path, waitMs: stated },
          );
        }
        await retryOrThrow("rate_limited", `GET ${path}: 429`, status, stated);
        continue;
      }

      if (status >= 500) {
        await retryOrThrow("unavailable", `GET ${path}: ${status}`, status, null);
        continue;
      }

      // Any other 4xx is our mistake; repeating it would only burn budget.
      throw new DrchronoError("bad_response", `GET ${path}: ${status}`, status, { path });
    }

    async function retryOrThrow(
      code: "rate_limited" | "unavailable",
      message: string,
      status: number | undefined,
      statedWaitMs: number | null,
    ): Promise<void> {
      if (retries >= maxRetries) {
        throw new DrchronoError(code, `${message} after ${retries + 1} attempts`, status, {
          path: url.pathname,
          waitMs: statedWaitMs ?? undefined,
        });
      }
      const wait =
        statedWaitMs !== null
          ? statedWaitWithJitter(statedWaitMs, random)
          : Math.min(maxWaitMs, backoffDelayMs(retries, random, DEFAULT_BACKOFF));
      retries += 1;
      await sleep(wait);
    }
  }

  return {
    getJson,
    get calls() {
      return calls;
    },
  };
}

/**
 * A path or URL on drchrono's origin. Absolute URLs (drchrono's `next` cursors, redirect targets) keep their path
 * and query but are moved onto the configured origin, so the bearer token never leaves it.
 */
export function resolveOnBase(pathOrUrl: string, base: URL): URL {
  if (/^https?:\/\//i.test(pathOrUrl)) {
    const given = new URL(pathOrUrl);
    return new URL(`${given.pathname}${given.search}`, base.origin);
  }
  // Relative paths sit under the base path (the emulator may be mounted at /sandbox/drchrono).
  return new URL(pathOrUrl.replace(/^\//, ""), base);
}

function parseJson(body: string, path: string, status: number): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new DrchronoError("bad_response", `GET ${path}: body is not JSON`, status, { path });
  }
}
