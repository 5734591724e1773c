import { getConfig } from "@/lib/env";
import { getSandboxEmulator } from "@/sandbox/drchrono-instance";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The drchrono emulator, mounted only in sandbox mode (no drchrono credentials configured). */
const BASE_PATH = "/sandbox/drchrono";

async function serve(request: Request): Promise<Response> {
  if (!getConfig().drchrono.sandbox) return new Response("Not found", { status: 404 });
  return getSandboxEmulator().handle(request, BASE_PATH);
}

export const GET = serve;
export const POST = serve;
