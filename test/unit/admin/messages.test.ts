import { describe, expect, it } from "vitest";
import {
  greetingLine,
  renderActivationRequest,
  renderAdminSignIn,
  renderEmailPausedForPractice,
  renderPracticeNotice,
} from "@/lib/notifications/messages";

const practice = {
  practiceName: "Maple <Family> Clinic",
  contactName: "Jane Doe",
  appUrl: "https://greetings.example",
  supportEmail: "support@example.com",
};

describe("how a notice greets its reader", () => {
  it.each([
    ["Eleanor Hayes, MD", "Hello Dr. Hayes,"],
    ["Eleanor Hayes, M.D.", "Hello Dr. Hayes,"],
    ["Samuel Okafor, DO", "Hello Dr. Okafor,"],
    ["Dr Eleanor Hayes", "Hello Dr. Hayes,"],
    ["Dr. Marcus Delgado", "Hello Dr. Delgado,"],
    ["Ana María López-García, MD, PhD", "Hello Dr. López-García,"],
    ["Jordan Rivera", "Hello Jordan,"],
    ["  jordan  ", "Hello jordan,"],
    ["Pat Lee, RN", "Hello Pat,"],
    ["Dr.", "Hello,"],
    ["", "Hello,"],
    [null, "Hello,"],
  ])("%j -> %s", (name, line) => {
    expect(greetingLine(name)).toBe(line);
  });
});

describe("operational e-mails", () => {
  it("tell the practice it is active, with a link to its dashboard, in text and escaped HTML", () => {
    const mail = renderPracticeNotice("activated", practice);
    expect(mail.subject).toBe("Birthday greetings are active for Maple <Family> Clinic");
    expect(mail.text.split("\n")[0]).toBe("Hello Jane,");
    expect(mail.text).toContain("https://greetings.example/dashboard");
    expect(mail.html).toContain("Maple &lt;Family&gt; Clinic");
    expect(mail.html).not.toContain("<Family>");
    expect(mail.html).toContain('href="https://greetings.example/dashboard"');
  });

  it("ask the practice to sign in again when drchrono access stopped working", () => {
    const mail = renderPracticeNotice("needs_reauth", { ...practice, contactName: null });
    expect(mail.subject).toContain("sign in again");
    expect(mail.text.startsWith("Hello,")).toBe(true);
    expect(mail.text).toContain("https://greetings.example/signin");
    expect(mail.text).toContain("no greetings are sent");
  });

  it("greet a doctor as Dr. in every notice to the practice, never by name and degree", () => {
    const doctor = { ...practice, contactName: "Eleanor Hayes, MD" };
    const paused = renderEmailPausedForPractice({
      ...doctor,
      reason: "3 of 60 e-mails bounced in the last 30 days",
      adminUrl: "https://greetings.example/admin/accounts/1",
    });
    for (const mail of [
      renderPracticeNotice("activated", doctor),
      renderPracticeNotice("needs_reauth", doctor),
      paused,
    ]) {
      expect(mail.text.split("\n")[0]).toBe("Hello Dr. Hayes,");
      expect(mail.html).toContain("<p>Hello Dr. Hayes,</p>");
    }
    expect(paused.text.split("\n")[2]).toBe(
      "E-mail birthday greetings for Maple <Family> Clinic are paused: 3 of 60 e-mails bounced in the last 30 days.",
    );
  });

  it("give support the practice's contact details and a link to the account", () => {
    const mail = renderActivationRequest({
      practiceName: "Maple Clinic",
      requestedBy: "drsmith",
      contactName: "Jane Doe",
      contactEmail: "jane@maple.example",
      contactPhone: null,
      adminUrl: "https://greetings.example/admin/accounts/1",
    });
    expect(mail.subject).toBe("Activation requested: Maple Clinic");
    expect(mail.text).toContain("requested by drsmith");
    expect(mail.text).toContain("E-mail: jane@maple.example");
    expect(mail.text).toContain("Phone: not given");
    expect(mail.text).toContain("https://greetings.example/admin/accounts/1");
  });

  it("carry the magic link and its expiry", () => {
    const link = "https://greetings.example/admin/callback?token=abc_DEF-123";
    const mail = renderAdminSignIn(link, 15);
    expect(mail.text).toContain(link);
    expect(mail.text).toContain("expires in 15 minutes");
    expect(mail.html).toContain(`href="${link}"`);
  });
});
