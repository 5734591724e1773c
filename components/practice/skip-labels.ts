import { SKIP_REASON_LABELS } from "@/lib/greetings/skip-reasons";
import { SKIP_REASONS, type SkipReason } from "@/lib/greetings/types";

export function isSkipReason(value: string | undefined): value is SkipReason {
  return SKIP_REASONS.includes(value as SkipReason);
}

/** The staff-facing label of a skip reason; a reason this build does not know is shown as written. */
export function skipReasonLabel(reason: string): string {
  return isSkipReason(reason) ? SKIP_REASON_LABELS[reason] : reason.replaceAll("_", " ");
}
