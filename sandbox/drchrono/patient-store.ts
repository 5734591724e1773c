import {
  BIRTHDAY_WINDOW_DAYS,
  type CaseTag,
  caseTools,
  type PatientTag,
  PRACTICE_A_CASES,
  PRACTICE_B_CASES,
  type ScriptedCase,
} from "./awkward";
import { addDays, drchronoTimestamp, isoDateIn, isRealIsoDate } from "./dates";
import { type ApiPatient, randomPatient } from "./patient-record";
import { PRACTICE_A, PRACTICE_B, PRACTICES, type SandboxPractice } from "./practices";
import { hash32, Rng } from "./random";

/**
 * The patients of both practices, generated on demand: patient i of a practice is a pure function of
 * (seed, practice, i, the anchor day), so 100,000 patients cost nothing until listed. Mutations (tests, the
 * "patients change while paging" fault) live in small maps beside the generator. Ids ascend within a practice and
 * new patients get higher ids, so listings can page on the id like drchrono's cursor does.
 */

export interface PatientStoreOptions {
  seed: number;
  /** Patients of practice A. */
  patients: number;
  /** The emulator's clock when it started: birthdays "today" and "in N days" are relative to this instant. */
  anchor: Date;
}

export interface DescribedPatient {
  id: number;
  practiceGroup: number;
  /** The scripted case (if any) and `birthday-in-N` when the birthday is N (0..14) days after the anchor day. */
  tags: PatientTag[];
  patient: ApiPatient;
}

interface GeneratedRange {
  practice: SandboxPractice;
  firstId: number;
  count: number;
  cases: readonly ScriptedCase[];
  /** Scripted case k sits at index k * step, so awkward charts are spread through the listing. */
  step: number;
  doctorWeights: (readonly [number, number])[];
}

const PRACTICE_B_PATIENTS = 20;
const FIRST_ADDED_ID = 90_000_001;
const DOCTOR_WEIGHTS = [50, 30, 20];

export class PatientStore {
  private readonly ranges: GeneratedRange[];
  private readonly overrides = new Map<number, ApiPatient | null>();
  private readonly added = new Map<number, number>(); // id -> practice group
  private readonly addedIds = new Map<number, number[]>(); // practice group -> ascending ids
  private nextId = FIRST_ADDED_ID;
  private readonly anchorDates = new Map<number, string>(); // doctor id -> anchor date in their zone
  private readonly referenceYear: number;
  /** anchor date -> (MM-DD -> days ahead), for the `birthday-in-N` tags. */
  private readonly windows = new Map<string, Map<string, number>>();

  constructor(private readonly options: PatientStoreOptions) {
    const practiceA = PRACTICES.find((p) => p.practiceGroup === PRACTICE_A) as SandboxPractice;
    const practiceB = PRACTICES.find((p) => p.practiceGroup === PRACTICE_B) as SandboxPractice;
    const range = (
      practice: SandboxPractice,
      firstId: number,
      count: number,
      cases: readonly ScriptedCase[],
    ) => ({
      practice,
      firstId,
      count,
      cases,
      step: Math.max(1, Math.floor(count / cases.length)),
      doctorWeights: practice.doctors.map((d, i) => [d.id, DOCTOR_WEIGHTS[i] ?? 10] as const),
    });
    this.ranges = [
      range(practiceA, 70_000_001, Math.max(0, Math.floor(options.patients)), PRACTICE_A_CASES),
      range(practiceB, 80_000_001, PRACTICE_B_PATIENTS, PRACTICE_B_CASES),
    ];
    for (const practice of PRACTICES) {
      for (const doctor of practice.doctors)
        this.anchorDates.set(doctor.id, isoDateIn(doctor.timezone, options.anchor));
    }
    this.referenceYear = Math.min(2025, options.anchor.getUTCFullYear());
  }

