/*
 * Which drchrono permissions a sign-in actually granted. The token's `scope` field is not promised by drchrono and a
 * tester can untick scopes on the consent page, so the truth is what the API answers: 200 means granted,
 * 403 means missing.
 */
import type { DrchronoApi } from "./types";
import { DrchronoError } from "./types";

export const REQUIRED_SCOPES = ["user:read", "patients:read"] as const;
export type RequiredScope = (typeof REQUIRED_SCOPES)[number];

/** Plain words for the missing-permission page: what each permission lets us do, and why we need it. */
export const SCOPE_EXPLANATIONS: Record<string, { label: string; why: string }> = {
  "user:read": {
    label: "Read your user profile, doctors and offices",
    why: "To know your practice, its doctors and the address for the e-mail footer.",
  },
  "patients:read": {
    label: "Read patient records",
    why: "To find birthdays, names and contact details on the day, without storing them.",
  },
};

/** "user:read patients:read" -> ["user:read", "patients:read"]; null when the server said nothing. */
export function parseScopeString(scope: string | undefined | null): string[] | null {
  if (scope === undefined || scope === null) return null;
  // OAuth says space-separated; tolerate commas from servers that join lists differently.
  return [...new Set(scope.split(/[\s,]+/).filter((s) => s !== ""))];
}

export interface GrantedScopes {
  granted: string[];
  /** Required scopes that were not granted, in REQUIRED_SCOPES order. */
  missing: RequiredScope[];
}

/**
 * The scopes a sign-in got, spending only the calls the question needs. user:read is already known from reading
 * the user's profile (403 there means missing). patients:read is missing when the token's `scope` says so;
 * otherwise one probe (`/api/patients?page_size=1`) decides, because a `scope` that lists it does not prove it
 * (the user's in-app permission may still be missing). Any failure other than 403 is thrown: it says nothing about
 * the grant.
 */
export async function establishSignInScopes(input: {
  tokenScope: string | undefined | null;
  userReadable: boolean;
  api: Pick<DrchronoApi, "patientPage">;
}): Promise<GrantedScopes> {
  const fromToken = parseScopeString(input.tokenScope);
  const tokenDeniesPatients = fromToken !== null && !fromToken.includes("patients:read");
  const patientsReadable =
    !tokenDeniesPatients && (await answersOk(() => input.api.patientPage({ pageSize: 1 })));
  const granted: string[] = [];
  if (input.userReadable) granted.push("user:read");
  if (patientsReadable) granted.push("patients:read");
  return establishGrantedScopes(input.tokenScope, { granted, missing: missingOf(granted) });
}

/**
 * Combines the token's `scope` field (when drchrono sent one) with the probe: the probe wins for the scopes it
 * tested, the token's word stands for the others.
 */
export function establishGrantedScopes(
  tokenScope: string | undefined | null,
  probe: GrantedScopes,
): GrantedScopes {
  const fromToken = parseScopeString(tokenScope) ?? [];
  const granted = new Set([...fromToken, ...probe.granted]);
  for (const scope of probe.missing) granted.delete(scope);
  const list = [...granted];
  return { granted: list, missing: missingOf(list) };
}

function missingOf(granted: readonly string[]): RequiredScope[] {
  return REQUIRED_SCOPES.filter((scope) => !granted.includes(scope));
}

async function answersOk(call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return true;
  } catch (error) {
    if (error instanceof DrchronoError && error.code === "forbidden") return false;
    throw error;
  }
}
