import { describe, expect, it } from "vitest";
import {
  composeEmail,
  composeSms,
  DEFAULT_WORDING,
  type Doctor,
  doctorSignOff,
  isDefaultWording,
  type PatientRecord,
  type Practice,
  renderWording,
  smsLength,
  tidyWording,
  wordingProblem,
} from "@/lib/greetings";

function patient(overrides: Partial<PatientRecord> = {}): PatientRecord {
  return {
    id: 1001,
    doctorId: 7,
    firstName: "Robert",
    nickName: null,
    lastName: "Lopez",
    dateOfBirth: "1980-06-15",
    email: "bob@example.com",
    cellPhone: "(201) 555-0123",
    homePhone: null,
    status: "A",
    dateOfDeath: null,
    disableSms: false,
    preferredLanguage: "eng",
    hasResponsibleParty: false,
    ...overrides,
  };
}
const raman: Doctor = { id: 7, firstName: "Priya", lastName: "Raman", suffix: "MD", timeZone: null };
const practice: Practice = {
  name: "Maple Family Medicine",
  address: "12 Main Street, Springfield, IL 62701",
};
const unsubscribeUrl = "https://greetings.example.com/unsubscribe/abc123";
const wording = {
  en: "Happy birthday, {first_name}!\n\nAll of us at {practice} wish you a great year.\n{doctor}",
  es: "¡Feliz cumpleaños, {first_name}!\n\nSaludos de {practice}.\n{doctor}",
};

describe("wordingProblem", () => {
  it.each([
    ["Happy birthday, {first_name}! {doctor}, {practice}", null],
    ["Happy birthday!", null],
    ["", "The greeting cannot be empty."],
    [" \n\t ", "The greeting cannot be empty."],
    [
      "Happy birthday {last_name}!",
      "{last_name} is not a placeholder we fill in. Use {first_name}, {doctor} or {practice}.",
    ],
    [
      "You are {age} today",
      "{age} is not a placeholder we fill in. Use {first_name}, {doctor} or {practice}.",
    ],
    [
      "Hi { first_name }",
      "{ first_name } is not a placeholder we fill in. Use {first_name}, {doctor} or {practice}.",
    ],
    [
      "Hi {First_Name}",
      "{First_Name} is not a placeholder we fill in. Use {first_name}, {doctor} or {practice}.",
    ],
    ["Hi {}", "{} is not a placeholder we fill in. Use {first_name}, {doctor} or {practice}."],
    [
      "Hi {first_name",
      "A lone “{” cannot be used: braces only go around {first_name}, {doctor} or {practice}.",
    ],
    ["Hi :-}", "A lone “}” cannot be used: braces only go around {first_name}, {doctor} or {practice}."],
    [
      "Hi {{first_name}}",
      "A lone “{” cannot be used: braces only go around {first_name}, {doctor} or {practice}.",
    ],
    ["x".repeat(600), null],
    ["x".repeat(601), "The greeting can be at most 600 characters (it has 601)."],
  ])("%j -> %j", (body, problem) => {
    expect(wordingProblem(body)).toBe(problem);
  });

  it.each(["en", "es"] as const)("accepts our own %s wording", (language) => {
    expect(wordingProblem(DEFAULT_WORDING[language])).toBe(null);
  });
});

describe("tidyWording", () => {
  it("uses \\n line breaks, drops control characters and trailing spaces, keeps one blank line", () => {
    expect(tidyWording("  Hi {first_name}, \r\n\r\n\r\n\r\nBest\u0007 wishes\u202E\r\n{doctor}\t  \n")).toBe(
      "Hi {first_name},\n\nBest  wishes\n{doctor}",
    );
  });

  it("reads an old Mac line break as a line break, and clears every trailing space of an inner line", () => {
    expect(tidyWording("Hi {first_name}, \t \rBest wishes")).toBe("Hi {first_name},\nBest wishes");
  });
});

describe("renderWording", () => {
  it("replaces each placeholder, every time it appears", () => {
    expect(
      renderWording("{first_name}, {first_name}! {doctor} at {practice}", {
        first_name: "Ana",
        doctor: "Dra. Raman",
        practice: "Maple",
      }),
    ).toBe("Ana, Ana! Dra. Raman at Maple");
  });

  it("never reads a value as wording (no template injection)", () => {
    expect(
      renderWording("Dear {first_name}, from {doctor}", {
        first_name: "{doctor}",
        doctor: "{first_name} {practice}",
        practice: "P",
      }),
    ).toBe("Dear {doctor}, from {first_name} {practice}");
  });

  it("leaves $-patterns in values alone", () => {
    expect(renderWording("Hi {first_name}", { first_name: "$& $1 $$", doctor: "", practice: "" })).toBe(
      "Hi $& $1 $$",
    );
  });
});

