/*
 * Typed access to the drchrono API for one access token: the user, the practice's doctors and offices, and its
 * patients streamed page by page. Records are validated at the boundary (records.ts); transport concerns live in
 * http.ts.
 */
import "server-only";
import { createHttp, type HttpOptions } from "./http";
import {
  type Parsed,
  parseDoctor,
  parseOffice,
  parsePage,
  parsePatient,
  parseUser,
  type RecordProblem,
} from "./records";
import type {
  DrchronoApi,
  DrchronoDoctor,
  DrchronoOffice,
  DrchronoUser,
  ParsedPatient,
  PatientListQuery,
} from "./types";
import { DrchronoError } from "./types";

/** drchrono's default and maximum page size. */
export const MAX_PAGE_SIZE = 250;
/** 100,000 patients at 250 a page is 400 pages; far beyond that a listing is looping, not long. */
export const DEFAULT_MAX_PAGES = 2_000;

export interface DrchronoClientOptions extends HttpOptions {
  /** Safety cap on pages followed in one listing. */
  maxPages?: number;
  /** Told about every doctor or office record dropped as malformed (ids and field names only). */
  onRecordProblem?: (kind: "doctor" | "office", problem: RecordProblem) => void;
}

export interface DrchronoClient extends DrchronoApi {
  /** Doctor and office records dropped as malformed so far. */
  readonly droppedRecords: number;
}

export function createDrchronoClient(options: DrchronoClientOptions): DrchronoClient {
  const http = createHttp(options);
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  let droppedRecords = 0;

  /** Every raw item of a listing, page by page; stops with "bad_response" when `next` loops. */
  async function* listItems(firstUrl: string): AsyncGenerator<unknown[]> {
    const seen = new Set<string>();
    let url: string | null = firstUrl;
    let pages = 0;
    while (url !== null) {
      if (++pages > maxPages) {
        throw new DrchronoError("bad_response", `listing exceeded ${maxPages} pages`, undefined, {
          path: pathOf(firstUrl),
        });
      }
      const { body } = await http.getJson(url);
      const page = parsePage(body, pathOf(url));
      yield page.items;
      if (page.next !== null && seen.has(page.next)) {
        throw new DrchronoError("bad_response", "listing repeated a page cursor", undefined, {
          path: pathOf(firstUrl),
        });
      }
      if (page.next !== null) seen.add(page.next);
      url = page.next;
    }
  }

  async function collect<T>(path: string, kind: "doctor" | "office", parse: (raw: unknown) => Parsed<T>) {
    const values: T[] = [];
    for await (const items of listItems(path)) {
      for (const raw of items) {
        const parsed = parse(raw);
        if (parsed.ok) {
          values.push(parsed.value);
        } else {
          droppedRecords += 1;
          options.onRecordProblem?.(kind, { id: parsed.id, problem: parsed.problem });
        }
      }
    }
    return values;
  }

  return {
    async currentUser(): Promise<DrchronoUser> {
      // drchrono answers 302 to /api/users/{id}; http.ts follows it keeping the method and the token.
      const { body } = await http.getJson("/api/users/current");
      return parseUser(body);
    },

    doctors(): Promise<DrchronoDoctor[]> {
      return collect(`/api/doctors?page_size=${MAX_PAGE_SIZE}`, "doctor", parseDoctor);
    },

    offices(): Promise<DrchronoOffice[]> {
      return collect(`/api/offices?page_size=${MAX_PAGE_SIZE}`, "office", parseOffice);
    },

    async *patients(query: PatientListQuery = {}): AsyncGenerator<ParsedPatient> {
      for await (const items of listItems(patientListPath(query))) {
        for (const raw of items) yield parsePatient(raw);
      }
    },

    async patientPage(query, cursor) {
      const url = cursor ?? patientListPath(query);
      const { body } = await http.getJson(url);
      const page = parsePage(body, pathOf(url));
      return { results: page.items.map(parsePatient), next: page.next, previous: page.previous };
    },

    async patient(id: number): Promise<ParsedPatient | null> {
      if (!Number.isSafeInteger(id) || id <= 0) return null;
      const { body } = await http.getJson(`/api/patients/${id}`, { allowNotFound: true });
      return body === null ? null : parsePatient(body);
    },

    get calls() {
      return http.calls;
    },

    get droppedRecords() {
      return droppedRecords;
    },
  };
}

export function patientListPath(query: PatientListQuery): string {
  const params = new URLSearchParams();
  if (query.doctor !== undefined) params.set("doctor", String(query.doctor));
  if (query.since !== undefined) params.set("since", query.since);
  if (query.dateOfBirth !== undefined) params.set("date_of_birth", query.dateOfBirth);
  if (query.firstName !== undefined) params.set("first_name", query.firstName);
  if (query.lastName !== undefined) params.set("last_name", query.lastName);
  const size = query.pageSize ?? MAX_PAGE_SIZE;
  params.set("page_size", String(Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(size)))));
  return `/api/patients?${params}`;
}

/** The path of a path-or-URL, without its query string (queries may carry patient names). */
function pathOf(pathOrUrl: string): string {
  return new URL(pathOrUrl, "http://drchrono.invalid").pathname;
}
