import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { accounts, doctors, greetingTemplates } from "@/db/schema";
import { testDrivers } from "@/db/testing";
import { runDispatch } from "@/lib/dispatch/run";
import { parsePatient } from "@/lib/drchrono/records";
import { languageOf } from "@/lib/greetings";
import { createDispatchWorld, type DispatchWorld } from "@/sandbox/world";
import { expectedGreetings, settingsOf } from "./support";

// 12:00 in New York (EDT), where practice A's primary doctor is: inside sending hours.
const NOON_NY = new Date("2026-03-10T16:00:00Z");
const TODAY = "2026-03-10";

describe.each(testDrivers)("greetings in the practice's words (%s)", (driver) => {
  let world: DispatchWorld;
  afterEach(async () => {
    await world?.close();
  });

  it("each greeting uses the practice's wording in the patient's language, signed as the practice set it", async () => {
    world = await createDispatchWorld({ driver, now: NOON_NY });
    const group = world.emulator.practiceGroups.a;
    const account = await world.addPractice({ practiceGroup: group, channelMode: "both", smsConsent: true });
    const practice = world.emulator.practices.find((p) => p.practiceGroup === group);
    if (!practice) throw new Error("no practice A");
    await world.db.insert(greetingTemplates).values([
      {
        accountId: account.id,
        language: "en",
        body: "Happy birthday from {doctor}!\n\n{practice}",
        updatedBy: "test",
      },
      {
        accountId: account.id,
        language: "es",
        body: "¡Feliz cumpleaños de parte de {doctor}!",
        updatedBy: "test",
      },
    ]);
    await world.db.insert(doctors).values(
      practice.doctors.map((d) => ({
        accountId: account.id,
        doctorId: d.id,
        signOff: `Doctor ${d.id}`,
        signOffEs: `Doctora ${d.id}`,
      })),
    );
    const expected = expectedGreetings(world, group, TODAY, settingsOf(account));
    const charts = new Map(
      [...world.emulator.describePatients(group)].flatMap(({ patient }) => {
        const parsed = parsePatient(patient);
        return parsed.ok ? [[parsed.patient.id, parsed.patient] as const] : [];
      }),
    );

    await runDispatch(world.deps(), { now: world.now(), trigger: "cli" });

    const emails = world.providers.outbox.list({ channel: "email" });
    const texts = world.providers.outbox.list({ channel: "sms" });
    expect(emails.length + texts.length).toBeGreaterThan(3);
    let spanish = 0;
    for (const [patientId, decision] of expected) {
      const chart = charts.get(patientId);
      if (!chart?.doctorId) throw new Error(`patient ${patientId} has no doctor`);
      const es = languageOf(chart.preferredLanguage) === "es";
      if (es) spanish += 1;
      if (decision.email) {
        const email = emails.find((e) => e.to === decision.email);
        const words = email?.text?.split("\n--\n")[0];
        expect(words).toBe(
          es
            ? `¡Feliz cumpleaños de parte de Doctora ${chart.doctorId}!\n`
            : `Happy birthday from Doctor ${chart.doctorId}!\n\n${account.practiceName}\n`,
        );
      }
      if (decision.phone) {
        const sms = texts.find((t) => t.to === decision.phone);
        expect(sms?.body).toBe(
          es
            ? `¡Feliz cumpleaños de parte de Doctora ${chart.doctorId}! Responda STOP para darse de baja`
            : `Happy birthday from Doctor ${chart.doctorId}! ${account.practiceName} Reply STOP to opt out`,
        );
      }
    }
    expect(spanish).toBeGreaterThan(0);
  }, 120_000);

  it("when the practice signs, our wording is signed by the care team", async () => {
    world = await createDispatchWorld({ driver, now: NOON_NY });
    const group = world.emulator.practiceGroups.a;
    const account = await world.addPractice({ practiceGroup: group });
    await world.db.update(accounts).set({ signOff: "practice" }).where(eq(accounts.id, account.id));
    const expected = expectedGreetings(world, group, TODAY, settingsOf(account));

    await runDispatch(world.deps(), { now: world.now(), trigger: "cli" });

    const emails = world.providers.outbox.list({ channel: "email" });
    expect(emails).toHaveLength(expected.size);
    for (const email of emails) {
      const signature = email.text?.split("\n--\n")[0]?.split("\n\n")[2];
      expect([
        `Warm wishes,\nYour care team at ${account.practiceName}\n`,
        `Con nuestros mejores deseos,\nSu equipo de atención médica de ${account.practiceName}\n`,
      ]).toContain(signature);
    }
  }, 120_000);
});
