import { randomUUID } from "node:crypto";

/**
 * What the fake Resend and Twilio endpoints "delivered": exactly what each patient would have received.
 * Sandbox data is made up, so it lives in memory only (never in Postgres) and is capped so a long-running demo
 * or a benchmark cannot grow it without bound. The app shares one outbox per process (`getSandboxOutbox`);
 * tests make their own.
 */

export type OutboxChannel = "email" | "sms";

export interface OutboxEntry {
  id: string;
  channel: OutboxChannel;
  to: string;
  from: string;
  subject?: string;
  html?: string;
  text?: string;
  /** SMS text. */
  body?: string;
  /** SMS segments as the carrier would count them. */
  segments?: number;
  headers: Record<string, string>;
  idempotencyKey?: string;
  createdAt: Date;
}

export type NewOutboxEntry = Omit<OutboxEntry, "id" | "createdAt"> & { id?: string; createdAt?: Date };

export const OUTBOX_CAPACITY = 5_000;

export class Outbox {
  private entries: OutboxEntry[] = [];

  constructor(private readonly capacity = OUTBOX_CAPACITY) {}

  add(entry: NewOutboxEntry): OutboxEntry {
    const stored: OutboxEntry = {
      ...entry,
      id: entry.id ?? randomUUID(),
      createdAt: entry.createdAt ?? new Date(),
    };
    this.entries.push(stored);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
    return stored;
  }

  /** Newest first. */
  list(filter: { channel?: OutboxChannel; to?: string } = {}): OutboxEntry[] {
    return this.entries
      .filter((e) => (!filter.channel || e.channel === filter.channel) && (!filter.to || e.to === filter.to))
      .reverse();
  }

  get size(): number {
    return this.entries.length;
  }

  clear(): void {
    this.entries = [];
  }
}

// Kept on globalThis: Next bundles route handlers and pages separately, and hot reload re-evaluates modules.
const holder = globalThis as unknown as { __sandboxOutbox?: Outbox };

/** The app's process-wide outbox, shared by the fake endpoints and the /sandbox/outbox page. */
export function getSandboxOutbox(): Outbox {
  holder.__sandboxOutbox ??= new Outbox();
  return holder.__sandboxOutbox;
}
