import type { ParsedPatient } from "@/lib/drchrono/types";
import { patientDisplayName } from "./format";

/** A patient's name from the fresh record; "Patient #id" when drchrono could not tell us. */
export function PatientCell({ id, record }: { id: number; record: ParsedPatient | null | undefined }) {
  if (record === undefined) return <>Patient #{id}</>;
  if (record === null)
    return (
      <>
        Patient #{id} <span className="muted">(no longer in drchrono)</span>
      </>
    );
  if (!record.ok)
    return (
      <>
        Patient #{id} <span className="muted">(record unreadable)</span>
      </>
    );
  return (
    <>
      {patientDisplayName(record.patient)} <span className="muted">#{id}</span>
    </>
  );
}
