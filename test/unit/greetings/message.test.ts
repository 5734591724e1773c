import { describe, expect, it } from "vitest";
import {
  composeEmail,
  composeSms,
  type Doctor,
  languageOf,
  type PatientRecord,
  type Practice,
  SMS_STOP_TEXT,
  smsLength,
  smsSegments,
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
const doctor: Doctor = {
  id: 7,
  firstName: "Jane",
  lastName: "Smith",
  suffix: "MD",
  timeZone: "America/New_York",
};
const practice: Practice = {
  name: "Maple Family Medicine",
  address: "12 Main Street, Springfield, IL 62701",
};
const unsubscribeUrl = "https://greetings.example.com/unsubscribe/abc123";

describe("languageOf", () => {
  it.each([
    ["spa", "es"],
    ["SPA", "es"],
    [" spa ", "es"],
    ["es", "es"],
    ["es-MX", "es"],
    ["eng", "en"],
    ["fra", "en"],
    ["", "en"],
    [null, "en"],
  ])("%j -> %s", (code, language) => {
    expect(languageOf(code)).toBe(language);
  });
});

describe("composeEmail", () => {
  it.each<[string, Partial<PatientRecord>, Doctor | null, string, string[]]>([
    [
      "English, first name",
      {},
      doctor,
      "Happy birthday, Robert! Best wishes from Maple Family Medicine",
      ["Dear Robert,", "Warm wishes,\nDr. Smith and colleagues"],
    ],
    [
      "English, nickname wins",
      { nickName: " Bobby " },
      doctor,
      "Happy birthday, Bobby! Best wishes from Maple Family Medicine",
      ["Dear Bobby,"],
    ],
    [
      "English, no name",
      { firstName: "  ", nickName: "" },
      doctor,
      "Happy birthday! Best wishes from Maple Family Medicine",
      ["Hello,\n"],
    ],
    [
      "English, unknown doctor",
      {},
      null,
      "Happy birthday, Robert! Best wishes from Maple Family Medicine",
      ["Your care team at Maple Family Medicine"],
    ],
    [
      "English, ALL-CAPS chart name",
      { firstName: "MARY-ANNE" },
      doctor,
      "Happy birthday, Mary-Anne! Best wishes from Maple Family Medicine",
      ["Dear Mary-Anne,"],
    ],
    [
      "Spanish, nickname",
      { preferredLanguage: "spa", nickName: "Beto" },
      doctor,
      "¡Feliz cumpleaños, Beto! Saludos de Maple Family Medicine",
      [
        "Hola, Beto:",
        "Con nuestros mejores deseos,\nDr. Smith y colegas",
        "Dejar de recibir felicitaciones de cumpleaños: https://greetings.example.com/unsubscribe/abc123",
      ],
    ],
    [
      "Spanish, no name, unknown doctor",
      { preferredLanguage: "spa", firstName: "" },
      null,
      "¡Feliz cumpleaños! Saludos de Maple Family Medicine",
      ["Hola:", "Su equipo de atención médica de Maple Family Medicine"],
    ],
  ])("%s", (_, p, doc, subject, textParts) => {
    const email = composeEmail({ patient: patient(p), doctor: doc, practice, unsubscribeUrl });
    expect(email.subject).toBe(subject);
    for (const part of textParts) expect(email.text).toContain(part);
  });

  it("does not use the first name when a nickname is set", () => {
    const email = composeEmail({ patient: patient({ nickName: "Bobby" }), doctor, practice, unsubscribeUrl });
    expect(`${email.subject}${email.text}${email.html}`).not.toContain("Robert");
  });

  it.each(["eng", "spa"])(
    "puts the practice name, postal address and a visible unsubscribe link in the footer (%s)",
    (lang) => {
      const email = composeEmail({
        patient: patient({ preferredLanguage: lang }),
        doctor,
        practice,
        unsubscribeUrl,
      });
      for (const body of [email.text, email.html]) {
        expect(body).toContain("Maple Family Medicine");
        expect(body).toContain("12 Main Street, Springfield, IL 62701");
      }
      expect(email.text).toContain(unsubscribeUrl);
      const link = /<a href="([^"]+)"[^>]*>([^<]+)<\/a>/.exec(email.html);
      expect(link?.[1]).toBe(unsubscribeUrl);
      expect(link?.[2]).toMatch(lang === "spa" ? /Dejar de recibir/ : /Unsubscribe/);
      expect(email.html).toContain(`<html lang="${lang === "spa" ? "es" : "en"}">`);
    },
  );

  it("shows the practice name and postal address on two lines of the footer, as a letterhead reads", () => {
    const email = composeEmail({ patient: patient(), doctor, practice, unsubscribeUrl });
    const footer = email.html.split("\n").find((line) => line.startsWith('<p style="margin:0 0 8px;">Maple'));
    expect(footer).toBe(
      '<p style="margin:0 0 8px;">Maple Family Medicine<br>12 Main Street, Springfield, IL 62701</p>',
    );
  });

  it("leaves the address line out when the practice has none", () => {
    const email = composeEmail({
      patient: patient(),
      doctor,
      practice: { name: "Maple", address: null },
      unsubscribeUrl,
    });
    expect(email.text).toContain("--\nMaple\nYou receive this greeting");
  });

  it("escapes every interpolated value in the HTML", () => {
    const email = composeEmail({
      patient: patient({ firstName: `<script>alert("x")</script> & 'Co'` }),
      doctor: { ...doctor, lastName: "O'Neil<b>" },
      practice: { name: `Smith & Jones <Family> "Care"`, address: "1 <Elm> St & Co" },
      unsubscribeUrl: `https://x.example/u/a"b&c<d>`,
    });
    expect(email.html).not.toMatch(/<script|<b>|<Family>|<Elm>|<d>/);
    expect(email.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Co&#39;");
    expect(email.html).toContain("O&#39;Neil&lt;b&gt;");
    expect(email.html).toContain("Smith &amp; Jones &lt;Family&gt; &quot;Care&quot;");
    expect(email.html).toContain("1 &lt;Elm&gt; St &amp; Co");
    expect(email.html).toContain('href="https://x.example/u/a&quot;b&amp;c&lt;d&gt;"');
    // The plain-text part is not HTML and keeps the characters as typed.
    expect(email.text).toContain("Smith & Jones <Family>");
  });

  it("strips control characters and line breaks from names (no header injection via the subject)", () => {
    const email = composeEmail({
      patient: patient({ firstName: "Ann\r\nBcc: x@y.z\u0000" }),
      doctor,
      practice,
      unsubscribeUrl,
    });
    expect(email.subject).toBe("Happy birthday, Ann Bcc: x@y.z! Best wishes from Maple Family Medicine");
  });
});

