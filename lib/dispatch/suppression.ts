import "server-only";
import { contactHash } from "@/lib/delivery/contact-hash";
import { checkEmail, checkMobile } from "@/lib/greetings";
import type { PatientRecord, SuppressionFlags } from "@/lib/greetings/types";

/*
 * The core decides with booleans; here dispatch answers them: is the address or number on the chart today one a
 * provider told us cannot be reached? Both sides hash the same normalised contact the core would use, so a
 * corrected address or number hashes differently and is greeted again.
 */

const NONE: SuppressionFlags = { email: false, sms: false };

/** `suppressed`: the patient's "channel:hash" keys from delivery_suppressions (absent when none). */
export function suppressionFlags(
  patient: PatientRecord,
  suppressed: ReadonlySet<string> | undefined,
  secret: string,
): SuppressionFlags {
  if (!suppressed || suppressed.size === 0) return NONE;
  const email = checkEmail(patient.email);
  const mobile = checkMobile(patient.cellPhone);
  return {
    email: email.ok && suppressed.has(`email:${contactHash(secret, "email", email.value)}`),
    sms: mobile.ok && suppressed.has(`sms:${contactHash(secret, "sms", mobile.value)}`),
  };
}