describe("DEFAULT_WORDING", () => {
  it.each([
    ["en", "eng"],
    ["es", "spa"],
  ] as const)(
    "is, word for word, the %s greeting a patient gets when the practice saved none",
    (language, code) => {
      const input = {
        patient: patient({ preferredLanguage: code }),
        doctor: raman,
        practice,
        unsubscribeUrl,
      };
      const ours = composeEmail(input);
      expect(composeEmail({ ...input, wording: { [language]: DEFAULT_WORDING[language] } })).toEqual(ours);
      expect(ours.text.split("\n--\n")[0]).toBe(
        {
          en: [
            "Dear Robert,",
            "",
            "Happy birthday! Everyone at Maple Family Medicine is thinking of you today, and we hope the year ahead brings you health, happiness and plenty to celebrate.",
            "",
            "Warm wishes,",
            "Dr. Raman and colleagues",
            "",
          ],
          es: [
            "Hola, Robert:",
            "",
            "¡Feliz cumpleaños! Todo el equipo de Maple Family Medicine piensa en usted hoy, y le deseamos un año lleno de salud, alegría y muchos motivos para celebrar.",
            "",
            "Con nuestros mejores deseos,",
            "Dr. Raman y colegas",
            "",
          ],
        }[language].join("\n"),
      );
    },
  );
});

describe("isDefaultWording", () => {
  it("knows our wording even with Windows line breaks and trailing spaces", () => {
    expect(isDefaultWording("en", `${DEFAULT_WORDING.en.replaceAll("\n", " \r\n")}\n`)).toBe(true);
    expect(isDefaultWording("es", DEFAULT_WORDING.en)).toBe(false);
    expect(isDefaultWording("en", `${DEFAULT_WORDING.en}!`)).toBe(false);
  });
});

describe("doctorSignOff", () => {
  it.each<[string, Partial<Doctor>, "en" | "es", string | null]>([
    ["English default has a period", {}, "en", "Dr. Raman"],
    ["Spanish default", {}, "es", "Dr. Raman"],
    ["the practice's English sign-off", { signOff: "Priya Raman, MD" }, "en", "Priya Raman, MD"],
    ["the practice's Spanish sign-off", { signOffEs: "Dra. Raman" }, "es", "Dra. Raman"],
    ["the Spanish one does not sign English", { signOffEs: "Dra. Raman" }, "en", "Dr. Raman"],
    ["a blank sign-off falls back", { signOff: "  " }, "en", "Dr. Raman"],
    ["ALL-CAPS last name", { lastName: "RAMAN" }, "en", "Dr. Raman"],
    ["no name at all", { lastName: " " }, "en", null],
  ])("%s", (_, change, language, expected) => {
    expect(doctorSignOff({ ...raman, ...change }, language)).toBe(expected);
  });
});

