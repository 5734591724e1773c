import "server-only";
import { now } from "@/lib/clock";
import { getConfig } from "@/lib/env";
import { createDrchronoEmulator, type DrchronoEmulator } from "./drchrono";
import { assertSandboxMode } from "./mode";

/** The app's one emulator per process; kept on globalThis so Next's dev reloads and route bundles share it. */
const KEY = Symbol.for("birthday-greetings.sandbox.drchrono");

type WithEmulator = typeof globalThis & { [KEY]?: DrchronoEmulator };

export function getSandboxEmulator(): DrchronoEmulator {
  const config = getConfig();
  assertSandboxMode(config);
  const store = globalThis as WithEmulator;
  if (!store[KEY]) {
    store[KEY] = createDrchronoEmulator({
      seed: config.sandbox.seed,
      patients: config.sandbox.patients,
      now,
      clientId: config.drchrono.clientId,
      clientSecret: config.drchrono.clientSecret,
    });
  }
  return store[KEY];
}
