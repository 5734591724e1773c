import { describe, expect, it } from "vitest";
import {
  establishGrantedScopes,
  parseScopeString,
  REQUIRED_SCOPES,
  SCOPE_EXPLANATIONS,
} from "@/lib/drchrono/scopes";

describe("parseScopeString", () => {
  it("splits drchrono's space-separated scope list", () => {
    expect(parseScopeString("user:read patients:read")).toEqual(["user:read", "patients:read"]);
    expect(parseScopeString("  user:read,patients:read  user:read")).toEqual(["user:read", "patients:read"]);
    expect(parseScopeString("")).toEqual([]);
  });

  it("says null when the token response carried no scope", () => {
    expect(parseScopeString(undefined)).toBeNull();
    expect(parseScopeString(null)).toBeNull();
  });
});

describe("establishGrantedScopes", () => {
  it("trusts the probe over the token's word", () => {
    const result = establishGrantedScopes("user:read patients:read", {
      granted: ["user:read"],
      missing: ["patients:read"],
    });
    expect(result).toEqual({ granted: ["user:read"], missing: ["patients:read"] });
  });

  it("counts a scope the probe proved even when the token did not list it", () => {
    const result = establishGrantedScopes(undefined, {
      granted: ["user:read", "patients:read"],
      missing: [],
    });
    expect(result.missing).toEqual([]);
  });

  it("keeps extra scopes the token lists, and never mistakes patients:summary:read for patients:read", () => {
    const result = establishGrantedScopes("patients:summary:read calendar:read", {
      granted: ["user:read"],
      missing: ["patients:read"],
    });
    expect(result.granted).toEqual(["patients:summary:read", "calendar:read", "user:read"]);
    expect(result.missing).toEqual(["patients:read"]);
  });
});

describe("SCOPE_EXPLANATIONS", () => {
  it("explains every required scope in plain words", () => {
    for (const scope of REQUIRED_SCOPES) {
      expect(SCOPE_EXPLANATIONS[scope]?.label).toBeTruthy();
      expect(SCOPE_EXPLANATIONS[scope]?.why).toMatch(/^To /);
    }
  });
});
