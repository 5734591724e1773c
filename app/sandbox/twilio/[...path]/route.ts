import { getConfig } from "@/lib/env";
import { getSandboxProviders } from "@/sandbox/providers";

/** The built-in fake Twilio API the `twilio` SDK talks to in sandbox mode; absent otherwise. */

type Context = { params: Promise<{ path: string[] }> };

async function handle(request: Request, { params }: Context): Promise<Response> {
  if (!getConfig().sms.sandbox) return new Response("Not found", { status: 404 });
  const { path } = await params;
  return getSandboxProviders().twilio.handle(request, `/${path.join("/")}`);
}

export const GET = handle;
export const POST = handle;
