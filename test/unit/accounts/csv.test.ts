import { describe, expect, it } from "vitest";
import { csvCell, csvLine } from "@/lib/accounts/csv";

describe("CSV export cells", () => {
  it("leaves plain values alone", () => {
    expect(csvLine(["2026-03-01", 1234, "email", "sent"])).toBe("2026-03-01,1234,email,sent\r\n");
  });

  it("quotes commas, quotes and line breaks", () => {
    expect(csvCell('Smith, "Jr"')).toBe('"Smith, ""Jr"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
  });

  it.each(['=HYPERLINK("http://x")', "+1 555", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"])(
    "neutralises the formula %j with a leading apostrophe",
    (value) => {
      const cell = csvCell(value);
      expect(cell.replace(/^"/, "").startsWith("'")).toBe(true);
    },
  );

  it("keeps negative numbers as numbers and empty values empty", () => {
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
  });
});
