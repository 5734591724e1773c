import { getConfig } from "@/lib/env";
import { getSandboxProviders } from "@/sandbox/providers";

/** The built-in fake Resend API the `resend` SDK talks to in sandbox mode; absent otherwise. */

type Context = { params: Promise<{ path: string[] }> };

async function handle(request: Request, { params }: Context): Promise<Response> {
  if (!getConfig().email.sandbox) return new Response("Not found", { status: 404 });
  const { path } = await params;
  return getSandboxProviders().resend.handle(request, `/${path.join("/")}`);
}

export const GET = handle;
export const POST = handle;
