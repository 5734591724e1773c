import type { NextRequest } from "next/server";
import { NextResponse } from "next/server";
import { getDb } from "@/db";
import { writeAudit } from "@/db/queries/audit";
import { consumeAdminSignIn } from "@/lib/admin/magic-link";
import { startAdminSession } from "@/lib/admin/session";
import { now } from "@/lib/clock";
import { getConfig } from "@/lib/env";

export const dynamic = "force-dynamic";

/**
 * The magic link lands here. A GET spends the token (see lib/admin/magic-link.ts on mail scanners) and sets the
 * `bg_admin` cookie on the redirect to /admin. Redirects are built from APP_URL, never from request headers.
 */
export async function GET(request: NextRequest) {
  const config = getConfig();
  const at = now();
  const db = await getDb();
  const token = request.nextUrl.searchParams.get("token") ?? "";
  const email = await consumeAdminSignIn({ db, adminEmails: config.adminEmails, now: at }, token);
  const target = email ? "/admin" : "/admin/signin?error=link";
  const response = NextResponse.redirect(new URL(target, config.appUrl), 303);
  // The token is in this URL: keep it out of caches and of the Referer of anything loaded next.
  response.headers.set("Cache-Control", "no-store");
  response.headers.set("Referrer-Policy", "no-referrer");
  if (!email) return response;
  response.cookies.set(await startAdminSession(db, email, config, at));
  await writeAudit(db, { accountId: null, actor: `admin:${email}`, action: "admin.signed_in", at });
  return response;
}
