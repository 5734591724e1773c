import { randomUUID } from "node:crypto";

/**
 * What the fake Resend and Twilio endpoints "delivered": exactly what each patient would have received, capped so
 * a long-running demo or a benchmark cannot grow it without bound. Tests make their own, in memory. The app's
 * process-wide outbox (app-outbox.ts) also writes through to an `OutboxStore` (the database, sandbox mode only),
 * so a demo's outbox survives a restart.
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

/** Where an outbox keeps its entries beyond this process: oldest first, at most `capacity` of them. */
export interface OutboxStore {
  load(capacity: number): Promise<OutboxEntry[]>;
  save(entry: OutboxEntry, capacity: number): Promise<void>;
  clear(): Promise<void>;
}

export class Outbox {
  private entries: OutboxEntry[] = [];
  private loading: Promise<void> | null = null;
  /** Bumped by `clear()`: a read that started before it must not bring the cleared entries back. */
  private generation = 0;
  /** Writes to the store, in order; `flush()` waits for them. */
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly capacity = OUTBOX_CAPACITY,
    private readonly store?: OutboxStore,
  ) {}

  add(entry: NewOutboxEntry): OutboxEntry {
    const stored: OutboxEntry = {
      ...entry,
      id: entry.id ?? randomUUID(),
      createdAt: entry.createdAt ?? new Date(),
    };
    this.entries.push(stored);
    this.trim();
    this.write((store) => store.save(stored, this.capacity));
    return stored;
  }

  /** Reads the store once (later calls reuse the first read); entries added meanwhile stay, after the stored ones. */
  ready(): Promise<void> {
    const store = this.store;
    if (!store) return Promise.resolve();
    const generation = this.generation;
    this.loading ??= store.load(this.capacity).then((stored) => {
      if (generation !== this.generation) return;
      const known = new Set(this.entries.map((e) => e.id));
      this.entries = [...stored.filter((e) => !known.has(e.id)), ...this.entries];
      this.trim();
    });
    return this.loading;
  }

  /** Waits until every entry added so far is in the store. */
  flush(): Promise<void> {
    return this.writes;
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
    this.generation += 1;
    this.loading ??= Promise.resolve();
    this.write((store) => store.clear());
  }

  private trim(): void {
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  // A lost write costs a demo one message after a restart; it must never fail the fake provider's request.
  private write(step: (store: OutboxStore) => Promise<void>): void {
    const store = this.store;
    if (!store) return;
    this.writes = this.writes
      .then(() => step(store))
      .catch((error: unknown) => {
        console.error("sandbox outbox: could not write:", error instanceof Error ? error.message : error);
      });
  }
}
