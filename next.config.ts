import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships WebAssembly and data files that must be loaded from node_modules, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "twilio"],
  poweredByHeader: false,
  // drchrono's OAuth endpoints end in a slash (/o/token/); Next's default 308 to the slash-less URL would break the
  // token exchange with the mounted emulator (next-auth and our client do not follow redirects on POST).
  skipTrailingSlashRedirect: true,
  // Content-Security-Policy and HSTS are set per request by proxy.ts (the CSP carries a fresh script nonce).
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
      // Unsubscribe URLs carry a token: those pages send `no-referrer` themselves (lib/unsubscribe/handler.ts),
      // and a header set here would replace it.
      {
        source: "/:path((?!unsubscribe/).*)",
        headers: [{ key: "Referrer-Policy", value: "strict-origin-when-cross-origin" }],
      },
    ];
  },
};

export default nextConfig;
