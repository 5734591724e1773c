/**
 * The sandbox's two practices. Practice A (three doctors in three time zones, a staff member) is the demo practice;
 * practice B (one doctor, a handful of patients) exists to prove that one practice never sees another's data.
 * Field names follow drchrono's API v4 (see shared/drchrono/openapi-v4.yml).
 */

export interface ApiDoctor {
  id: number;
  first_name: string;
  last_name: string;
  suffix: string;
  job_title: string;
  specialty: string;
  practice_group: number;
  practice_group_name: string;
  timezone: string;
  email: string;
  office_phone: string;
  cell_phone: string;
  home_phone: string;
  website: string;
  npi_number: string;
  group_npi_number: string;
  profile_picture: string | null;
  country: string;
  is_account_suspended: boolean;
}

export interface ApiOffice {
  id: number;
  doctor: number;
  name: string;
  address: string;
  city: string;
  state: string;
  zip_code: string;
  country: string;
  phone_number: string;
  fax_number: string;
  start_time: string;
  end_time: string;
  online_scheduling: boolean;
  archived: boolean;
  exam_rooms: { index: number; name: string; online_scheduling: boolean }[];
}

/** `/api/users/{id}` as drchrono answers it. */
export interface ApiUser {
  id: number;
  username: string;
  doctor: number;
  practice_group: number;
  is_doctor: boolean;
  is_staff: boolean;
  permissions: string[];
}

/** A person on the consent page's user picker. */
export interface SandboxUser {
  id: number;
  username: string;
  /** "Dr Eleanor Hayes" or "Jordan Rivera". */
  displayName: string;
  role: "doctor" | "staff";
  /** The doctor's own id, or the staff member's primary physician. */
  doctor: number;
  practiceGroup: number;
  practiceName: string;
  permissions: string[];
}

export interface SandboxPractice {
  practiceGroup: number;
  name: string;
  doctors: ApiDoctor[];
  offices: ApiOffice[];
  /** The practice's first doctor: the one whose time zone a practice-wide "today" uses. */
  primaryDoctorId: number;
}

export const PRACTICE_A = 1001;
export const PRACTICE_B = 1002;

const PERMISSIONS = ["manage-patients", "manage-appointments", "manage-clinical", "view-reports"];

function doctor(
  fields: Pick<
    ApiDoctor,
    "id" | "first_name" | "last_name" | "suffix" | "specialty" | "practice_group" | "practice_group_name"
  > &
    Pick<ApiDoctor, "timezone" | "email" | "office_phone" | "npi_number">,
): ApiDoctor {
  return {
    job_title: "Physician",
    cell_phone: "",
    home_phone: "",
    website: "",
    group_npi_number: "",
    profile_picture: null,
    country: "US",
    is_account_suspended: false,
    ...fields,
  };
}

function office(
  fields: Pick<
    ApiOffice,
    "id" | "doctor" | "name" | "address" | "city" | "state" | "zip_code" | "phone_number"
  > &
    Partial<ApiOffice>,
): ApiOffice {
  return {
    country: "US",
    fax_number: "",
    start_time: "08:00:00",
    end_time: "17:00:00",
    online_scheduling: false,
    archived: false,
    exam_rooms: [
      { index: 1, name: "Exam 1", online_scheduling: false },
      { index: 2, name: "Exam 2", online_scheduling: false },
    ],
    ...fields,
  };
}

const MAPLE = "Maple Street Family Medicine";
const HARBOR = "Harbor View Pediatrics";

