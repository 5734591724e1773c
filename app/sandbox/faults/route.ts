import { getConfig } from "@/lib/env";
import { getSandboxEmulator } from "@/sandbox/drchrono-instance";
import { applyFaultChange, faultChangeSchema } from "@/sandbox/fault-control";

export const dynamic = "force-dynamic";

/** The sandbox emulator's fault knobs: GET shows them, POST (JSON) changes them. Sandbox mode only. */
export async function GET() {
  if (!getConfig().drchrono.sandbox) return new Response("Not found", { status: 404 });
  return Response.json(getSandboxEmulator().faults);
}

export async function POST(request: Request) {
  if (!getConfig().drchrono.sandbox) return new Response("Not found", { status: 404 });
  const parsed = faultChangeSchema.safeParse(await request.json().catch(() => null));
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
