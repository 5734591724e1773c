import { getConfig } from "@/lib/env";

/**
 * Shown on every page in sandbox mode, and only then. "Nothing reaches real patients" is said only when every
 * outside service is a stand-in; a development opt-in to a partial setup (ALLOW_PARTIAL_SANDBOX) names what is live.
 */
export function SandboxBanner() {
  const { sandbox, drchrono, email, sms } = getConfig();
  if (!sandbox.any) return null;
  const services = [
    { name: "drchrono", standIn: "drchrono emulator", fake: drchrono.sandbox },
    { name: "e-mail", standIn: "e-mail outbox", fake: email.sandbox },
    { name: "SMS", standIn: "SMS outbox", fake: sms.sandbox },
  ];
  const standIns = services.filter((s) => s.fake).map((s) => s.standIn);
  const live = services.filter((s) => !s.fake).map((s) => s.name);
  return (
    <div className="sandbox-banner" role="note" aria-label="Sandbox mode">
      {live.length === 0 ? (
        <>
          <strong>Sandbox</strong> — nothing reaches real patients. Using the {standIns.join(", ")}.{" "}
        </>
      ) : (
        <>
          <strong>Partial sandbox (development)</strong> — live: {live.join(", ")}. Using the{" "}
          {standIns.join(", ")}.{" "}
        </>
      )}
      <a href="/sandbox/outbox">Open the outbox</a>
    </div>
  );
}
