import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DatabaseLockedError, openDatabase } from "@/db/client";

/** Opens the embedded database in another process, as a running dev server would, and waits until it holds it. */
function holdInAnotherProcess(dir: string): Promise<ChildProcess> {
  const script = `
    const client = await import("./db/client.ts");
    const { openDatabase } = client.default ?? client;
    const handle = openDatabase({ kind: "pglite", dir: ${JSON.stringify(dir)} });
    handle.migrate().then(() => console.log("ready"));
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: process.cwd(),
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("ready")) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`holder exited with ${code}`)));
  });
}

describe("the embedded database directory", () => {
  let holder: ChildProcess | undefined;
  afterEach(() => {
    holder?.kill("SIGKILL");
  });

  it("refuses a second process with a clear error, and opens once the first is gone", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "bg-lock-"));
    holder = await holdInAnotherProcess(dir);
    expect(() => openDatabase({ kind: "pglite", dir })).toThrow(DatabaseLockedError);
    expect(() => openDatabase({ kind: "pglite", dir })).toThrow(
      new RegExp(`already open in process ${holder.pid}.*set DATABASE_URL`),
    );

    const exited = new Promise((resolve) => holder?.once("exit", resolve));
    holder.kill("SIGKILL");
    await exited;
    // The dead holder's lock file is stale: this process may open the directory now.
    const handle = openDatabase({ kind: "pglite", dir });
    await handle.migrate();
    await handle.close();
  });
});
