import type { Doctor, PatientRecord } from "@/lib/greetings/types";

/** GET /api/users/current, after following drchrono's 302 to /api/users/{id}. */
export interface DrchronoUser {
  id: number;
  username: string;
  /** For a doctor their own id; for staff their primary physician. */
  doctor: number | null;
  practiceGroup: number;
  isDoctor: boolean;
}

export interface DrchronoDoctor extends Doctor {
  practiceGroupName: string | null;
  email: string | null;
  officePhone: string | null;
}

export interface DrchronoOffice {
  id: number;
  doctor: number | null;
  address: string | null;
  city: string | null;
  state: string | null;
  zipCode: string | null;
  archived: boolean;
}

/** A patient record either parsed, or classified as malformed (never thrown). */
export type ParsedPatient =
  | { ok: true; patient: PatientRecord; updatedAt: string | null }
  | { ok: false; id: number | null; problem: string };

export interface PatientListQuery {
  doctor?: number;
  /** drchrono's `since` filter (records changed since); the client sends it as given. */
  since?: string;
  dateOfBirth?: string;
  firstName?: string;
  lastName?: string;
  pageSize?: number;
}

/** Typed access to the drchrono API for one access token. */
export interface DrchronoApi {
  currentUser(): Promise<DrchronoUser>;
  doctors(): Promise<DrchronoDoctor[]>;
  offices(): Promise<DrchronoOffice[]>;
  /** Streams every matching patient, following `next` until null; memory stays flat. */
  patients(query?: PatientListQuery): AsyncIterable<ParsedPatient>;
  /** One page of patients, for paged UI lists; `cursor` is the opaque `next` URL of the previous page. */
  patientPage(
    query: PatientListQuery,
    cursor?: string,
  ): Promise<{ results: ParsedPatient[]; next: string | null; previous: string | null }>;
  /** null when drchrono answers 404 (the patient is gone). */
  patient(id: number): Promise<ParsedPatient | null>;
  /** API calls made through this client so far. */
  readonly calls: number;
}

export type DrchronoErrorCode =
  | "unauthorized" // 401: token expired, superseded or revoked
  | "forbidden" // 403: scope or in-app permission missing
  | "not_found"
  | "rate_limited" // 429 after retries ran out
  | "unavailable" // 5xx or timeouts after retries ran out
  | "budget_exhausted" // the shared hourly call budget is spent, or paused after drchrono's 429
  | "budget_reserved" // a dashboard look-up refused: the calls left are kept for today's greetings
  | "bad_response";

/** Extra facts about a failed call; never a token, a query string or patient data. */
export interface DrchronoErrorDetails {
  /** The API path that failed, without its query string (queries may carry names). */
  path?: string;
  /** For "rate_limited"/"budget_exhausted": how long drchrono (or our budget) says to wait. */
  waitMs?: number;
}

export class DrchronoError extends Error {
  readonly path?: string;
  readonly waitMs?: number;

  constructor(
    readonly code: DrchronoErrorCode,
    message: string,
    readonly status?: number,
    details: DrchronoErrorDetails = {},
  ) {
    super(message);
    this.name = "DrchronoError";
    this.path = details.path;
    this.waitMs = details.waitMs;
  }
}
