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
