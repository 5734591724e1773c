import "server-only";
import { getDb } from "@/db";
import { assertSandboxMode } from "./mode";
import { OUTBOX_CAPACITY, Outbox } from "./outbox";
import { databaseOutboxStore } from "./outbox-store";

// Kept on globalThis: Next bundles route handlers and pages separately, and hot reload re-evaluates modules.
const holder = globalThis as unknown as { __sandboxOutbox?: Outbox };

/**
 * The app's process-wide outbox, shared by the fake endpoints and the /sandbox/outbox page. Sandbox mode only: it
 * writes every message through to the database (sandbox/outbox-store.ts), so the outbox survives a restart.
 */
export function getSandboxOutbox(): Outbox {
  assertSandboxMode();
  if (!holder.__sandboxOutbox) {
    const outbox = new Outbox(OUTBOX_CAPACITY, databaseOutboxStore(getDb));
    holder.__sandboxOutbox = outbox;
    void outbox.ready().catch((error: unknown) => {
      console.error("sandbox outbox: could not read:", error instanceof Error ? error.message : error);
    });
  }
  return holder.__sandboxOutbox;
}

/** The outbox with what earlier processes stored already read back (for pages that list it). */
export async function loadSandboxOutbox(): Promise<Outbox> {
  const outbox = getSandboxOutbox();
  await outbox.ready().catch(() => {});
  return outbox;
}