  /** The anchor day ("today" at start-up) of a doctor, or of the practice's primary doctor when null. */
  anchorDateFor(doctorId: number | null, practiceGroup: number): string {
    const practice = PRACTICES.find((p) => p.practiceGroup === practiceGroup);
    const id = doctorId ?? practice?.primaryDoctorId ?? 0;
    return this.anchorDates.get(id) ?? isoDateIn("UTC", this.options.anchor);
  }

  get(id: number): ApiPatient | undefined {
    const override = this.overrides.get(id);
    if (override !== undefined) return override ?? undefined;
    const found = this.locate(id);
    return found ? this.generate(found.range, found.index).patient : undefined;
  }

  practiceGroupOf(id: number): number | undefined {
    if (this.overrides.get(id) === null) return undefined;
    return this.added.get(id) ?? this.locate(id)?.range.practice.practiceGroup;
  }

  tagsOf(id: number): PatientTag[] {
    const patient = this.get(id);
    const group = this.practiceGroupOf(id);
    return patient && group !== undefined ? this.tagsFor(patient, group) : [];
  }

  private tagsFor(patient: ApiPatient, group: number): PatientTag[] {
    const id = patient.id;
    const found = this.locate(id);
    const tag = found ? this.caseAt(found.range, found.index)?.tag : undefined;
    const birthday = this.birthdayTag(patient, group);
    return [...(tag ? [tag] : []), ...(birthday ? [birthday] : [])];
  }

  /** Patients of a practice with id > afterId, ascending. */
  *ascending(practiceGroup: number, afterId = 0): Generator<ApiPatient> {
    const range = this.rangeOf(practiceGroup);
    if (range) {
      const start = Math.max(0, afterId - range.firstId + 1);
      for (let index = start; index < range.count; index++) {
        const patient = this.get(range.firstId + index);
        if (patient) yield patient;
      }
    }
    for (const id of this.addedIds.get(practiceGroup) ?? []) {
      if (id <= afterId) continue;
      const patient = this.get(id);
      if (patient) yield patient;
    }
  }

  /** Patients of a practice with id < beforeId, descending. */
  *descending(practiceGroup: number, beforeId: number): Generator<ApiPatient> {
    const added = this.addedIds.get(practiceGroup) ?? [];
    for (let i = added.length - 1; i >= 0; i--) {
      const id = added[i] as number;
      if (id >= beforeId) continue;
      const patient = this.get(id);
      if (patient) yield patient;
    }
    const range = this.rangeOf(practiceGroup);
    if (!range) return;
    for (let index = Math.min(range.count, beforeId - range.firstId) - 1; index >= 0; index--) {
      const patient = this.get(range.firstId + index);
      if (patient) yield patient;
    }
  }

  *describe(practiceGroup?: number): Generator<DescribedPatient> {
    const groups = practiceGroup === undefined ? PRACTICES.map((p) => p.practiceGroup) : [practiceGroup];
    for (const group of groups) {
      for (const patient of this.ascending(group)) {
        yield { id: patient.id, practiceGroup: group, tags: this.tagsFor(patient, group), patient };
      }
    }
  }

  /** Adds a patient (a fresh generated chart with `fields` on top) and returns it. */
  add(practiceGroup: number, fields: Partial<ApiPatient>, nowMs: number): ApiPatient {
    const practice = PRACTICES.find((p) => p.practiceGroup === practiceGroup);
    if (!practice) throw new Error(`unknown practice group ${practiceGroup}`);
    const id = this.nextId++;
    const rng = new Rng(hash32(this.options.seed, practiceGroup, id));
    const base = randomPatient(rng, {
      id,
      ordinal: id - FIRST_ADDED_ID + 1 + 500_000,
      doctor: practice.primaryDoctorId,
      office: this.officeOf(practice.primaryDoctorId),
      referenceYear: this.referenceYear,
      latestMs: nowMs,
    });
    const stamp = drchronoTimestamp(nowMs);
    const patient: ApiPatient = { ...base, created_at: stamp, updated_at: stamp, ...fields, id };
    this.overrides.set(id, patient);
    this.added.set(id, practiceGroup);
    this.addedIds.set(practiceGroup, [...(this.addedIds.get(practiceGroup) ?? []), id]);
    return patient;
  }

