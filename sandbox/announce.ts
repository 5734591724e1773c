import type { Config } from "@/lib/env";

/** Printed once at start-up in sandbox mode, so whoever runs the server knows no real service is used. */
export function announceSandbox(_config: Config): void {
  console.info(
    "Sandbox mode: drchrono, e-mail and SMS are built-in stand-ins; messages land in /sandbox/outbox.",
  );
}
