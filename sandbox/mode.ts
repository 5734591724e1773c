import { type Config, getConfig } from "@/lib/env";

/**
 * Every stand-in the app itself serves (emulator, fake providers, outbox) is fetched through a getter that calls
 * this first: in live mode they do not exist, even if a request somehow got past proxy.ts's 404 for /sandbox/*.
 */
export function assertSandboxMode(config: Pick<Config, "mode"> = getConfig()): void {
  if (config.mode !== "sandbox") throw new Error("The sandbox stand-ins do not exist in live mode");
}
