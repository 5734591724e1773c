import { getConfig } from "@/lib/env";

/** Shown on every page whenever any outside service is replaced by a built-in stand-in. */
export function SandboxBanner() {
  const { sandbox, drchrono, email, sms } = getConfig();
  if (!sandbox.any) return null;
  const standIns = [
    drchrono.sandbox && "drchrono emulator",
    email.sandbox && "e-mail outbox",
    sms.sandbox && "SMS outbox",
  ]
    .filter(Boolean)
    .join(", ");
  return (
    <div className="sandbox-banner" role="note" aria-label="Sandbox mode">
      <strong>Sandbox</strong> — nothing reaches real patients. Using the {standIns}.{" "}
      <a href="/sandbox/outbox">Open the outbox</a>
    </div>
  );
}
