import type { Account } from "@/db/schema";

/*
 * The account's state in words, for the practice's overview. Pure: the account row in, one sentence and the one
 * action that moves it forward out. Precedence follows what blocks greetings first: without drchrono access
 * nothing else matters; a deactivation by support outranks anything the practice can do itself.
 */

export type AccountState =
  | "missing_permissions"
  | "needs_reauth"
  | "deactivated"
  | "not_requested"
  | "activation_requested"
  | "paused"
  | "active";

export type Tone = "ok" | "warn" | "bad";

export interface AccountStateView {
  state: AccountState;
  title: string;
  explanation: string;
  action: { label: string; href: string } | null;
  tone: Tone;
}

export type AccountStateFacts = Pick<Account, "activation" | "paused" | "authStatus">;

export interface AccountStateContext {
  /** Where a deactivated practice can reach support. */
  supportEmail?: string;
}

export function accountStateOf(account: AccountStateFacts): AccountState {
  if (account.authStatus === "missing_scopes") return "missing_permissions";
  if (account.authStatus === "needs_reauth") return "needs_reauth";
  if (account.activation === "deactivated") return "deactivated";
  if (account.activation === "not_requested") return "not_requested";
  if (account.activation === "requested") return "activation_requested";
  if (account.paused) return "paused";
  return "active";
}

export function describeAccountState(
  account: AccountStateFacts,
  ctx: AccountStateContext = {},
): AccountStateView {
  const state = accountStateOf(account);
  switch (state) {
    case "missing_permissions":
      return {
        state,
        tone: "bad",
        title: "drchrono permissions are missing",
        explanation:
          "drchrono did not grant the access greetings need (reading patients, and the practice's doctors and " +
          "offices). Sign in again and allow every permission asked for; a drchrono administrator may have to " +
          "give your user the “manage patients” permission first. No greetings are sent until then.",
        action: { label: "Sign in with drchrono again", href: "/signin" },
      };
    case "needs_reauth":
      return {
        state,
        tone: "bad",
        title: "Sign in again to reconnect drchrono",
        explanation:
          "drchrono no longer accepts our access to your practice (it was revoked, or someone authorized again " +
          "elsewhere). Greetings are on hold until someone of the practice signs in with drchrono once more.",
        action: { label: "Sign in with drchrono again", href: "/signin" },
      };
    case "deactivated":
      return {
        state,
        tone: "bad",
        title: "Deactivated by support",
        explanation:
          "Support has switched greetings off for this practice, so none are sent and they cannot be resumed " +
          "from here. Contact support to talk about turning them back on.",
        action: ctx.supportEmail ? { label: "Contact support", href: `mailto:${ctx.supportEmail}` } : null,
      };
    case "not_requested":
      return {
        state,
        tone: "warn",
        title: "Not yet requested",
        explanation:
          "Greetings are not switched on yet. Review what automation cannot know about your patients and ask " +
          "support to activate the account; nothing is sent before that.",
        action: { label: "Request activation", href: "/dashboard/activation" },
      };
    case "activation_requested":
      return {
        state,
        tone: "warn",
        title: "Activation requested",
        explanation:
          "Support has your request and will contact you to confirm before switching greetings on. Meanwhile " +
          "you can review settings, preview the messages and opt patients out.",
        action: { label: "Review settings", href: "/dashboard/settings" },
      };
    case "paused":
      return {
        state,
        tone: "warn",
        title: "Paused",
        explanation:
          "Greetings are paused: the next daily run sends nothing for this practice. Resume whenever you like.",
        action: { label: "Resume greetings", href: "/dashboard#pause" },
      };
    case "active":
      return {
        state,
        tone: "ok",
        title: "Active",
        explanation:
          "Every day, each patient whose birthday it is receives one greeting from their doctor and colleagues.",
        action: null,
      };
  }
}
