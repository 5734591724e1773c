import { createApi } from "./api";
import type { CaseTag, PatientTag } from "./awkward";
import { isRealIsoDate } from "./dates";
import { defaultFaults, type FaultKnobs, sleep } from "./faults";
import { json } from "./http";
import { createOAuth } from "./oauth";
import type { ApiPatient } from "./patient-record";
import { type DescribedPatient, PatientStore } from "./patient-store";
import {
  type ApiDoctor,
  type ApiOffice,
  PRACTICE_A,
  PRACTICE_B,
  PRACTICES,
  SANDBOX_USERS,
  type SandboxPractice,
  type SandboxUser,
} from "./practices";
import { strangeApiBody, strangeTokenBody } from "./strange";
import { GrantRegistry, TokenSigner } from "./tokens";

/**
 * The drchrono emulator: one framework-agnostic handler (web Request -> Response) serving drchrono's OAuth2
 * endpoints and the `/api` resources the product reads, over deterministic seeded data, with fault knobs.
 * Mounted in the app under /sandbox/drchrono (sandbox mode) or served by `startEmulatorServer` in tests.
 */

export interface EmulatorOptions {
  /** Same seed => same data and mutually verifiable tokens. Default 42. */
  seed?: number;
  /** Patients in practice A (default 300). Generated on demand, so 100,000 costs nothing up front. */
  patients?: number;
  /** The emulator's clock. Birthdays "today" and "in N days" are relative to its value at creation. */
  now?: () => Date;
  clientId?: string;
  clientSecret?: string;
}

export interface IssuedTokens {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  scope: string;
}

export interface CallCounter {
  total: number;
  byRoute: Record<string, number>;
  reset(): void;
}

export interface DrchronoEmulator {
  /** Serves a web-standard Request. `basePath` is the prefix it is mounted under ("" or "/sandbox/drchrono"). */
  handle(request: Request, basePath?: string): Promise<Response>;
  /** Mutable fault knobs; set per test. */
  faults: FaultKnobs;
  /** Calls answered, except the consent page: keys like "GET /api/patients" and "POST /o/token/". */
  readonly calls: CallCounter;
  /** The people on the consent page's user picker. */
  readonly users: readonly SandboxUser[];
  readonly practices: readonly SandboxPractice[];
  readonly practiceGroups: { readonly a: number; readonly b: number };
  doctors(practiceGroup?: number): ApiDoctor[];
  offices(practiceGroup?: number): ApiOffice[];
  /** Skips OAuth in tests: a fresh grant for the user (earlier grants stay valid). */
  issueTokens(userId: number, scopes: string[]): IssuedTokens;
  /** Both tokens of every grant of the user die (as when they authorize again, or revoke access). */
  revokeTokensOf(userId: number): void;
  /** Every access token issued so far answers 401; refresh tokens still work. */
  expireAccessTokens(): void;
  /** The current record, undefined when absent or deleted. */
  patient(id: number): ApiPatient | undefined;
  updatePatient(id: number, patch: Partial<ApiPatient>): ApiPatient;
  addPatient(practiceGroup: number, fields?: Partial<ApiPatient>): number;
  deletePatient(id: number): boolean;
  /** Every patient (of one practice, or both) with its tags, in id order. Generated on the fly: iterate, don't hoard. */
  describePatients(practiceGroup?: number): Generator<DescribedPatient>;
  /** Patients carrying a tag, e.g. "deceased", "feb29", "birthday-in-0". */
  findPatients(tag: PatientTag, practiceGroup?: number): DescribedPatient[];
  /**
   * Patients whose `date_of_birth` is a real YYYY-MM-DD date with the same month and day as `isoDate` (no skip
   * rules applied: inactive, deceased and unreachable patients are included; Feb 29 births only match a Feb 29).
   */
  patientsDueOn(isoDate: string, practiceGroup?: number): DescribedPatient[];
  /** "Today" at start-up in a doctor's time zone (practice A's primary doctor when omitted). */
  anchorDate(doctorId?: number | null): string;
}