describe("nothing about age, birth date or health", () => {
  // A practice and link without digits, so any digit in the message would have come from the patient.
  const plain: Practice = { name: "Maple Family Medicine", address: "Main Street, Springfield" };
  it.each(["eng", "spa"])("%s e-mail and SMS contain no digits, age or birth-date words", (lang) => {
    const p = patient({ preferredLanguage: lang, dateOfBirth: "1980-06-15" });
    const email = composeEmail({
      patient: p,
      doctor,
      practice: plain,
      unsubscribeUrl: "https://greetings.example/u/tok",
    });
    const sms = composeSms({ patient: p, doctor, practice: plain });
    for (const text of [email.subject, email.text, email.html.replace(/<[^>]+>/g, ""), sms]) {
      expect(text).not.toMatch(/\d/);
      expect(text).not.toMatch(
        /\b(age|years old|turn(s|ing)?|born|june|junio|edad|años de edad|diagnos|appointment|cita)\b/i,
      );
    }
  });
});

describe("composeSms", () => {
  it.each([
    [
      "eng",
      {},
      "Happy birthday, Robert! Wishing you a wonderful year ahead. From Dr. Smith and colleagues at Maple Family Medicine. Reply STOP to opt out",
    ],
    [
      "eng",
      { nickName: "Bobby" },
      "Happy birthday, Bobby! Wishing you a wonderful year ahead. From Dr. Smith and colleagues at Maple Family Medicine. Reply STOP to opt out",
    ],
    [
      "eng",
      { firstName: "" },
      "Happy birthday! Wishing you a wonderful year ahead. From Dr. Smith and colleagues at Maple Family Medicine. Reply STOP to opt out",
    ],
    [
      "spa",
      { nickName: "Beto" },
      "¡Feliz cumpleaños, Beto! Le deseamos un año maravilloso. Con cariño, Dr. Smith y colegas de Maple Family Medicine. Responda STOP para darse de baja",
    ],
  ])("%s %o", (lang, p, text) => {
    expect(composeSms({ patient: patient({ preferredLanguage: lang, ...p }), doctor, practice })).toBe(text);
  });

  it.each([
    [
      "eng",
      "Happy birthday, Robert! Wishing you a wonderful year ahead. From your care team at Maple Family Medicine. Reply STOP to opt out",
    ],
    [
      "spa",
      "¡Feliz cumpleaños, Robert! Le deseamos un año maravilloso. Con cariño, su equipo de salud de Maple Family Medicine. Responda STOP para darse de baja",
    ],
  ])("signs as the care team when the doctor is unknown (%s)", (lang, text) => {
    expect(composeSms({ patient: patient({ preferredLanguage: lang }), doctor: null, practice })).toBe(text);
  });

  it.each([
    ["MARIA", "eng"],
    ["maria", "eng"],
    ["MARIA", "spa"],
    ["maria", "spa"],
  ])("tidies the one-word chart name %j to Maria (%s)", (firstName, lang) => {
    const sms = composeSms({ patient: patient({ firstName, preferredLanguage: lang }), doctor, practice });
    expect(sms).toBe(
      lang === "spa"
        ? "¡Feliz cumpleaños, Maria! Le deseamos un año maravilloso. Con cariño, Dr. Smith y colegas de Maple Family Medicine. Responda STOP para darse de baja"
        : "Happy birthday, Maria! Wishing you a wonderful year ahead. From Dr. Smith and colleagues at Maple Family Medicine. Reply STOP to opt out",
    );
  });

  it.each([
    ["eng", "", "your doctor's office"],
    ["eng", "   ", "your doctor's office"],
    ["spa", "", "su consultorio médico"],
  ])("a practice with no name on file is named generically (%s, %j)", (lang, name, words) => {
    const sms = composeSms({
      patient: patient({ preferredLanguage: lang }),
      doctor,
      practice: { ...practice, name },
    });
    expect(sms).toBe(
      lang === "spa"
        ? `¡Feliz cumpleaños, Robert! Le deseamos un año maravilloso. Con cariño, Dr. Smith y colegas de ${words}. Responda STOP para darse de baja`
        : `Happy birthday, Robert! Wishing you a wonderful year ahead. From Dr. Smith and colleagues at ${words}. Reply STOP to opt out`,
    );
    const email = composeEmail({
      patient: patient({ preferredLanguage: lang }),
      doctor,
      practice: { ...practice, name },
      unsubscribeUrl,
    });
    expect(email.subject).toBe(
      lang === "spa"
        ? `¡Feliz cumpleaños, Robert! Saludos de ${words}`
        : `Happy birthday, Robert! Best wishes from ${words}`,
    );
  });

  const names = [
    "Ana",
    "Bobby",
    "Robert",
    "Mary-Anne",
    "O'Brien",
    "Christopher Alexander",
    "Jean-Baptiste Emmanuel",
    "Zoë",
    "José",
    "Sofía",
    "王小明",
  ];
  const doctors = ["Smith", "Hernandez", "Vanderbilt-Okonkwo"];
  it.each(
    names.flatMap((name) => doctors.flatMap((last) => ["eng", "spa"].map((lang) => [name, last, lang]))),
  )(
    "%s with Dr. %s (%s) ends with the STOP text and fits one segment when the text allows",
    (firstName, lastName, lang) => {
      const sms = composeSms({
        patient: patient({ firstName, preferredLanguage: lang }),
        doctor: { ...doctor, lastName },
        practice,
      });
      expect(sms.endsWith(lang === "spa" ? SMS_STOP_TEXT.es : SMS_STOP_TEXT.en)).toBe(true);
      expect(sms).toContain(firstName);
      expect(sms).toContain(lastName);
      // The shortest possible text: the name, the signature and the STOP line. If even that needs two segments,
      // two are allowed; otherwise the message must fit one.
      const minimal =
        lang === "spa"
          ? `¡Feliz cumpleaños, ${firstName}! Dr. ${lastName} y colegas. ${SMS_STOP_TEXT.es}`
          : `Happy birthday, ${firstName}! Dr. ${lastName} and colleagues. ${SMS_STOP_TEXT.en}`;
      expect(smsSegments(sms)).toBe(Math.max(1, smsSegments(minimal)));
    },
  );

  it("drops optional words, not the name or the STOP text, when a long practice name would overflow", () => {
    const long: Practice = {
      name: "The Greater Springfield Metropolitan Area Family and Internal Medicine Associates",
      address: null,
    };
    const sms = composeSms({ patient: patient({ firstName: "Christopher" }), doctor, practice: long });
    expect(sms).toBe("Happy birthday, Christopher! From Dr. Smith and colleagues. Reply STOP to opt out");
    expect(smsSegments(sms)).toBe(1);
  });

  it("keeps the practice name and drops the wish first", () => {
    const medium: Practice = {
      name: "Springfield Family and Internal Medicine Associates of Illinois",
      address: null,
    };
    const sms = composeSms({ patient: patient(), doctor, practice: medium });
    expect(sms).toBe(
      "Happy birthday, Robert! From Dr. Smith and colleagues at Springfield Family and Internal Medicine Associates of Illinois. Reply STOP to opt out",
    );
  });

  it("still names the patient and ends with STOP when even the shortest text needs two segments", () => {
    const firstName = "Maximilian-Alexander ".repeat(8).trim();
    const sms = composeSms({ patient: patient({ firstName }), doctor, practice });
    expect(sms).toBe(`Happy birthday, ${firstName}! Dr. Smith and colleagues. Reply STOP to opt out`);
    expect(smsSegments(sms)).toBe(2);
  });

  it("keeps typical Spanish copy in GSM-7 (no á/í/ó/ú) so it is not billed at 70 characters", () => {
    const sms = composeSms({
      patient: patient({ preferredLanguage: "spa", firstName: "Ana" }),
      doctor,
      practice,
    });
    expect(smsLength(sms).encoding).toBe("GSM-7");
  });
});

