import { describe, expect, it } from "vitest";
import { adminSignInHint } from "@/lib/admin/sign-in-hint";

describe("support's sign-in page without ADMIN_EMAILS", () => {
  it("in sandbox mode says how to set it", () => {
    expect(adminSignInHint({ mode: "sandbox", adminEmails: [] })).toBe(
      "No support addresses are set, so no one can sign in here yet. Set ADMIN_EMAILS to a comma-separated list of addresses and restart, for example: ADMIN_EMAILS=support@example.com npm run dev",
    );
  });

  it("says nothing once an address is set, nor ever in live mode", () => {
    expect(adminSignInHint({ mode: "sandbox", adminEmails: ["support@example.com"] })).toBeNull();
    expect(adminSignInHint({ mode: "live", adminEmails: [] })).toBeNull();
  });
});
