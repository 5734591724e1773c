import { type NextRequest, NextResponse } from "next/server";
import { getToken } from "next-auth/jwt";
import { getConfig } from "@/lib/env";

/*
 * Next 16's proxy (formerly middleware): practice pages need a session cookie. This is only the first gate; every
 * page still loads the session from the database (lib/auth/session.ts), since a cookie can outlive its user.
 * Support's admin pages use their own magic-link session and are not guarded here.
 */
export async function proxy(request: NextRequest) {
  const config = getConfig();
  const token = await getToken({
    req: request,
    secret: config.authSecret,
    secureCookie: config.secureCookies,
  });
  if (token?.userId) return NextResponse.next();
  const signIn = new URL("/signin", request.url);
  signIn.searchParams.set("callbackUrl", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.redirect(signIn);
}

export const config = {
  matcher: ["/dashboard/:path*"],
};
