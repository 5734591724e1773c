import type { Config } from "@/lib/env";

/**
 * Printed once at start-up in sandbox mode: what runs, and the key that shows support's sign-in e-mails in the
 * outbox. Whoever can read the server's console runs the demo; a visitor of a public demo cannot.
 */
export function announceSandbox(config: Config): void {
  console.info(
    [
      "Sandbox mode: drchrono, e-mail and SMS are built-in stand-ins; messages land in /sandbox/outbox.",
      `Support's sign-in e-mails are hidden there unless you enter the sandbox support key: ${config.sandbox.supportKey}`,
    ].join("\n"),
  );
}
