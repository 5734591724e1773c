import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { findPracticeDoctorEmail } from "@/db/queries/admin";
import { createTestDatabase, testDrivers } from "@/db/testing";
import { type NotificationDeps, notifyPractice, notifySupportOfActivationRequest } from "@/lib/notifications";
import { addDoctor, createAccount, startEmail } from "./fixtures";

const NOW = new Date("2026-03-01T12:00:00Z");

describe.each(testDrivers)("practice and support notifications (%s)", (driver) => {
  let handle: DatabaseHandle;
  let email: Awaited<ReturnType<typeof startEmail>>;
  let deps: NotificationDeps;

  beforeAll(async () => {
    handle = await createTestDatabase(driver);
    email = await startEmail();
    deps = {
      email: email.channel,
      appUrl: "https://greetings.example",
      supportEmail: "support@example.com",
      findDoctorEmail: (accountId) => findPracticeDoctorEmail(handle.db, accountId),
      now: NOW,
    };
  });
  afterAll(async () => {
    await email.server.close();
    await handle.close();
  });
  beforeEach(() => email.server.outbox.clear());

  it("tells support about an activation request, with the practice's contact and a link to the account", async () => {
    const account = await createAccount(handle.db, {
      practiceName: "Maple Clinic",
      contactName: "Jane Doe",
      contactEmail: "jane@maple.example",
      contactPhone: "+1 555 0100",
    });
    const result = await notifySupportOfActivationRequest(account, "Dr Smith", deps);
    expect(result).toMatchObject({ sent: true, to: "support@example.com" });
    const [mail] = email.server.outbox.list();
    expect(mail).toMatchObject({ to: "support@example.com", subject: "Activation requested: Maple Clinic" });
    expect(mail?.text).toContain("jane@maple.example");
    expect(mail?.text).toContain("+1 555 0100");
    expect(mail?.text).toContain(`https://greetings.example/admin/accounts/${account.id}`);
  });

  it("writes to the practice's contact address first", async () => {
    const account = await createAccount(handle.db, { contactEmail: "office@maple.example" });
    await addDoctor(handle.db, account.id, "doctor@maple.example");
    expect(await notifyPractice("activated", account, deps)).toMatchObject({
      sent: true,
      to: "office@maple.example",
    });
    expect(email.server.outbox.list().map((m) => m.to)).toEqual(["office@maple.example"]);
  });

  it("falls back to the doctor's drchrono e-mail when the practice gave no contact", async () => {
    const account = await createAccount(handle.db);
    await addDoctor(handle.db, account.id, "doctor@maple.example");
    const result = await notifyPractice("needs_reauth", account, deps);
    expect(result).toMatchObject({ sent: true, to: "doctor@maple.example" });
    const [mail] = email.server.outbox.list();
    expect(mail?.subject).toContain("sign in again");
    expect(mail?.text).toContain("https://greetings.example/signin");
  });

  it("sends nothing when there is nobody to write to", async () => {
    const account = await createAccount(handle.db);
    await addDoctor(handle.db, account.id, null);
    expect(await notifyPractice("activated", account, deps)).toEqual({ sent: false, reason: "no_recipient" });
    expect(email.server.outbox.size).toBe(0);
  });

  it("sends at most one needs-reauth notice per account and day, however often dispatch notices", async () => {
    const account = await createAccount(handle.db, { contactEmail: "office@maple.example" });
    await notifyPractice("needs_reauth", account, deps);
    await notifyPractice("needs_reauth", account, { ...deps, now: new Date(NOW.getTime() + 3600_000) });
    expect(email.server.outbox.size).toBe(1);
    await notifyPractice("needs_reauth", account, { ...deps, now: new Date(NOW.getTime() + 24 * 3600_000) });
    expect(email.server.outbox.size).toBe(2);
  });

  it("reports a provider outage instead of throwing", async () => {
    const account = await createAccount(handle.db, { contactEmail: "office@maple.example" });
    email.server.resend.failWith("always");
    try {
      expect(await notifyPractice("activated", account, deps)).toMatchObject({
        sent: false,
        reason: "send_failed",
      });
    } finally {
      email.server.resend.reset();
    }
  });
});
