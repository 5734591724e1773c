import { getConfig } from "@/lib/env";
import { getSandboxEmulator } from "@/sandbox/drchrono-instance";
import {
  applyFaultChange,
  changePatientEmail,
  faultChangeSchema,
  grantActionSchema,
  patientEmailChangeSchema,
  revokePracticeAccess,
} from "@/sandbox/fault-control";

export const dynamic = "force-dynamic";

/**
 * The sandbox emulator's fault knobs: GET shows them, POST (JSON) changes them; POST {"revokePractice": <practice
 * group id>} ends the practice's drchrono grants; POST {"changePatientEmail": {"from", "to"}} corrects an address
 * on the emulated charts. Sandbox mode only.
 */
export async function GET() {
  if (!getConfig().drchrono.sandbox) return new Response("Not found", { status: 404 });
  return Response.json(getSandboxEmulator().faults);
}

export async function POST(request: Request) {
  if (!getConfig().drchrono.sandbox) return new Response("Not found", { status: 404 });
  const body = await request.json().catch(() => null);
  const grant = grantActionSchema.safeParse(body);
  if (grant.success) {
    const revoked = revokePracticeAccess(getSandboxEmulator(), grant.data.revokePractice);
    if (revoked === 0) return Response.json({ error: "no such practice group" }, { status: 404 });
    return Response.json({ revokedPractice: grant.data.revokePractice, users: revoked });
  }
  const chart = patientEmailChangeSchema.safeParse(body);
  if (chart.success) {
    const patients = changePatientEmail(getSandboxEmulator(), chart.data.changePatientEmail);
    if (patients.length === 0) return Response.json({ error: "no chart has that address" }, { status: 404 });
    return Response.json({ changedPatients: patients });
  }
  const parsed = faultChangeSchema.safeParse(body);
  if (!parsed.success) {
    return Response.json(
      {
        error: "invalid fault change",
        issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`),
      },
      { status: 400 },
    );
  }
  return Response.json(applyFaultChange(getSandboxEmulator().faults, parsed.data));
}
