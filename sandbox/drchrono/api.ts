import { isRealIsoDate, parseSince } from "./dates";
import { type FaultKnobs, HourlyLimiter } from "./faults";
import { json, redirect } from "./http";
import { arraySource, cursorUrl, decodeCursor, type PageSource, pageSizeFrom, paginate } from "./paging";
import type { ApiPatient } from "./patient-record";
import type { PatientStore } from "./patient-store";
import { practiceOf, SANDBOX_USERS, type SandboxUser, toApiUser, userById } from "./practices";
import type { GrantRegistry, TokenSigner, VerifiedToken } from "./tokens";

/**
 * The `/api/*` resources. Errors mirror Django REST framework as drchrono runs it: authentication first (401),
 * then permissions (403), then throttling (429), then the view (404 for objects outside the caller's practice).
 */

export interface ApiDeps {
  store: PatientStore;
  signer: TokenSigner;
  grants: GrantRegistry;
  faults: () => FaultKnobs;
  nowMs: () => number;
}

const NOT_PROVIDED = { detail: "Authentication credentials were not provided." };
const INVALID_TOKEN = { detail: "Invalid token." };
const FORBIDDEN = { detail: "You do not have permission to perform this action." };
const NOT_FOUND = { detail: "Not found." };

interface Caller {
  user: SandboxUser;
  token: VerifiedToken;
}

interface Route {
  /** The counter key, e.g. "GET /api/patients/{id}". */
  key: string;
  scope: "user:read" | "patients:read";
  /** In-app permission the user must hold as well. */
  permission?: string;
  serve(caller: Caller, url: URL): Response;
}

export function createApi(deps: ApiDeps) {
  const limiter = new HourlyLimiter();

  function authenticate(request: Request): Caller | Response {
    const header = request.headers.get("authorization") ?? "";
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) return json(401, NOT_PROVIDED, { "www-authenticate": 'Bearer realm="api"' });
    const token = deps.signer.verify(match[1], "access");
    const user = token ? userById(token.userId) : undefined;
    if (!token || !user || deps.grants.isDead(token) || deps.grants.isAccessExpired(token, deps.nowMs())) {
      return json(401, INVALID_TOKEN, { "www-authenticate": 'Bearer realm="api", error="invalid_token"' });
    }
    deps.grants.remember(user.id, token.grantId);
    return { user, token };
  }

  function listing<T extends { id: number }>(
    url: URL,
    source: PageSource<T>,
    afterPage?: (page: T[]) => void,
  ) {
    const cursor = decodeCursor(url.searchParams.get("cursor"));
    if (cursor === null) return json(404, { detail: "Invalid cursor" });
    const page = paginate(source, pageSizeFrom(url.searchParams), cursor);
    if (page.next && afterPage) afterPage(page.results);
    return json(200, {
      previous: cursorUrl(url, page.previous),
      results: page.results,
      next: cursorUrl(url, page.next),
    });
  }

  function patientsOf(caller: Caller, url: URL): Response {
    const filter = patientFilter(url.searchParams);
    if ("error" in filter) return json(400, filter.error);
    const group = caller.user.practiceGroup;
    const source: PageSource<ApiPatient> = {
      ascending: (after) => deps.store.ascending(group, after),
      descending: (before) => deps.store.descending(group, before),
      matches: filter.matches,
    };
    return listing(url, source, (page) => {
      if (deps.faults().mutateDuringPaging) mutateAfter(group, page, filter);
    });
  }

  /** The "busy practice" fault: a patient on a later page is edited and a new patient arrives mid-listing. */
  function mutateAfter(group: number, page: ApiPatient[], filter: PatientFilter): void {
    const lastId = page[page.length - 1]?.id ?? 0;
    const now = deps.nowMs();
    for (const later of deps.store.ascending(group, lastId)) {
      if (!filter.matches(later)) continue;
      deps.store.update(later.id, { nick_name: later.nick_name }, now);
      break;
    }
    const doctor = filter.doctor ?? practiceOf(group)?.primaryDoctorId ?? null;
    deps.store.add(group, { doctor }, now);
  }

  const routes: { pattern: RegExp; route: (id: number | null) => Route }[] = [
    {
      pattern: /^\/api\/users\/current$/,
      route: () => ({
        key: "GET /api/users/current",
        scope: "user:read",
        serve: (caller, url) => redirect(`${basePathOf(url)}/api/users/${caller.user.id}`),
      }),
    },
    {
      pattern: /^\/api\/users\/(\d+)$/,
      route: (id) => ({
        key: "GET /api/users/{id}",
        scope: "user:read",
        serve: (caller) => {
          const user = SANDBOX_USERS.find(
            (u) => u.id === id && u.practiceGroup === caller.user.practiceGroup,
          );
          return user ? json(200, toApiUser(user)) : json(404, NOT_FOUND);
        },
      }),
    },
    {
      pattern: /^\/api\/users$/,
      route: () => ({
        key: "GET /api/users",
        scope: "user:read",
        serve: (caller, url) =>
          listing(
            url,
            arraySource(
              SANDBOX_USERS.filter((u) => u.practiceGroup === caller.user.practiceGroup).map(toApiUser),
            ),
          ),
      }),
    },
    {
      pattern: /^\/api\/doctors$/,
      route: () => ({
        key: "GET /api/doctors",
        scope: "user:read",
        serve: (caller, url) =>
          listing(url, arraySource(practiceOf(caller.user.practiceGroup)?.doctors ?? [])),
      }),
    },
    {
      pattern: /^\/api\/doctors\/(\d+)$/,
      route: (id) => ({
        key: "GET /api/doctors/{id}",
        scope: "user:read",
        serve: (caller) => {
          const doctor = practiceOf(caller.user.practiceGroup)?.doctors.find((d) => d.id === id);
          return doctor ? json(200, doctor) : json(404, NOT_FOUND);
        },
      }),
    },
    {
      pattern: /^\/api\/offices$/,
      route: () => ({
        key: "GET /api/offices",
        scope: "user:read",
        serve: (caller, url) => {
          const doctor = url.searchParams.get("doctor");
          return listing(
            url,
            arraySource(
              practiceOf(caller.user.practiceGroup)?.offices ?? [],
              (o) => !doctor || String(o.doctor) === doctor,
            ),
          );
        },
      }),
    },
    {
      pattern: /^\/api\/offices\/(\d+)$/,
      route: (id) => ({
        key: "GET /api/offices/{id}",
        scope: "user:read",
        serve: (caller) => {
          const office = practiceOf(caller.user.practiceGroup)?.offices.find((o) => o.id === id);
          return office ? json(200, office) : json(404, NOT_FOUND);
        },
      }),
    },
    {
      pattern: /^\/api\/patients$/,
      route: () => ({
        key: "GET /api/patients",
        scope: "patients:read",
        permission: "manage-patients",
        serve: patientsOf,
      }),
    },
    {
      pattern: /^\/api\/patients\/(\d+)$/,
      route: (id) => ({
        key: "GET /api/patients/{id}",
        scope: "patients:read",
        permission: "manage-patients",
        serve: (caller) => {
          const patient = id === null ? undefined : deps.store.get(id);
          const group = id === null ? undefined : deps.store.practiceGroupOf(id);
          return patient && group === caller.user.practiceGroup ? json(200, patient) : json(404, NOT_FOUND);
        },
      }),
    },
  ];

  /** Finds the route for an /api path (without base path or trailing slash). */
  function match(method: string, path: string): Route | null {
    if (method !== "GET") return null;
    for (const { pattern, route } of routes) {
      const m = pattern.exec(path);
      if (m) return route(m[1] === undefined ? null : Number(m[1]));
    }
    return null;
  }

  function serve(request: Request, route: Route, url: URL): Response {
    const caller = authenticate(request);
    if (caller instanceof Response) return caller;
    if (!caller.token.scopes.includes(route.scope)) return json(403, FORBIDDEN);
    if (route.permission && !caller.user.permissions.includes(route.permission)) return json(403, FORBIDDEN);
    const limit = deps.faults().rateLimitPerHour;
    if (limit !== null) {
      const verdict = limiter.take(caller.token.grantId, limit, deps.nowMs());
      if (!verdict.allowed) {
        const headers: Record<string, string> = deps.faults().retryAfterHeader
          ? { "retry-after": String(verdict.waitSeconds) }
          : {};
        return json(
          429,
          { detail: `Request was throttled. Expected available in ${verdict.waitSeconds} seconds.` },
          headers,
        );
      }
    }
    return route.serve(caller, url);
  }

  return { match, serve };
}

