import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type DatabaseHandle, openDatabase } from "@/db/client";
import { sandboxOutbox } from "@/db/schema";
import { Outbox } from "@/sandbox/outbox";
import { databaseOutboxStore } from "@/sandbox/outbox-store";

/*
 * The sandbox demo's outbox survives a restart: the app's outbox writes each message through to the database,
 * sealed with the vault's encryption, and a new process reads them back. Here the "restart" closes the embedded
 * database and opens its data directory again, as `npm run dev` does after Ctrl-C.
 */

const keys = [{ id: "outbox-test", key: randomBytes(32) }];
const AT = new Date("2026-03-10T16:00:00Z");
// Each start migrates an embedded database from scratch; the restart test starts two.
const SLOW = 120_000;

let dir: string;
let handle: DatabaseHandle | null = null;

async function start(): Promise<{ outbox: Outbox; handle: DatabaseHandle }> {
  handle = openDatabase({ kind: "pglite", dir });
  await handle.migrate();
  const db = handle.db;
  return {
    outbox: new Outbox(
      3,
      databaseOutboxStore(async () => db, keys),
    ),
    handle,
  };
}

afterEach(async () => {
  await handle?.close();
  handle = null;
  await rm(dir, { recursive: true, force: true });
});

describe("the sandbox outbox kept in the database", () => {
  it(
    "reads back after a restart what the previous process sent, newest first, sealed at rest",
    async () => {
      dir = await mkdtemp(path.join(tmpdir(), "outbox-store-"));
      const first = await start();
      await first.outbox.ready();
      first.outbox.add({
        id: "re_first",
        channel: "email",
        to: "maria.lopez@example.com",
        from: "Maple Family Practice <greetings@example.com>",
        subject: "Happy birthday, Maria!",
        html: "<p>Happy birthday, Maria!</p>",
        text: "Happy birthday, Maria!",
        headers: { "List-Unsubscribe": "<https://greetings.example.com/u/abc>" },
        createdAt: AT,
      });
      first.outbox.add({
        id: `SM${"a".repeat(32)}`,
        channel: "sms",
        to: "+15551230001",
        from: "+15550000000",
        body: "Happy birthday, Sam! Reply STOP to opt out.",
        segments: 1,
        headers: {},
        createdAt: AT,
      });
      await first.outbox.flush();

      const rows = await first.handle.db.select().from(sandboxOutbox);
      expect(rows.map((r) => r.kind).sort()).toEqual(["email", "sms"]);
      const atRest = JSON.stringify(rows);
      for (const plain of ["maria.lopez@example.com", "+15551230001", "Maria", "Sam"]) {
        expect(atRest).not.toContain(plain);
      }
      await first.handle.close();
      handle = null;

      const second = await start();
      expect(second.outbox.size).toBe(0);
      await second.outbox.ready();
      expect(second.outbox.list()).toEqual([
        {
          id: `SM${"a".repeat(32)}`,
          channel: "sms",
          to: "+15551230001",
          from: "+15550000000",
          body: "Happy birthday, Sam! Reply STOP to opt out.",
          segments: 1,
          headers: {},
          createdAt: AT,
        },
        {
          id: "re_first",
          channel: "email",
          to: "maria.lopez@example.com",
          from: "Maple Family Practice <greetings@example.com>",
          subject: "Happy birthday, Maria!",
          html: "<p>Happy birthday, Maria!</p>",
          text: "Happy birthday, Maria!",
          headers: { "List-Unsubscribe": "<https://greetings.example.com/u/abc>" },
          createdAt: AT,
        },
      ]);
    },
    SLOW,
  );

  it(
    "keeps only the newest messages up to its cap, and a clear empties the table",
    async () => {
      dir = await mkdtemp(path.join(tmpdir(), "outbox-store-"));
      const first = await start();
      for (const n of [1, 2, 3, 4, 5]) {
        first.outbox.add({
          id: `m${n}`,
          channel: "sms",
          to: `+1555000000${n}`,
          from: "+1",
          body: `${n}`,
          headers: {},
        });
      }
      await first.outbox.flush();
      expect(first.outbox.list().map((e) => e.id)).toEqual(["m5", "m4", "m3"]);
      expect(await first.handle.db.$count(sandboxOutbox)).toBe(3);

      const reader = new Outbox(
        3,
        databaseOutboxStore(async () => first.handle.db, keys),
      );
      await reader.ready();
      expect(reader.list().map((e) => e.id)).toEqual(["m5", "m4", "m3"]);

      reader.clear();
      await reader.flush();
      expect(await first.handle.db.$count(sandboxOutbox)).toBe(0);
    },
    SLOW,
  );

  it(
    "leaves out what no configured key can open (the keys changed since)",
    async () => {
      dir = await mkdtemp(path.join(tmpdir(), "outbox-store-"));
      const first = await start();
      first.outbox.add({
        id: "old",
        channel: "sms",
        to: "+15550000001",
        from: "+1",
        body: "hi",
        headers: {},
      });
      await first.outbox.flush();
      const otherKeys = [{ id: "rotated", key: randomBytes(32) }];
      const reader = new Outbox(
        3,
        databaseOutboxStore(async () => first.handle.db, otherKeys),
      );
      await reader.ready();
      expect(reader.list()).toEqual([]);
    },
    SLOW,
  );
});
