import { describe, expect, it } from "vitest";
import { isSandboxPath } from "@/proxy";
import { assertSandboxMode } from "@/sandbox/mode";

describe("the sandbox switch", () => {
  it("lets the stand-ins exist in sandbox mode only", () => {
    expect(() => assertSandboxMode({ mode: "sandbox" })).not.toThrow();
    expect(() => assertSandboxMode({ mode: "live" })).toThrow(
      "The sandbox stand-ins do not exist in live mode",
    );
  });

  it.each([
    ["/sandbox", true],
    ["/sandbox/outbox", true],
    ["/sandbox/drchrono/o/token/", true],
    ["/sandbox/twilio/2010-04-01/Accounts/AC0/Messages.json", true],
    ["/sandboxes", false],
    ["/dashboard", false],
  ])("treats %s as a sandbox path: %s", (path, expected) => {
    expect(isSandboxPath(path)).toBe(expected);
  });
});