/** The base path the request came through, recovered from the URL (everything before "/api/"). */
function basePathOf(url: URL): string {
  const at = url.pathname.indexOf("/api/");
  return at > 0 ? url.pathname.slice(0, at) : "";
}

interface PatientFilter {
  doctor: number | null;
  matches(patient: ApiPatient): boolean;
}

function patientFilter(params: URLSearchParams): PatientFilter | { error: Record<string, string[]> } {
  const checks: ((p: ApiPatient) => boolean)[] = [];
  const doctorParam = params.get("doctor");
  let doctor: number | null = null;
  if (doctorParam !== null && doctorParam !== "") {
    if (!/^\d+$/.test(doctorParam)) return { error: { doctor: ["Enter a number."] } };
    doctor = Number(doctorParam);
    checks.push((p) => p.doctor === doctor);
  }
  const since = params.get("since");
  if (since) {
    const sinceMs = parseSince(since);
    if (Number.isNaN(sinceMs)) return { error: { since: ["Enter a valid date/time."] } };
    checks.push((p) => Date.parse(`${p.updated_at}Z`) >= sinceMs);
  }
  const dob = params.get("date_of_birth");
  if (dob) {
    if (!isRealIsoDate(dob)) return { error: { date_of_birth: ["Enter a valid date."] } };
    checks.push((p) => p.date_of_birth === dob);
  }
  for (const field of ["first_name", "last_name"] as const) {
    const prefix = params.get(field)?.toLowerCase();
    if (prefix) checks.push((p) => p[field].toLowerCase().startsWith(prefix));
  }
  const email = params.get("email")?.toLowerCase();
  if (email) checks.push((p) => p.email.toLowerCase() === email);
  for (const field of ["gender", "chart_id", "preferred_language"] as const) {
    const value = params.get(field);
    if (value) checks.push((p) => p[field] === value);
  }
  return { doctor, matches: (p) => checks.every((check) => check(p)) };
}
