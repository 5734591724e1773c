import { describe, expect, it } from "vitest";
import { Outbox, type OutboxEntry, type OutboxStore } from "@/sandbox/outbox";

/** A store whose read answers only when the test says so, to order reads against sends and clears. */
function slowStore(stored: OutboxEntry[]) {
  let answer: () => void = () => {};
  const saved: string[] = [];
  const store: OutboxStore = {
    load: () => new Promise((resolve) => (answer = () => resolve(stored))),
    save: async (entry) => {
      saved.push(entry.id);
    },
    clear: async () => {
      saved.push("(cleared)");
    },
  };
  return { store, saved, answerRead: () => answer() };
}

const entry = (id: string): OutboxEntry => ({
  id,
  channel: "sms",
  to: "+15550000001",
  from: "+15550000000",
  body: id,
  headers: {},
  createdAt: new Date("2026-03-10T16:00:00Z"),
});

describe("the outbox's write-through store", () => {
  it("keeps a message sent while the earlier ones are still being read, after them", async () => {
    const { store, saved, answerRead } = slowStore([entry("old-1"), entry("old-2")]);
    const outbox = new Outbox(10, store);
    const reading = outbox.ready();
    outbox.add(entry("new"));
    answerRead();
    await reading;
    await outbox.flush();
    expect(outbox.list().map((e) => e.id)).toEqual(["new", "old-2", "old-1"]);
    expect(saved).toEqual(["new"]);
  });

  it("does not bring cleared messages back when the read answers after the clear", async () => {
    const { store, saved, answerRead } = slowStore([entry("old")]);
    const outbox = new Outbox(10, store);
    const reading = outbox.ready();
    outbox.clear();
    answerRead();
    await reading;
    await outbox.flush();
    expect(outbox.list()).toEqual([]);
    expect(saved).toEqual(["(cleared)"]);
  });

  it("keeps the cap when the stored messages and the new ones together exceed it", async () => {
    const { store, answerRead } = slowStore([entry("old-1"), entry("old-2")]);
    const outbox = new Outbox(2, store);
    const reading = outbox.ready();
    outbox.add(entry("new"));
    answerRead();
    await reading;
    expect(outbox.list().map((e) => e.id)).toEqual(["new", "old-2"]);
  });

  it("never fails a send when the store cannot write", async () => {
    const outbox = new Outbox(10, {
      load: async () => [],
      save: async () => {
        throw new Error("database gone");
      },
      clear: async () => {},
    });
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args.join(" "));
    try {
      expect(outbox.add(entry("sent")).id).toBe("sent");
      await outbox.flush();
    } finally {
      console.error = original;
    }
    expect(outbox.list().map((e) => e.id)).toEqual(["sent"]);
    expect(errors).toEqual(["sandbox outbox: could not write: database gone"]);
  });
});
