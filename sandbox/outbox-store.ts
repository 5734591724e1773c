import { randomUUID } from "node:crypto";
import { desc, inArray, sql } from "drizzle-orm";
import type { Database } from "@/db";
import { sandboxOutbox } from "@/db/schema";
import { decryptField, type EncryptionKey, encryptField } from "@/lib/vault/crypto";
import type { OutboxChannel, OutboxEntry, OutboxStore } from "./outbox";

/*
 * The sandbox outbox in the `sandbox_outbox` table, so a demo's messages survive a restart. Made-up patients, but
 * the rows still hold addresses and message text, so each payload is sealed with the vault's field encryption,
 * bound to its row. Rows that no configured key opens (keys changed since) are left out.
 */

/** The vault binds each ciphertext to an "account" and a field; the outbox has no account. */
const BINDING_OWNER = "sandbox-outbox";

type StoredEntry = Omit<OutboxEntry, "createdAt"> & { createdAt: string };

export function databaseOutboxStore(db: () => Promise<Database>, keys?: EncryptionKey[]): OutboxStore {
  return {
    async load(capacity) {
      const rows = await (await db())
        .select()
        .from(sandboxOutbox)
        .orderBy(desc(sandboxOutbox.createdAt))
        .limit(capacity);
      return rows.reverse().flatMap((row) => {
        const entry = open(row.payload, row.id, keys);
        return entry && entry.channel === row.kind ? [entry] : [];
      });
    },
    async save(entry, capacity) {
      const database = await db();
      const id = randomUUID();
      const stored: StoredEntry = { ...entry, createdAt: entry.createdAt.toISOString() };
      const payload = encryptField(JSON.stringify(stored), { accountId: BINDING_OWNER, field: id }, keys);
      await database
        .insert(sandboxOutbox)
        .values({ id, kind: entry.channel satisfies OutboxChannel, payload });
      // Keep the cap in the table too: the oldest rows beyond it go.
      const beyond = database
        .select({ id: sandboxOutbox.id })
        .from(sandboxOutbox)
        .orderBy(desc(sandboxOutbox.createdAt), desc(sandboxOutbox.id))
        .offset(capacity);
      await database.delete(sandboxOutbox).where(inArray(sandboxOutbox.id, beyond));
    },
    async clear() {
      await (await db()).delete(sandboxOutbox).where(sql`true`);
    },
  };
}

function open(payload: string, rowId: string, keys?: EncryptionKey[]): OutboxEntry | null {
  try {
    const stored = JSON.parse(
      decryptField(payload, { accountId: BINDING_OWNER, field: rowId }, keys),
    ) as StoredEntry;
    return { ...stored, createdAt: new Date(stored.createdAt) };
  } catch {
    return null;
  }
}
