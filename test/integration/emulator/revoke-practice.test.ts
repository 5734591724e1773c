import { describe, expect, it } from "vitest";
import { revokePracticeAccess } from "@/sandbox/fault-control";
import { startEmulator, testClock } from "./support";

/* The sandbox's "revoke the practice's token" knob, against the running emulator. */

const READ_SCOPES = ["user:read", "patients:read"];

const clock = testClock("2026-12-01T17:00:00Z");
const { emulator, get } = await startEmulator({ now: clock.now });

describe("revoking a practice's drchrono access in the sandbox", () => {
  const userOf = (group: number) => emulator.users.find((u) => u.practiceGroup === group)?.id as number;

  it("ends every grant of that practice and no other; a new sign-in works again", async () => {
    const { a, b } = emulator.practiceGroups;
    const practiceA = emulator.issueTokens(userOf(a), READ_SCOPES);
    const practiceB = emulator.issueTokens(userOf(b), READ_SCOPES);
    clock.advance(1);

    expect(revokePracticeAccess(emulator, a)).toBe(
      emulator.users.filter((u) => u.practiceGroup === a).length,
    );

    expect((await get("/api/doctors", practiceA.access_token)).status).toBe(401);
    expect((await get("/api/doctors", practiceB.access_token)).status).toBe(200);
    clock.advance(1);
    const again = emulator.issueTokens(userOf(a), READ_SCOPES);
    expect((await get("/api/doctors", again.access_token)).status).toBe(200);
  });

  it("revokes nothing for a practice group the emulator does not have", () => {
    expect(revokePracticeAccess(emulator, 999_999)).toBe(0);
  });
});
