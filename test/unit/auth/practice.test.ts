import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "@/app/signin/callback-url";
import { officeAddress, practiceDetails, signedInUser } from "@/lib/auth/practice";
import type { DrchronoDoctor, DrchronoOffice, DrchronoUser } from "@/lib/drchrono/types";

const doctor = (over: Partial<DrchronoDoctor>): DrchronoDoctor => ({
  id: 1,
  firstName: "Ada",
  lastName: "Smith",
  suffix: null,
  timeZone: "America/Chicago",
  practiceGroupName: "Smith Family Medicine",
  email: "ada@smith.example",
  officePhone: null,
  ...over,
});
const office = (over: Partial<DrchronoOffice>): DrchronoOffice => ({
  id: 10,
  doctor: 1,
  address: "1 Elm St",
  city: "Springfield",
  state: "IL",
  zipCode: "62701",
  archived: false,
  ...over,
});
const user = (over: Partial<DrchronoUser>): DrchronoUser => ({
  id: 500,
  username: "asmith",
  doctor: 1,
  practiceGroup: 77,
  isDoctor: true,
  ...over,
});

describe("practice details from drchrono", () => {
  it("takes name, phone and time zone from the user's own doctor; the address waits for the first run", () => {
    const doctors = [
      doctor({ id: 2, timeZone: "America/New_York", officePhone: "(312) 555-0199" }),
      doctor({ id: 1, officePhone: " (212) 555-0100 " }),
    ];
    expect(practiceDetails(user({}), doctors)).toEqual({
      practiceGroupId: 77,
      practiceName: "Smith Family Medicine",
      practiceAddress: null,
      practicePhone: "(212) 555-0100",
      timeZone: "America/Chicago",
    });
  });

  it("takes the address from the doctor's own office, else the first open one", () => {
    const offices = [office({ id: 11, doctor: 2, address: "9 Oak Ave" }), office({})];
    expect(officeAddress(offices, 1)).toBe("1 Elm St, Springfield, IL 62701");
    expect(officeAddress(offices, null)).toBe("9 Oak Ave, Springfield, IL 62701");
    expect(officeAddress([], 1)).toBeNull();
  });

  it("falls back to UTC for a missing or invalid time zone and to the doctor's name without a group name", () => {
    const details = practiceDetails(user({}), [
      doctor({ timeZone: "Mars/Olympus_Mons", practiceGroupName: null, suffix: "MD" }),
    ]);
    expect(details.timeZone).toBe("UTC");
    expect(details.practiceName).toBe("Practice of Dr. Ada Smith");
    expect(details.practiceAddress).toBeNull();
    expect(practiceDetails(user({ doctor: null }), []).practiceName).toBe("drchrono practice 77");
  });

  it("skips archived offices and tolerates missing address parts", () => {
    expect(
      officeAddress(
        [office({ archived: true }), office({ id: 12, address: " ", city: "Austin", zipCode: null })],
        1,
      ),
    ).toBe("Austin, IL");
  });

  it("records a doctor with their drchrono name and e-mail, staff by username", () => {
    expect(signedInUser("acc", user({}), [doctor({})])).toMatchObject({
      role: "doctor",
      displayName: "Ada Smith",
      email: "ada@smith.example",
    });
    expect(
      signedInUser("acc", user({ id: 501, username: "frontdesk", isDoctor: false }), [doctor({})]),
    ).toMatchObject({ role: "staff", displayName: "frontdesk", email: null, drchronoDoctorId: 1 });
  });
});

describe("sign-in callback URL", () => {
  it("keeps paths of this site and refuses other origins", () => {
    expect(safeCallbackUrl("/dashboard/patients?x=1")).toBe("/dashboard/patients?x=1");
    expect(safeCallbackUrl("//evil.example/")).toBe("/dashboard");
    expect(safeCallbackUrl("https://evil.example/")).toBe("/dashboard");
    expect(safeCallbackUrl("/\\evil.example")).toBe("/dashboard");
    expect(safeCallbackUrl(undefined)).toBe("/dashboard");
  });
});