export function createDrchronoEmulator(options: EmulatorOptions = {}): DrchronoEmulator {
  const seed = options.seed ?? 42;
  const clock = options.now ?? (() => new Date());
  const nowMs = () => clock().getTime();
  const faults = defaultFaults();
  const signer = new TokenSigner(seed);
  const grants = new GrantRegistry();
  const store = new PatientStore({ seed, patients: options.patients ?? 300, anchor: clock() });
  // Tests may replace `emulator.faults` wholesale, so the endpoints read it through a function.
  const deps = { signer, grants, nowMs, faults: () => emulator.faults };
  const oauth = createOAuth({
    ...deps,
    clientId: options.clientId ?? "sandbox-client",
    clientSecret: options.clientSecret ?? "sandbox-secret",
  });
  const api = createApi({ ...deps, store });

  const calls: CallCounter = {
    total: 0,
    byRoute: {},
    reset() {
      calls.total = 0;
      calls.byRoute = {};
    },
  };
  const count = (key: string) => {
    calls.total += 1;
    calls.byRoute[key] = (calls.byRoute[key] ?? 0) + 1;
  };

  /** Faults that stand between the client and drchrono: hangs, 5xx bursts, latency. null = carry on. */
  async function injectFaults(signal: AbortSignal): Promise<Response | null> {
    const f = emulator.faults;
    if (f.hangNext > 0) {
      f.hangNext -= 1;
      const released = await sleep(f.hangMaxMs, signal);
      return released
        ? new Response("<html><body><h1>504 Gateway Time-out</h1></body></html>", {
            status: 504,
            headers: { "content-type": "text/html" },
          })
        : new Response(null, { status: 499 });
    }
    if (f.failNext > 0) {
      f.failNext -= 1;
      // Alternate the two statuses a load balancer in front of drchrono answers with; bodies are not JSON.
      const status = f.failNext % 2 === 0 ? 502 : 503;
      return new Response(
        `<html><body><h1>${status} ${status === 502 ? "Bad Gateway" : "Service Unavailable"}</h1></body></html>`,
        {
          status,
          headers: { "content-type": "text/html" },
        },
      );
    }
    if (f.latencyMs > 0 && !(await sleep(f.latencyMs, signal))) return new Response(null, { status: 499 });
    return null;
  }

  async function handle(request: Request, basePath = ""): Promise<Response> {
    const url = new URL(request.url);
    const base = basePath.replace(/\/$/, "");
    if (base && !url.pathname.startsWith(`${base}/`)) return json(404, { detail: "Not found." });
    const path = url.pathname.slice(base.length) || "/";
    const method = request.method.toUpperCase();

    // The consent page is a browser screen, not an API call: no counting, no faults.
    if (path === "/o/authorize/" || path === "/o/authorize") {
      if (method === "GET") return oauth.authorizePage(url, `${base}/o/authorize/`);
      if (method === "POST") return oauth.authorizeDecision(request);
      return json(405, { detail: `Method "${method}" not allowed.` });
    }

    const endpoint = path.replace(/\/$/, "");
    const oauthEndpoint =
      endpoint === "/o/token" ? oauth.token : endpoint === "/o/revoke_token" ? oauth.revoke : null;
    const route = endpoint.startsWith("/api/") ? api.match(method, endpoint) : null;
    if (!oauthEndpoint && !route) return json(404, { detail: "Not found." });
    count(route ? route.key : `${method} ${endpoint}/`);
    const fault = await injectFaults(request.signal);
    if (fault) return fault;
    if (oauthEndpoint) {
      if (method !== "POST") return json(405, { detail: `Method "${method}" not allowed.` });
      const answer = await oauthEndpoint(request);
      return emulator.faults.strangeRecords && endpoint === "/o/token"
        ? strangely(answer, strangeTokenBody)
        : answer;
    }
    const answer = api.serve(request, route as NonNullable<typeof route>, url);
    return emulator.faults.strangeRecords
      ? strangely(answer, (body) => strangeApiBody(endpoint, body))
      : answer;
  }

  /** Rewrites a successful JSON answer; errors, redirects and non-JSON bodies pass unchanged. */
  async function strangely(answer: Response, rewrite: (body: unknown) => unknown): Promise<Response> {
    if (answer.status !== 200 || !answer.headers.get("content-type")?.includes("application/json"))
      return answer;
    const headers = Object.fromEntries(answer.headers.entries());
    return json(200, rewrite(await answer.json()), headers);
  }

  const groupOrAll = <T>(items: (p: SandboxPractice) => T[], practiceGroup?: number): T[] =>
    PRACTICES.filter((p) => practiceGroup === undefined || p.practiceGroup === practiceGroup).flatMap(items);

  const emulator: DrchronoEmulator = {
    handle,
    faults,
    calls,
    users: SANDBOX_USERS,
    practices: PRACTICES,
    practiceGroups: { a: PRACTICE_A, b: PRACTICE_B },
    doctors: (practiceGroup) => groupOrAll((p) => p.doctors, practiceGroup),
    offices: (practiceGroup) => groupOrAll((p) => p.offices, practiceGroup),
    issueTokens(userId, scopes) {
      if (!SANDBOX_USERS.some((u) => u.id === userId)) throw new Error(`no sandbox user ${userId}`);
      const { access_token, refresh_token, expires_in, scope } = oauth.issue(userId, scopes);
      return { access_token, refresh_token, expires_in, scope };
    },
    revokeTokensOf: (userId) => grants.killUser(userId, nowMs()),
    expireAccessTokens: () => grants.expireAllAccess(nowMs()),
    patient: (id) => store.get(id),
    updatePatient: (id, patch) => store.update(id, patch, nowMs()),
    addPatient: (practiceGroup, fields = {}) => store.add(practiceGroup, fields, nowMs()).id,
    deletePatient: (id) => store.delete(id),
    describePatients: (practiceGroup) => store.describe(practiceGroup),
    findPatients(tag, practiceGroup) {
      const found: DescribedPatient[] = [];
      for (const entry of store.describe(practiceGroup)) if (entry.tags.includes(tag)) found.push(entry);
      return found;
    },
    patientsDueOn(isoDate, practiceGroup) {
      const monthDay = isoDate.slice(4);
      const found: DescribedPatient[] = [];
      for (const entry of store.describe(practiceGroup)) {
        const dob = entry.patient.date_of_birth;
        if (isRealIsoDate(dob) && dob.slice(4) === monthDay) found.push(entry);
      }
      return found;
    },
    anchorDate: (doctorId) =>
      store.anchorDateFor(
        doctorId ?? null,
        PRACTICES.find((p) => p.doctors.some((d) => d.id === doctorId))?.practiceGroup ?? PRACTICE_A,
      ),
  };
  return emulator;
}

export type { ApiDoctor, ApiOffice, ApiUser, SandboxPractice, SandboxUser } from "./practices";
export { startEmulatorServer } from "./server";
export type { ApiPatient, CaseTag, DescribedPatient, FaultKnobs, PatientTag };