describe("composeSms: a long practice name drops optional words, and never the sign-off", () => {
  const longPractice: Practice = { ...practice, name: "Maple Family Medicine and Pediatrics of Springfield" };
  const longerPractice: Practice = {
    ...practice,
    name: "Maple Family Medicine, Pediatrics and Womens Health Center of Greater Springfield County",
  };

  it.each([
    [
      "spa",
      doctor,
      longPractice,
      "¡Feliz cumpleaños, Robert! Con cariño, Dr. Smith y colegas de Maple Family Medicine and Pediatrics of Springfield. Responda STOP para darse de baja",
    ],
    [
      "spa",
      doctor,
      longerPractice,
      "¡Feliz cumpleaños, Robert! Con cariño, Dr. Smith y colegas. Responda STOP para darse de baja",
    ],
    [
      "spa",
      null,
      longPractice,
      "¡Feliz cumpleaños, Robert! Con cariño, su equipo de salud de Maple Family Medicine and Pediatrics of Springfield. Responda STOP para darse de baja",
    ],
    [
      "eng",
      null,
      { ...practice, name: "Maple Family Medicine and Pediatrics of Greater Springfield" },
      "Happy birthday, Robert! From your care team at Maple Family Medicine and Pediatrics of Greater Springfield. Reply STOP to opt out",
    ],
  ])("%s case %#: the fullest version that fits one segment", (lang, signer, where, text) => {
    expect(
      composeSms({ patient: patient({ preferredLanguage: lang }), doctor: signer, practice: where }),
    ).toBe(text);
  });
});
