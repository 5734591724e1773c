import type { PracticeDetails, SignedInUser } from "@/db/queries/accounts";
import type { DrchronoDoctor, DrchronoOffice, DrchronoUser } from "@/lib/drchrono/types";

/*
 * What a new account and a signed-in user look like, derived from what drchrono tells us at sign-in, and the
 * practice's postal address, which the account's first greeting run reads from drchrono's offices.
 * Pure: the drchrono records are inputs.
 */

/** The user's own doctor (for staff: their primary physician), else the practice's first doctor. */
export function primaryDoctor(user: DrchronoUser, doctors: DrchronoDoctor[]): DrchronoDoctor | null {
  return doctors.find((d) => d.id === user.doctor) ?? doctors[0] ?? null;
}

export function isValidTimeZone(timeZone: string | null | undefined): timeZone is string {
  if (!timeZone) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

export function doctorName(doctor: Pick<DrchronoDoctor, "firstName" | "lastName" | "suffix">): string {
  const name = [doctor.firstName, doctor.lastName]
    .map((p) => p.trim())
    .filter(Boolean)
    .join(" ");
  return doctor.suffix?.trim() ? `${name}, ${doctor.suffix.trim()}` : name;
}

/** "address, city, state zip" of the first office still in use, preferring the primary doctor's. */
export function officeAddress(offices: DrchronoOffice[], doctorId: number | null): string | null {
  const open = offices.filter((o) => !o.archived);
  const office = open.find((o) => o.doctor === doctorId) ?? open[0];
  if (!office) return null;
  const clean = (v: string | null) => v?.trim() || null;
  const stateZip = [clean(office.state), clean(office.zipCode)].filter(Boolean).join(" ");
  const line = [clean(office.address), clean(office.city), stateZip || null].filter(Boolean).join(", ");
  return line || null;
}

/** The account as sign-in creates it. The postal address is not read here (see lib/dispatch/practice-address.ts). */
export function practiceDetails(user: DrchronoUser, doctors: DrchronoDoctor[]): PracticeDetails {
  const doctor = primaryDoctor(user, doctors);
  const groupName = [doctor, ...doctors].map((d) => d?.practiceGroupName?.trim()).find(Boolean);
  const practiceName =
    groupName ??
    (doctor
      ? `Practice of Dr. ${doctorName({ ...doctor, suffix: null })}`
      : `drchrono practice ${user.practiceGroup}`);
  return {
    practiceGroupId: user.practiceGroup,
    practiceName,
    practiceAddress: null,
    practicePhone: doctor?.officePhone?.trim() || null,
    timeZone: isValidTimeZone(doctor?.timeZone) ? doctor.timeZone : "UTC",
  };
}

export function signedInUser(accountId: string, user: DrchronoUser, doctors: DrchronoDoctor[]): SignedInUser {
  const isDoctor = user.isDoctor;
  const ownDoctorRecord = isDoctor ? doctors.find((d) => d.id === user.doctor) : undefined;
  return {
    accountId,
    drchronoUserId: user.id,
    username: user.username,
    role: isDoctor ? "doctor" : "staff",
    drchronoDoctorId: user.doctor,
    // drchrono only describes doctors; staff are known by their username.
    displayName: ownDoctorRecord ? doctorName(ownDoctorRecord) || user.username : user.username,
    email: ownDoctorRecord?.email?.trim() || null,
  };
}
