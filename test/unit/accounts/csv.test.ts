import { describe, expect, it } from "vitest";
import { csvCell, csvLine, HISTORY_CSV_HEADER, historyCsvCells } from "@/lib/accounts/csv";

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

describe("history export rows", () => {
  const sent = {
    localDate: "2026-03-02",
    patientId: 3,
    channel: "sms",
    status: "sent",
    sentAt: new Date("2026-03-02T14:00:00Z"),
    error: null,
    deliveryStatus: null,
    deliveryStatusAt: null,
    deliveryErrorCode: null,
  };

  it("names the delivery columns after our own", () => {
    expect(csvLine(HISTORY_CSV_HEADER)).toBe(
      "date,drchrono_patient_id,channel,status,sent_at,error,delivery_status,delivery_reason," +
        "delivery_status_changed_at\r\n",
    );
  });

  it("adds what the provider reported, in plain words, and when", () => {
    const row = {
      ...sent,
      deliveryStatus: "undelivered",
      deliveryStatusAt: new Date("2026-03-02T14:00:07Z"),
      deliveryErrorCode: "30003",
    };
    expect(csvLine(historyCsvCells(row))).toBe(
      "2026-03-02,3,sms,sent,2026-03-02T14:00:00.000Z,,Undelivered,the phone is switched off or out of reach," +
        "2026-03-02T14:00:07.000Z\r\n",
    );
    const bounced = {
      ...row,
      channel: "email",
      deliveryStatus: "bounced",
      deliveryErrorCode: "Permanent/General",
    };
    expect(csvLine(historyCsvCells(bounced))).toBe(
      "2026-03-02,3,email,sent,2026-03-02T14:00:00.000Z,,Bounced,the e-mail address does not exist or refuses " +
        "mail; correct it on the chart in drchrono,2026-03-02T14:00:07.000Z\r\n",
    );
  });

  it("leaves the delivery columns empty before the provider reports anything", () => {
    expect(csvLine(historyCsvCells(sent))).toBe("2026-03-02,3,sms,sent,2026-03-02T14:00:00.000Z,,,,\r\n");
  });
});
