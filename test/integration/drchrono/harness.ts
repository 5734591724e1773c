/* A drchrono emulator on a loopback port with a hand-moved clock shared by the emulator and the client. */
import { afterEach } from "vitest";
import { MemoryCallBudget } from "@/lib/drchrono/budget";
import { createDrchronoClient, type DrchronoClientOptions } from "@/lib/drchrono/client";
import { createDrchronoEmulator, type DrchronoEmulator, startEmulatorServer } from "@/sandbox/drchrono";

export interface Harness {
  emulator: DrchronoEmulator;
  url: string;
  clock: { now: () => Date; advance(ms: number): void };
  /** Waits the client asked for; they move the shared clock instead of real time. */
  sleeps: number[];
  /** A client for the sandbox user with the given scopes. */
  client(
    scopes?: string[],
    options?: Partial<DrchronoClientOptions> & { userId?: number },
  ): ReturnType<typeof createDrchronoClient> & { accessToken: string };
}

const open: { close(): Promise<void> | void }[] = [];

afterEach(async () => {
  while (open.length > 0) await open.pop()?.close();
});

export async function startHarness(options: { patients?: number; at?: string } = {}): Promise<Harness> {
  let t = Date.parse(options.at ?? "2026-03-02T15:00:00Z");
  const clock = {
    now: () => new Date(t),
    advance: (ms: number) => {
      t += ms;
    },
  };
  const emulator = createDrchronoEmulator({ seed: 42, patients: options.patients ?? 300, now: clock.now });
  const server = await startEmulatorServer(emulator);
  open.push(server);
  const sleeps: number[] = [];
  const doctor = emulator.users.find((u) => u.role === "doctor");
  if (!doctor) throw new Error("the emulator has no doctor");

  return {
    emulator,
    url: server.url,
    clock,
    sleeps,
    client(scopes = ["user:read", "patients:read"], { userId, ...rest } = {}) {
      const tokens = emulator.issueTokens(userId ?? doctor.id, scopes);
      const api = createDrchronoClient({
        baseUrl: server.url,
        accessToken: tokens.access_token,
        // A private, generous budget so each test sees only the limits it sets up.
        budget: new MemoryCallBudget({ limitPerHour: 100_000, now: clock.now }),
        now: clock.now,
        sleep: async (ms) => {
          sleeps.push(ms);
          clock.advance(ms);
        },
        random: () => 0.5,
        ...rest,
      });
      return Object.assign(api, { accessToken: tokens.access_token });
    },
  };
}
