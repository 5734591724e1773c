import { describe, expect, it } from "vitest";
import { isGsm7, smsLength } from "@/lib/greetings";

describe("smsLength: GSM-7 vs UCS-2 segments", () => {
  it.each([
    ["", "GSM-7", 0, 0],
    ["a".repeat(160), "GSM-7", 160, 1],
    ["a".repeat(161), "GSM-7", 161, 2],
    ["a".repeat(306), "GSM-7", 306, 2],
    ["a".repeat(307), "GSM-7", 307, 3],
    // Extension characters take two septets.
    ["€".repeat(80), "GSM-7", 160, 1],
    ["€".repeat(81), "GSM-7", 162, 2],
    [`${"a".repeat(159)}{`, "GSM-7", 161, 2],
    // é, ñ, ¡, ¿, ü are GSM-7; á, í, ó, ú are not.
    ["¡Feliz cumpleaños! ¿Qué tal? é ü Ñ", "GSM-7", 34, 1],
    ["á".repeat(70), "UCS-2", 70, 1],
    ["á".repeat(71), "UCS-2", 71, 2],
    ["á".repeat(134), "UCS-2", 134, 2],
    ["á".repeat(135), "UCS-2", 135, 3],
    [`${"a".repeat(100)}ó`, "UCS-2", 101, 2],
    // An emoji is two UTF-16 units.
    ["🎂".repeat(35), "UCS-2", 70, 1],
    ["🎂".repeat(36), "UCS-2", 72, 2],
    ["王小明", "UCS-2", 3, 1],
  ])("%j -> %s, %i units, %i segments", (text, encoding, units, segments) => {
    expect(smsLength(text)).toEqual({ encoding, units, segments });
  });

  it.each([
    ["Reply STOP to opt out", true],
    ["Responda STOP para darse de baja", true],
    ["“smart quotes”", false],
    ["María", false],
    ["Zoë", false],
    ["José", true],
  ])("isGsm7(%j) = %s", (text, expected) => {
    expect(isGsm7(text)).toBe(expected);
  });
});
