import { type NextRequest, NextResponse } from "next/server";
import { getToken } from "next-auth/jwt";
import { csrfCookieName, csrfTokenOf, newCsrfCookieValue, SIGN_IN_FORM_PATHS } from "@/lib/auth/csrf";
import { type Config, getConfig } from "@/lib/env";
import { contentSecurityPolicy, createNonce, strictTransportSecurity } from "@/lib/security/headers";

/*
 * Next 16's proxy (formerly middleware), the first gate of every page request:
 * 1. Live mode: every /sandbox/* path is 404. This is THE switch that keeps the stand-ins (emulator, fake
 *    providers, outbox) unreachable from live request paths; the sandbox getters refuse in live mode as well.
 * 2. Practice pages need a session cookie. Only a first gate: every page still loads the session from the
 *    database (lib/auth/session.ts), since a cookie can outlive its user. Support's admin pages use their own
 *    session and are not guarded here.
 * 3. Security headers with a per-request script nonce (Next reads it from the request's CSP header and puts it on
 *    its own scripts).
 */
export async function proxy(request: NextRequest) {
  const config = getConfig();
  const path = request.nextUrl.pathname;
  if (isSandboxPath(path) && config.mode !== "sandbox") return new NextResponse("Not found", { status: 404 });
  if (isPracticePath(path)) {
    const token = await getToken({
      req: request,
      secret: config.authSecret,
      secureCookie: config.secureCookies,
    });
    if (!token?.userId) {
      const signIn = new URL("/signin", request.url);
      signIn.searchParams.set("callbackUrl", `${path}${request.nextUrl.search}`);
      return NextResponse.redirect(signIn);
    }
  }
  return withSecurityHeaders(
    request,
    config,
    SIGN_IN_FORM_PATHS.has(path) ? signInCsrfCookie(request, config) : null,
  );
}

/**
 * The sign-in page renders a plain form next-auth accepts (it works before JavaScript has loaded), which needs
 * next-auth's CSRF cookie: made here on the first visit and handed to the page with the request.
 */
function signInCsrfCookie(request: NextRequest, config: Config): { name: string; value: string } | null {
  const name = csrfCookieName(config.secureCookies);
  if (csrfTokenOf(request.cookies.get(name)?.value, config.authSecret)) return null;
  return { name, value: newCsrfCookieValue(config.authSecret) };
}

export function isSandboxPath(path: string): boolean {
  return path === "/sandbox" || path.startsWith("/sandbox/");
}

function isPracticePath(path: string): boolean {
  return path === "/dashboard" || path.startsWith("/dashboard/");
}

function withSecurityHeaders(
  request: NextRequest,
  config: Config,
  newCookie: { name: string; value: string } | null = null,
): NextResponse {
  const policy = contentSecurityPolicy({
    nonce: createNonce(),
    development: config.env === "development",
    formOrigins: config.mode === "live" ? [new URL(config.drchrono.baseUrl).origin] : [],
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", policy);
  if (newCookie) {
    request.cookies.set(newCookie.name, newCookie.value);
    requestHeaders.set("cookie", request.cookies.toString());
  }
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", policy);
  if (newCookie) {
    response.cookies.set({
      ...newCookie,
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: config.secureCookies,
    });
  }
  const hsts = strictTransportSecurity(config);
  if (hsts) response.headers.set("strict-transport-security", hsts);
  return response;
}

export const config = {
  // Every page and route except Next's static files, the JSON API and the unsubscribe pages (which carry their
  // own stricter policy, lib/unsubscribe/handler.ts).
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/|unsubscribe/).*)"],
};
