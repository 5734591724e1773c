import type { Config } from "@/lib/env";

/*
 * Support's sign-in page with no ADMIN_EMAILS: nobody can sign in, and in a sandbox that is usually a first try
 * of the demo. In sandbox mode the page says how to set it; a live deployment says nothing about its
 * configuration to visitors.
 */

export const NO_ADMIN_EMAILS_HINT =
  "No support addresses are set, so no one can sign in here yet. Set ADMIN_EMAILS to a comma-separated list of addresses and restart, for example: ADMIN_EMAILS=support@example.com npm run dev";

export function adminSignInHint(config: Pick<Config, "mode" | "adminEmails">): string | null {
  return config.mode === "sandbox" && config.adminEmails.length === 0 ? NO_ADMIN_EMAILS_HINT : null;
}
