import { createRequire } from "node:module";
import path from "node:path";
import type { AuthOptions } from "next-auth";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildAuthOptions, followAppUrl } from "@/lib/auth/options";
import { loadConfig } from "@/lib/env";

// next-auth's own request handler and origin detection, exactly as its App Router entry uses them (its package
// exports do not list these files, so they are loaded by path).
const load = createRequire(import.meta.url);
const nextAuthDir = path.resolve(import.meta.dirname, "../../../node_modules/next-auth");
const { AuthHandler } = load(`${nextAuthDir}/core/index.js`) as {
  AuthHandler(params: {
    req: Record<string, unknown>;
    options: AuthOptions;
  }): Promise<{ body?: unknown; status?: number }>;
};
const { detectOrigin } = load(`${nextAuthDir}/utils/detect-origin.js`) as {
  detectOrigin(host?: string, proto?: string): string | undefined;
};

const ENV = {
  NODE_ENV: "test",
  APP_URL: "https://greetings.example.org",
  NEXTAUTH_SECRET: "s".repeat(40),
} as NodeJS.ProcessEnv;

describe("one public URL: APP_URL drives next-auth's callback", () => {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.NEXTAUTH_URL;
    delete process.env.NEXTAUTH_URL;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.NEXTAUTH_URL;
    else process.env.NEXTAUTH_URL = saved;
  });

  async function providers(forwardedHost?: string) {
    const config = loadConfig(ENV);
    followAppUrl(config);
    const response = await AuthHandler({
      req: {
        origin: detectOrigin(forwardedHost, "https"),
        action: "providers",
        method: "GET",
        headers: {},
        cookies: {},
        query: {},
      },
      options: buildAuthOptions(config),
    });
    return response.body as Record<string, { callbackUrl: string; signinUrl: string }>;
  }

  it("with only APP_URL set, the redirect_uri sent to drchrono is APP_URL's, not localhost:3000", async () => {
    expect((await providers()).drchrono).toMatchObject({
      signinUrl: "https://greetings.example.org/api/auth/signin/drchrono",
      callbackUrl: "https://greetings.example.org/api/auth/callback/drchrono",
    });
  });

  it("a forwarded Host header does not move it elsewhere", async () => {
    expect((await providers("evil.example")).drchrono?.callbackUrl).toBe(
      "https://greetings.example.org/api/auth/callback/drchrono",
    );
  });
});