describe("a greeting in the practice's wording", () => {
  it("e-mail: the practice's paragraphs, then our footer and unsubscribe line", () => {
    const email = composeEmail({ patient: patient(), doctor: raman, practice, unsubscribeUrl, wording });
    expect(email.subject).toBe("Happy birthday, Robert! Best wishes from Maple Family Medicine");
    expect(email.text).toBe(
      [
        "Happy birthday, Robert!",
        "",
        "All of us at Maple Family Medicine wish you a great year.",
        "Dr. Raman",
        "",
        "--",
        "Maple Family Medicine",
        "12 Main Street, Springfield, IL 62701",
        "You receive this greeting as a patient of Maple Family Medicine.",
        `Unsubscribe from birthday greetings: ${unsubscribeUrl}`,
        "",
      ].join("\n"),
    );
    expect(email.html).toContain(
      '<p style="font-size:16px;line-height:1.6;margin:0 0 16px;">All of us at Maple Family Medicine wish you a great year.<br>Dr. Raman</p>',
    );
  });

  it("text: the practice's words on one line, then STOP", () => {
    expect(composeSms({ patient: patient(), doctor: raman, practice, wording })).toBe(
      "Happy birthday, Robert! All of us at Maple Family Medicine wish you a great year. Dr. Raman Reply STOP to opt out",
    );
  });

  it("Spanish patients get the Spanish wording, signed as the practice set it", () => {
    const doctor = { ...raman, signOffEs: "Dra. Raman" };
    const spanish = patient({ preferredLanguage: "spa", nickName: "Beto" });
    expect(composeSms({ patient: spanish, doctor, practice, wording })).toBe(
      "¡Feliz cumpleaños, Beto! Saludos de Maple Family Medicine. Dra. Raman Responda STOP para darse de baja",
    );
  });

  it("a language without wording gets ours", () => {
    const sms = composeSms({
      patient: patient({ preferredLanguage: "spa" }),
      doctor: raman,
      practice,
      wording: { en: wording.en },
    });
    expect(sms).toBe(
      "¡Feliz cumpleaños, Robert! Le deseamos un año maravilloso. Con cariño, Dr. Raman y colegas de Maple Family Medicine. Responda STOP para darse de baja",
    );
  });

  it("when the practice signs, {doctor} is the practice's name", () => {
    expect(composeSms({ patient: patient(), doctor: raman, practice, wording, signedBy: "practice" })).toBe(
      "Happy birthday, Robert! All of us at Maple Family Medicine wish you a great year. Maple Family Medicine Reply STOP to opt out",
    );
  });

  it("without a first name, {first_name} is a neutral word, not a gap", () => {
    expect(composeSms({ patient: patient({ firstName: " " }), doctor: raman, practice, wording })).toBe(
      "Happy birthday, friend! All of us at Maple Family Medicine wish you a great year. Dr. Raman Reply STOP to opt out",
    );
    expect(
      composeSms({
        patient: patient({ firstName: "", preferredLanguage: "spa" }),
        doctor: raman,
        practice,
        wording,
      }),
    ).toBe(
      "¡Feliz cumpleaños, paciente! Saludos de Maple Family Medicine. Dr. Raman Responda STOP para darse de baja",
    );
  });

  it("a name with braces, markup or line breaks is inserted as plain text and escaped in HTML", () => {
    const email = composeEmail({
      patient: patient({ firstName: "{doctor}<b>\r\nBcc: x@y.z" }),
      doctor: { ...raman, signOff: "Dr. {practice} & <i>Co</i>" },
      practice,
      unsubscribeUrl,
      wording: { en: "Dear {first_name},\n{doctor}" },
    });
    expect(email.text.split("\n--\n")[0]).toBe("Dear {doctor}<b> Bcc: x@y.z,\nDr. {practice} & <i>Co</i>\n");
    expect(email.html).toContain(
      '<p style="font-size:16px;line-height:1.6;margin:0 0 16px;">Dear {doctor}&lt;b&gt; Bcc: x@y.z,<br>Dr. {practice} &amp; &lt;i&gt;Co&lt;/i&gt;</p>',
    );
  });

  it("a long wording costs several segments, as the editor shows", () => {
    const long = { en: `Happy birthday, {first_name}! ${"We are so glad you are our patient. ".repeat(5)}` };
    const sms = composeSms({ patient: patient(), doctor: raman, practice, wording: long });
    expect(smsLength(sms)).toEqual({ encoding: "GSM-7", units: 225, segments: 2 });
  });
});

describe("the practice signs instead of the doctor (our wording)", () => {
  it("e-mail and text are signed by the care team", () => {
    const input = { patient: patient(), doctor: raman, practice, signedBy: "practice" as const };
    expect(composeSms(input)).toBe(
      "Happy birthday, Robert! Wishing you a wonderful year ahead. From your care team at Maple Family Medicine. Reply STOP to opt out",
    );
    expect(composeEmail({ ...input, unsubscribeUrl }).text.split("\n\n")[2]).toBe(
      "Warm wishes,\nYour care team at Maple Family Medicine",
    );
  });

  it("a Spanish patient's doctor signs with the practice's Spanish sign-off", () => {
    const email = composeEmail({
      patient: patient({ preferredLanguage: "spa" }),
      doctor: { ...raman, signOffEs: "Dra. Raman" },
      practice,
      unsubscribeUrl,
    });
    expect(email.text.split("\n\n")[2]).toBe("Con nuestros mejores deseos,\nDra. Raman y colegas");
  });
});
