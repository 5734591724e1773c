/*
 * Runs once when a server starts (`next start`, `next dev`, a Vercel function's cold start). Configuration is
 * checked here so a bad or partial one refuses to start, with a message naming what is missing, instead of
 * failing on the first request (or, worse, serving a half-live app). `next build` needs no configuration.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { ConfigError, getConfig } = await import("@/lib/env");
  try {
    const config = getConfig();
    if (config.mode === "sandbox") {
      const { announceSandbox } = await import("@/sandbox/announce");
      announceSandbox(config);
    }
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`${error.message}\nThe server refuses to start.`);
    process.exit(1);
  }
}