  /** Changes a patient like an edit in drchrono would: `updated_at` moves to now unless the patch sets it. */
  update(id: number, patch: Partial<ApiPatient>, nowMs: number): ApiPatient {
    const current = this.get(id);
    if (!current) throw new Error(`no patient ${id}`);
    const next: ApiPatient = { ...current, updated_at: drchronoTimestamp(nowMs), ...patch, id };
    this.overrides.set(id, next);
    return next;
  }

  /** drchrono has no "deleted" flag: a deleted patient simply stops appearing. */
  delete(id: number): boolean {
    if (!this.get(id)) return false;
    this.overrides.set(id, null);
    return true;
  }

  private officeOf(doctorId: number | null): number | null {
    if (doctorId === null) return null;
    for (const practice of PRACTICES)
      for (const o of practice.offices) if (o.doctor === doctorId) return o.id;
    return null;
  }

  private rangeOf(practiceGroup: number): GeneratedRange | undefined {
    return this.ranges.find((r) => r.practice.practiceGroup === practiceGroup);
  }

  private locate(id: number): { range: GeneratedRange; index: number } | undefined {
    for (const range of this.ranges) {
      const index = id - range.firstId;
      if (index >= 0 && index < range.count) return { range, index };
    }
    return undefined;
  }

  private caseAt(range: GeneratedRange, index: number): ScriptedCase | undefined {
    if (index % range.step !== 0) return undefined;
    return range.cases[index / range.step];
  }

  private generate(range: GeneratedRange, index: number): { patient: ApiPatient } {
    const { practice } = range;
    const group = practice.practiceGroup;
    const rng = new Rng(hash32(this.options.seed, group, index));
    const scripted = this.caseAt(range, index);
    const doctors = practice.doctors;
    let doctor: number | null;
    if (scripted?.noDoctor) doctor = null;
    else if (scripted) doctor = doctors[(index / range.step) % doctors.length]?.id ?? null;
    else {
      const pick = rng.weighted(range.doctorWeights);
      doctor = rng.chance(0.01) ? null : pick;
    }
    const patient = randomPatient(rng, {
      id: range.firstId + index,
      ordinal: index + 1,
      doctor,
      office: this.officeOf(doctor),
      referenceYear: this.referenceYear,
      latestMs: this.options.anchor.getTime(),
    });
    if (scripted) {
      const anchorDate = this.anchorDateFor(doctor, group);
      scripted.shape(patient, caseTools(rng, anchorDate));
      // The chart's birthday depends on the anchor day: mark it changed that day, so a `since` sync made on an
      // earlier day (possibly by another process) picks the new values up.
      const anchorDayMs = Math.min(Date.parse(`${anchorDate}T00:00:00Z`), this.options.anchor.getTime());
      patient.updated_at = drchronoTimestamp(Math.max(Date.parse(`${patient.created_at}Z`), anchorDayMs));
    }
    return { patient };
  }

  private birthdayTag(patient: ApiPatient, practiceGroup: number): PatientTag | undefined {
    const dob = patient.date_of_birth;
    if (!isRealIsoDate(dob)) return undefined;
    const anchor = this.anchorDateFor(patient.doctor, practiceGroup);
    let window = this.windows.get(anchor);
    if (!window) {
      window = new Map();
      for (let days = BIRTHDAY_WINDOW_DAYS; days >= 0; days--)
        window.set(addDays(anchor, days).slice(5), days);
      this.windows.set(anchor, window);
    }
    const days = window.get(dob.slice(5));
    return days === undefined ? undefined : `birthday-in-${days}`;
  }
}

export type { CaseTag, PatientTag };
