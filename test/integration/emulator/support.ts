import { afterAll } from "vitest";
import {
  createDrchronoEmulator,
  type DrchronoEmulator,
  type EmulatorOptions,
  startEmulatorServer,
} from "@/sandbox/drchrono";

/** A mutable clock for the emulator, so tests can move time (token expiry, the hourly rate-limit reset). */
export function testClock(iso: string) {
  let current = new Date(iso);
  return {
    now: () => current,
    set(next: string) {
      current = new Date(next);
    },
    advance(ms: number) {
      current = new Date(current.getTime() + ms);
    },
  };
}

export interface RunningEmulator {
  emulator: DrchronoEmulator;
  url: string;
  /** GET an API path (or absolute URL) with a bearer token, without following redirects. */
  get(pathOrUrl: string, token?: string, init?: RequestInit): Promise<Response>;
  /** POST a form to an OAuth endpoint. */
  postForm(path: string, fields: Record<string, string | string[]>): Promise<Response>;
}

/** Starts an emulator on a random port for the current test file; closed after the file. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const emulator = createDrchronoEmulator(options);
  const server = await startEmulatorServer(emulator);
  afterAll(() => server.close());
  return {
    emulator,
    url: server.url,
    get: (pathOrUrl, token, init = {}) =>
      fetch(pathOrUrl.startsWith("http") ? pathOrUrl : `${server.url}${pathOrUrl}`, {
        redirect: "manual",
        ...init,
        headers: token ? { authorization: `Bearer ${token}` } : {},
      }),
    postForm: (path, fields) => {
      const body = new URLSearchParams();
      for (const [key, value] of Object.entries(fields)) {
        for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
      }
      return fetch(`${server.url}${path}`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body,
      });
    },
  };
}

export const CLIENT = { client_id: "sandbox-client", client_secret: "sandbox-secret" };
export const REDIRECT_URI = "http://localhost:3000/api/auth/callback/drchrono";
export const DOCTOR_A = 4101;
export const SECOND_DOCTOR_A = 4102;
export const STAFF_A = 4103;
export const DOCTOR_B = 4201;
export const READ_SCOPES = ["user:read", "patients:read"];
