import { z } from "zod";
import { defaultFaults, type FaultKnobs } from "./drchrono/faults";

/**
 * Changes to the running emulator's fault knobs, as a tester or an end-to-end story sends them to
 * /sandbox/faults. Unknown keys are refused so a typo never silently does nothing.
 */
export const faultChangeSchema = z
  .object({
    reset: z.boolean().optional(),
    latencyMs: z.number().int().min(0).max(30_000).optional(),
    rateLimitPerHour: z.number().int().min(1).nullable().optional(),
    retryAfterHeader: z.boolean().optional(),
    failNext: z.number().int().min(0).max(100_000).optional(),
    hangNext: z.number().int().min(0).max(1_000).optional(),
    hangMaxMs: z.number().int().min(100).max(120_000).optional(),
    includeScopeInTokenResponse: z.boolean().optional(),
    mutateDuringPaging: z.boolean().optional(),
    strangeRecords: z.boolean().optional(),
  })
  .strict();

export type FaultChange = z.infer<typeof faultChangeSchema>;

export function applyFaultChange(faults: FaultKnobs, change: FaultChange): FaultKnobs {
  const { reset, ...knobs } = change;
  if (reset) Object.assign(faults, defaultFaults());
  for (const [key, value] of Object.entries(knobs)) {
    if (value !== undefined) Object.assign(faults, { [key]: value });
  }
  return faults;
}

/**
 * One-off actions on the emulator's grants, beside the knobs: `revokePractice` ends every drchrono grant of a
 * practice (by practice group id), as a practice revoking the app in drchrono would, so the next run or page sees
 * "needs re-authorization" until someone signs in again.
 */
export const grantActionSchema = z.object({ revokePractice: z.number().int().positive() }).strict();

export type GrantAction = z.infer<typeof grantActionSchema>;

export interface GrantControl {
  readonly users: ReadonlyArray<{ id: number; practiceGroup: number }>;
  revokeTokensOf(userId: number): void;
}

/** Revokes the practice's grants; returns how many users' grants ended (0: no such practice). */
export function revokePracticeAccess(emulator: GrantControl, practiceGroup: number): number {
  const users = emulator.users.filter((u) => u.practiceGroup === practiceGroup);
  for (const user of users) emulator.revokeTokensOf(user.id);
  return users.length;
}

/**
 * A chart edit in the emulator, for the delivery-loop demo and e2e story: every emulated patient whose e-mail is
 * `from` gets `to`, as if the front desk corrected the address in drchrono (`updated_at` moves, so the next
 * run's since-listing reads the chart again). Nothing else about a chart can be changed this way.
 */
export const patientEmailChangeSchema = z
  .object({ changePatientEmail: z.object({ from: z.email(), to: z.email() }).strict() })
  .strict();

export type PatientEmailChange = z.infer<typeof patientEmailChangeSchema>["changePatientEmail"];

export interface ChartControl {
  describePatients(): Iterable<{ id: number; patient: { email?: string | null } }>;
  updatePatient(id: number, patch: { email: string }): unknown;
}

/** Returns the ids of the patients whose address changed (none: no chart had that address). */
export function changePatientEmail(emulator: ChartControl, change: PatientEmailChange): number[] {
  const ids = [...emulator.describePatients()]
    .filter(({ patient }) => patient.email?.toLowerCase() === change.from.toLowerCase())
    .map(({ id }) => id);
  for (const id of ids) emulator.updatePatient(id, { email: change.to });
  return ids;
}
