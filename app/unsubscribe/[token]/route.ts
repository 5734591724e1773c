import { getDb } from "@/db";
import { now } from "@/lib/clock";
import { getConfig } from "@/lib/env";
import { handleUnsubscribe, showUnsubscribePage } from "@/lib/unsubscribe/handler";

/*
 * One URL, two methods: the page a patient opens from the e-mail (GET, changes nothing) and the RFC 8058
 * one-click POST that mail providers and the page's button send. A route handler serves both, because Next
 * cannot put a page and a route handler on the same path. See lib/unsubscribe/handler.ts.
 */

type Context = { params: Promise<{ token: string }> };

export async function GET(_request: Request, { params }: Context): Promise<Response> {
  const { token } = await params;
  return showUnsubscribePage(await getDb(), token, { secret: getConfig().authSecret });
}

export async function POST(request: Request, { params }: Context): Promise<Response> {
  const { token } = await params;
  return handleUnsubscribe(await getDb(), request, token, { secret: getConfig().authSecret, now });
}