export const PRACTICES: readonly SandboxPractice[] = [
  {
    practiceGroup: PRACTICE_A,
    name: MAPLE,
    primaryDoctorId: 301001,
    doctors: [
      doctor({
        id: 301001,
        first_name: "Eleanor",
        last_name: "Hayes",
        suffix: "MD",
        specialty: "Family Medicine",
        practice_group: PRACTICE_A,
        practice_group_name: MAPLE,
        timezone: "America/New_York",
        email: "eleanor.hayes@example.com",
        office_phone: "(212) 555-0100",
        npi_number: "1234567893",
      }),
      doctor({
        id: 301002,
        first_name: "Marcus",
        last_name: "Delgado",
        suffix: "DO",
        specialty: "Internal Medicine",
        practice_group: PRACTICE_A,
        practice_group_name: MAPLE,
        timezone: "America/Chicago",
        email: "marcus.delgado@example.com",
        office_phone: "(312) 555-0100",
        npi_number: "1234567901",
      }),
      doctor({
        id: 301003,
        first_name: "Priya",
        last_name: "Raman",
        suffix: "MD",
        specialty: "Pediatrics",
        practice_group: PRACTICE_A,
        practice_group_name: MAPLE,
        timezone: "America/Denver",
        email: "priya.raman@example.com",
        office_phone: "(720) 555-0100",
        npi_number: "1234567919",
      }),
    ],
    offices: [
      office({
        id: 401001,
        doctor: 301001,
        name: "Maple Street Main Office",
        address: "120 Maple Street, Suite 200",
        city: "Brooklyn",
        state: "NY",
        zip_code: "11201",
        phone_number: "(212) 555-0100",
      }),
      office({
        id: 401002,
        doctor: 301002,
        name: "Maple Street Lakeside Clinic",
        address: "455 W Lake Street",
        city: "Chicago",
        state: "IL",
        zip_code: "60606",
        phone_number: "(312) 555-0100",
      }),
      office({
        id: 401003,
        doctor: 301003,
        name: "Maple Street Old Annex",
        address: "9 Larimer Square",
        city: "Denver",
        state: "CO",
        zip_code: "80202",
        phone_number: "(720) 555-0100",
        archived: true,
      }),
    ],
  },
  {
    practiceGroup: PRACTICE_B,
    name: HARBOR,
    primaryDoctorId: 302001,
    doctors: [
      doctor({
        id: 302001,
        first_name: "Samuel",
        last_name: "Okafor",
        suffix: "MD",
        specialty: "Pediatrics",
        practice_group: PRACTICE_B,
        practice_group_name: HARBOR,
        timezone: "America/Los_Angeles",
        email: "samuel.okafor@example.org",
        office_phone: "(415) 555-0100",
        npi_number: "1234567927",
      }),
    ],
    offices: [
      office({
        id: 402001,
        doctor: 302001,
        name: "Harbor View Pediatrics",
        address: "1 Embarcadero Center, Floor 3",
        city: "San Francisco",
        state: "CA",
        zip_code: "94111",
        phone_number: "(415) 555-0100",
      }),
    ],
  },
];

export const SANDBOX_USERS: readonly SandboxUser[] = [
  {
    id: 4101,
    username: "ehayes",
    displayName: "Dr Eleanor Hayes",
    role: "doctor",
    doctor: 301001,
    practiceGroup: PRACTICE_A,
    practiceName: MAPLE,
    permissions: PERMISSIONS,
  },
  {
    id: 4102,
    username: "mdelgado",
    displayName: "Dr Marcus Delgado",
    role: "doctor",
    doctor: 301002,
    practiceGroup: PRACTICE_A,
    practiceName: MAPLE,
    permissions: PERMISSIONS,
  },
  {
    id: 4103,
    username: "jrivera",
    displayName: "Jordan Rivera",
    role: "staff",
    doctor: 301001,
    practiceGroup: PRACTICE_A,
    practiceName: MAPLE,
    permissions: ["manage-patients", "manage-appointments"],
  },
  {
    id: 4201,
    username: "sokafor",
    displayName: "Dr Samuel Okafor",
    role: "doctor",
    doctor: 302001,
    practiceGroup: PRACTICE_B,
    practiceName: HARBOR,
    permissions: PERMISSIONS,
  },
];

export function practiceOf(practiceGroup: number): SandboxPractice | undefined {
  return PRACTICES.find((p) => p.practiceGroup === practiceGroup);
}

export function userById(id: number): SandboxUser | undefined {
  return SANDBOX_USERS.find((u) => u.id === id);
}

export function toApiUser(user: SandboxUser): ApiUser {
  return {
    id: user.id,
    username: user.username,
    doctor: user.doctor,
    practice_group: user.practiceGroup,
    is_doctor: user.role === "doctor",
    is_staff: user.role === "staff",
    permissions: [...user.permissions],
  };
}

/** "Dr Eleanor Hayes (doctor, Maple Street Family Medicine)", as the consent page's picker shows it. */
export function userLabel(user: SandboxUser): string {
  return `${user.displayName} (${user.role}, ${user.practiceName})`;
}
