import { randomUUID } from "node:crypto";
import type { EventEmitter } from "node:events";
import { eq } from "drizzle-orm";
import type { Database, DatabaseHandle } from "@/db/client";
import { type Account, accounts, users } from "@/db/schema";
import { createTestDatabase } from "@/db/testing";
import { createEmailChannel } from "@/lib/channels/email";
import { createSmsChannel } from "@/lib/channels/sms";
import type { EmailChannel, SmsChannel } from "@/lib/channels/types";
import type { DispatchDeps } from "@/lib/dispatch/types";
import { MemoryCallBudget } from "@/lib/drchrono/budget";
import { createDrchronoClient, type DrchronoClientOptions } from "@/lib/drchrono/client";
import { refreshAccessToken } from "@/lib/drchrono/oauth";
import { getAccessToken, saveGrant } from "@/lib/vault/tokens";
import { RESEND_WEBHOOK_PATH, TWILIO_INBOUND_PATH, TWILIO_STATUS_PATH } from "@/lib/webhooks/paths";
import { receiveResendWebhook } from "@/lib/webhooks/resend";
import { receiveTwilioInbound, receiveTwilioStatus } from "@/lib/webhooks/twilio";
import { createDrchronoEmulator, type DrchronoEmulator, startEmulatorServer } from "@/sandbox/drchrono";
import { SANDBOX_RESEND_API_KEY } from "@/sandbox/providers/resend-fake";
import { type FakeProvidersServer, startFakeProvidersServer } from "@/sandbox/providers/server";
import { SANDBOX_TWILIO_ACCOUNT_SID, SANDBOX_TWILIO_AUTH_TOKEN } from "@/sandbox/providers/twilio-fake";
import type { WebhookTransport } from "@/sandbox/providers/webhooks";

/*
 * A complete world for dispatch tests and the bench: a fresh database, the drchrono emulator and the fake
 * providers on loopback (real HTTP, the real drchrono client, the real Resend and Twilio SDKs) and a settable
 * clock shared by all of them. Nothing is mocked.
 *
 * The fakes' signed delivery events wait in `providers.webhooks` (manual mode) until a test flushes or posts them,
 * so it decides when each arrives, in what order and how often. By default they go, in-process, to the app's own
 * webhook handlers (lib/webhooks: signature checks included) on the world's database and clock, so the whole
 * delivery loop runs; `receiveWebhooks` routes them elsewhere. Every text asks for status callbacks, as in the app.
 */

export interface WorldOptions {
  driver?: "pglite" | "postgres";
  now: Date;
  patients?: number;
  seed?: number;
  /** Off (null) unless a test is about rate limits. */
  rateLimitPerHour?: number | null;
  latencyMs?: number;
}

export interface PracticeSetup {
  practiceGroup: number;
  activation?: Account["activation"];
  paused?: boolean;
  channelMode?: Account["channelMode"];
  smsConsent?: boolean;
  timeZone?: string;
  scopes?: string[];
}

export interface DispatchWorld {
  db: Database;
  emulator: DrchronoEmulator;
  providers: FakeProvidersServer;
  emulatorUrl: string;
  /** The shared clock: the emulator, the fakes and the vault read it; runs get it as `now`. */
  now(): Date;
  setNow(date: Date): void;
  advance(ms: number): Date;
  channels: { email: EmailChannel; sms: SmsChannel };
  /** `client` tunes the drchrono client (e.g. a sleep that moves the shared clock instead of waiting). */
  deps(overrides?: Partial<DispatchDeps>, client?: Partial<DrchronoClientOptions>): DispatchDeps;
  /** Where the fakes' signed events go instead of the app's webhook handlers (`appWebhookReceiver`). */
  receiveWebhooks(receiver: WebhookTransport): void;
  /** An account for a sandbox practice, signed in by its doctor, with an encrypted grant in the vault. */
  addPractice(setup: PracticeSetup): Promise<Account>;
  close(): Promise<void>;
}

export const UNSUBSCRIBE_TEST_SECRET = "dispatch-test-secret-with-enough-entropy";
export const WORLD_APP_URL = "http://localhost:3000";
/** The fake Resend signs the world's events with this (the app side's RESEND_WEBHOOK_SECRET). */
export const WORLD_RESEND_WEBHOOK_SECRET = `whsec_${Buffer.from("world-resend-webhook-signing-key").toString("base64")}`;
/** Keys the contact hashes of the test world (suppression and STOP matching), as the app secret does in production. */
export const CONTACT_HASH_TEST_SECRET = "contact-hash-test-secret-with-enough-entropy";

