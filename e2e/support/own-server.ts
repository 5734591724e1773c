import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { type Browser, expect, type Page } from "@playwright/test";
import { e2eEnv } from "./env";

/*
 * A second sandbox server from the same production build, on its own port and its own database, for a story that
 * must not disturb (or be disturbed by) the shared server the other specs use in order.
 */

const NEXT = path.join(process.cwd(), "node_modules", ".bin", "next");

export interface OwnServer {
  url: string;
  output(): string;
  /** Stops the server and waits until it has exited (its database directory is then free to open). */
  stop(): Promise<void>;
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return await new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
}

/** Starts `next start` in sandbox mode with the shared e2e settings, `overrides` on top; resolves once healthy. */
export async function startOwnServer(port: number, overrides: Record<string, string>): Promise<OwnServer> {
  const url = `http://localhost:${port}`;
  const child = spawn(NEXT, ["start", "-p", String(port)], {
    env: {
      ...e2eEnv,
      APP_URL: url,
      PATH: process.env.PATH ?? "",
      ...overrides,
    } as unknown as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on("data", (chunk) => {
    output += String(chunk);
  });
  const server: OwnServer = {
    url,
    output: () => output,
    async stop() {
      child.kill("SIGTERM");
      await exited(child);
    },
  };
  try {
    await expect(async () => {
      const response = await fetch(`${url}/api/health`);
      expect(response.status).toBe(200);
    }).toPass({ timeout: 60_000 });
  } catch (error) {
    await server.stop();
    throw new Error(`the server did not start:\n${output}\n${String(error)}`);
  }
  return server;
}

/** A page in a fresh browser context on the given server (its own cookies). */
export async function newPage(browser: Browser, server: OwnServer): Promise<Page> {
  return (await browser.newContext({ baseURL: server.url })).newPage();
}
