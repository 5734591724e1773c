import { describe, expect, it } from "vitest";
import { sameOriginPath } from "@/lib/auth/callback-url";
import { buildAuthOptions } from "@/lib/auth/options";
import { loadConfig } from "@/lib/env";

const APP_URL = "https://greetings.example";

/*
 * Hostile callback URLs, as the sign-in page receives them (already decoded from the query string), and the exact
 * path we send the browser to. Each stays on APP_URL: either the default page or a path of this site.
 */
const HOSTILE: Array<[string, string]> = [
  ["/\t/evil.example/phish", "/dashboard"], // ?callbackUrl=/%09/evil.example/phish: a browser drops the tab
  ["/%09/evil.example/phish", "/%09/evil.example/phish"], // double-encoded: stays an odd path on this site
  ["/\n/evil.example", "/dashboard"],
  ["/\r\n/evil.example", "/dashboard"],
  [" //evil.example", "/dashboard"],
  ["//evil.example", "/dashboard"],
  ["///evil.example", "/dashboard"],
  ["/\\evil.example", "/dashboard"],
  ["\\\\evil.example", "/dashboard"],
  ["\\/evil.example", "/dashboard"],
  ["/\\/evil.example", "/dashboard"],
  ["/.//evil.example", "/dashboard"],
  ["/dashboard/../..//evil.example", "/dashboard"],
  ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
  ["%2F%2Fevil.example", "/%2F%2Fevil.example"],
  ["https://evil.example/", "/dashboard"],
  ["ftp://evil.example", "/dashboard"],
  ["https://greetings.example.evil.example/", "/dashboard"],
  ["https://greetings.example@evil.example/", "/dashboard"],
  ["//evil.example@greetings.example", "/dashboard"],
  ["https://user:pw@greetings.example/dashboard", "/dashboard"],
  ["http://greetings.example/dashboard/patients", "/dashboard"], // another scheme is another origin
  ["https://greetings.example:8443/", "/dashboard"],
  ["javascript:alert(1)", "/dashboard"],
  ["JaVaScRiPt:alert(1)", "/dashboard"],
  ["data:text/html,<script>alert(1)</script>", "/dashboard"],
  ["https:evil.example", "/evil.example"],
  ["evil.example", "/evil.example"],
  ["/\u3000/evil.example", "/%E3%80%80/evil.example"],
];

describe("callback URLs stay on APP_URL", () => {
  it.each(HOSTILE)("%j goes to %j", (value, expected) => {
    expect(sameOriginPath(value, APP_URL)).toBe(expected);
  });

  it.each([
    ["/dashboard/patients?x=1#top", "/dashboard/patients?x=1#top"],
    ["https://greetings.example/dashboard/history?page=2", "/dashboard/history?page=2"],
    ["//greetings.example/dashboard/settings", "/dashboard/settings"],
    [undefined, "/dashboard"],
    ["", "/dashboard"],
  ])("keeps this site's own page %j as %j", (value, expected) => {
    expect(sameOriginPath(value, APP_URL)).toBe(expected);
  });

  it("takes the first of repeated parameters", () => {
    expect(sameOriginPath(["//evil.example", "/dashboard/patients"], APP_URL)).toBe("/dashboard");
    expect(sameOriginPath(["/dashboard/patients", "//evil.example"], APP_URL)).toBe("/dashboard/patients");
  });

  it("next-auth's redirect callback sends every hostile value to APP_URL's origin", async () => {
    const options = buildAuthOptions(loadConfig({ NODE_ENV: "test", APP_URL }));
    const redirect = options.callbacks?.redirect;
    if (!redirect) throw new Error("no redirect callback");
    for (const [value, expected] of HOSTILE) {
      expect(await redirect({ url: value, baseUrl: "https://attacker-controlled-host.example" })).toBe(
        `${APP_URL}${expected}`,
      );
    }
    expect(await redirect({ url: "/", baseUrl: APP_URL })).toBe(`${APP_URL}/`);
  });
});
