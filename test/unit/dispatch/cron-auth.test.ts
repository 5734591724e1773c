import { describe, expect, it } from "vitest";
import { isAuthorizedCron } from "@/lib/dispatch/cron";

const secret = "a-cron-secret-of-enough-length";
const request = (authorization?: string) =>
  new Request("http://localhost/api/cron/dispatch", { headers: authorization ? { authorization } : {} });

describe("isAuthorizedCron", () => {
  it("accepts exactly the bearer secret", () => {
    expect(isAuthorizedCron(request(`Bearer ${secret}`), secret)).toBe(true);
  });

  it("refuses a missing, wrong, prefixed or differently sized header", () => {
    expect(isAuthorizedCron(request(), secret)).toBe(false);
    expect(isAuthorizedCron(request(`Bearer ${secret}x`), secret)).toBe(false);
    expect(isAuthorizedCron(request(secret), secret)).toBe(false);
    expect(isAuthorizedCron(request("Bearer "), secret)).toBe(false);
  });
});