export async function createDispatchWorld(options: WorldOptions): Promise<DispatchWorld> {
  let current = options.now;
  const clock = () => current;
  const handle: DatabaseHandle = await createTestDatabase(options.driver ?? "pglite");
  const emulator = createDrchronoEmulator({
    seed: options.seed ?? 42,
    patients: options.patients ?? 300,
    now: clock,
  });
  emulator.faults.rateLimitPerHour = options.rateLimitPerHour ?? null;
  emulator.faults.latencyMs = options.latencyMs ?? 0;
  const server = await startEmulatorServer(emulator);
  let receiver: WebhookTransport = appWebhookReceiver(handle.db, clock);
  const providers = await startFakeProvidersServer({
    now: clock,
    webhooks: {
      resendUrl: `${WORLD_APP_URL}${RESEND_WEBHOOK_PATH}`,
      resendSecret: WORLD_RESEND_WEBHOOK_SECRET,
      twilioInboundUrl: `${WORLD_APP_URL}${TWILIO_INBOUND_PATH}`,
      transport: (request) => receiver(request),
    },
  });
  providers.webhooks.mode = "manual";
  const channels = {
    email: createEmailChannel({
      apiKey: SANDBOX_RESEND_API_KEY,
      baseUrl: providers.resendUrl,
      from: "Birthday Greetings <greetings@example.com>",
    }),
    sms: createSmsChannel({
      accountSid: SANDBOX_TWILIO_ACCOUNT_SID,
      authToken: SANDBOX_TWILIO_AUTH_TOKEN,
      baseUrl: providers.twilioUrl,
      from: "+15005550006",
      statusCallbackUrl: `${WORLD_APP_URL}${TWILIO_STATUS_PATH}`,
    }),
  };
  const db = handle.db;
  // Closing a test database drops it WITH (FORCE) right after pool.end(), which resolves before every client's
  // socket is gone; the pool then reports the server shutting an idle straggler down. That is the intended end
  // of the test, not an error worth failing a run for.
  const pool = (db as unknown as { $client?: Partial<EventEmitter> }).$client;
  pool?.on?.("error", () => {});

  const world: DispatchWorld = {
    db,
    emulator,
    providers,
    emulatorUrl: server.url,
    now: clock,
    setNow(date) {
      current = date;
    },
    advance(ms) {
      current = new Date(current.getTime() + ms);
      return current;
    },
    channels,
    deps: (overrides = {}, client = {}) => ({
      db,
      drchronoFor: async (account) => {
        const accessToken = () =>
          getAccessToken(db, account.id, {
            now: clock,
            refresh: (refreshToken) =>
              refreshAccessToken({
                baseUrl: server.url,
                clientId: "sandbox-client",
                clientSecret: "sandbox-secret",
                refreshToken,
              }),
          });
        await accessToken();
        return createDrchronoClient({
          baseUrl: server.url,
          accessToken,
          // Our own hourly budget is the client's business (tested there); here it must not get in the way.
          budget: new MemoryCallBudget({ limitPerHour: Number.MAX_SAFE_INTEGER, now: clock }),
          now: clock,
          ...client,
        });
      },
      channels,
      appUrl: WORLD_APP_URL,
      unsubscribeSecret: UNSUBSCRIBE_TEST_SECRET,
      contactHashSecret: CONTACT_HASH_TEST_SECRET,
      incrementalSync: true,
      ...overrides,
    }),
    receiveWebhooks(next) {
      receiver = next;
    },
    async addPractice(setup) {
      const practice = emulator.practices.find((p) => p.practiceGroup === setup.practiceGroup);
      const user = emulator.users.find((u) => u.practiceGroup === setup.practiceGroup && u.role === "doctor");
      if (!practice || !user) throw new Error(`no sandbox practice ${setup.practiceGroup}`);
      const primary = practice.doctors.find((d) => d.id === practice.primaryDoctorId);
      const scopes = setup.scopes ?? ["user:read", "patients:read"];
      const [account] = await db
        .insert(accounts)
        .values({
          practiceGroupId: practice.practiceGroup,
          practiceName: practice.name,
          practiceAddress: "120 Maple Street, Suite 200, New York, NY 10001",
          practicePhone: primary?.office_phone || null,
          activation: setup.activation ?? "active",
          paused: setup.paused ?? false,
          grantedScopes: scopes,
          timeZone: setup.timeZone ?? primary?.timezone ?? "UTC",
          channelMode: setup.channelMode ?? "email",
          smsConsentAttestedBy: setup.smsConsent ? "test" : null,
          smsConsentAttestedAt: setup.smsConsent ? clock() : null,
        })
        .returning();
      if (!account) throw new Error("account insert returned nothing");
      const [row] = await db
        .insert(users)
        .values({
          accountId: account.id,
          drchronoUserId: user.id,
          username: user.username,
          role: user.role,
          drchronoDoctorId: user.doctor,
        })
        .returning();
      const tokens = emulator.issueTokens(user.id, scopes);
      await saveGrant(db, {
        accountId: account.id,
        grantedByUserId: row?.id ?? null,
        accessToken: tokens.access_token,
        refreshToken: tokens.refresh_token,
        expiresAt: new Date(clock().getTime() + tokens.expires_in * 1000),
        scopes,
      });
      return account;
    },
    async close() {
      await providers.close();
      await server.close();
      await handle.close();
    },
  };
  return world;
}

/**
 * The app's webhook handlers, called in-process by path, with the world's secrets, database and clock: what the
 * route handlers in app/api/webhooks do with the production configuration.
 */
export function appWebhookReceiver(db: Database, clock: () => Date): WebhookTransport {
  const deps = { db, now: clock, authToken: SANDBOX_TWILIO_AUTH_TOKEN, appUrl: WORLD_APP_URL };
  return async (request) => {
    const path = new URL(request.url).pathname;
    if (path === RESEND_WEBHOOK_PATH) {
      return receiveResendWebhook(request, { db, now: clock, secret: WORLD_RESEND_WEBHOOK_SECRET });
    }
    if (path === TWILIO_STATUS_PATH) return receiveTwilioStatus(request, deps);
    if (path === TWILIO_INBOUND_PATH) {
      return receiveTwilioInbound(request, { ...deps, contactHashSecret: CONTACT_HASH_TEST_SECRET });
    }
    return new Response("no such webhook", { status: 404 });
  };
}

/** Re-reads an account (tests flip paused/activation between runs). */
export async function setAccount(db: Database, id: string, patch: Partial<Account>): Promise<void> {
  await db.update(accounts).set(patch).where(eq(accounts.id, id));
}

export const runnerIds = (n: number) => Array.from({ length: n }, () => randomUUID());
