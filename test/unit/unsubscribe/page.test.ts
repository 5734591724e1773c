import { describe, expect, it } from "vitest";
import { renderUnsubscribePage } from "@/lib/unsubscribe/page";

const done = (practicePhone: string | null) => ({
  kind: "done" as const,
  practiceName: "Maple Street Family Medicine",
  practicePhone,
});

describe("the unsubscribe confirmation's way back", () => {
  it("gives the practice's number as written, as a link that dials it, in the patient's language", () => {
    expect(renderUnsubscribePage(done("(212) 555-0100"), "es")).toContain(
      '<p class="muted">¿Cambió de opinión? Llame al consultorio al <a href="tel:+12125550100">(212) 555-0100</a>.</p>',
    );
    expect(renderUnsubscribePage(done("212.555.0100"), "en")).toContain(
      '<p class="muted">Changed your mind? Please call the practice at <a href="tel:+12125550100">212.555.0100</a>.</p>',
    );
  });

  it("shows a number it cannot dial as plain, escaped text", () => {
    expect(renderUnsubscribePage(done("front desk <ext 5>"), "en")).toContain(
      '<p class="muted">Changed your mind? Please call the practice at front desk &lt;ext 5&gt;.</p>',
    );
  });

  it("asks to contact the practice when its number is unknown", () => {
    expect(renderUnsubscribePage(done(null), "es")).toContain(
      '<p class="muted">¿Cambió de opinión? Comuníquese con el consultorio.</p>',
    );
  });
});
