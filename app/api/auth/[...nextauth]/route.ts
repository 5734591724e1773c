import type { NextRequest } from "next/server";
import NextAuth from "next-auth";
import { getAuthOptions } from "@/lib/auth/options";

export const dynamic = "force-dynamic";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

function handler(request: NextRequest, context: RouteContext): Promise<Response> | Response {
  // next-auth reports every failed callback as "OAuthCallback"; a practice that pressed Deny deserves its own words.
  const url = new URL(request.url);
  if (url.pathname.endsWith("/callback/drchrono") && url.searchParams.get("error") === "access_denied") {
    return Response.redirect(new URL("/auth/error?error=AccessDenied", url), 302);
  }
  return NextAuth(request, context, getAuthOptions());
}

export { handler as GET, handler as POST };
