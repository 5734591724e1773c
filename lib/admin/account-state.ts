import { type AccountState, type AccountStateFacts, accountStateOf, type Tone } from "@/lib/accounts/state";

/*
 * The account's state as support needs it: what holds greetings back and what support (or the practice) does
 * next. The practice's own overview speaks to the practice ("contact support"); these words speak to support.
 */

export interface SupportStateView {
  state: AccountState;
  title: string;
  explanation: string;
  tone: Tone;
}

const VIEWS: Record<AccountState, Omit<SupportStateView, "state">> = {
  missing_permissions: {
    tone: "bad",
    title: "drchrono permissions missing",
    explanation:
      "drchrono refused what greetings read (patients, doctors, offices). Someone at the practice must sign in " +
      "again and allow every permission; a drchrono administrator may have to grant “manage patients” first.",
  },
  needs_reauth: {
    tone: "bad",
    title: "Needs re-authorization",
    explanation:
      "drchrono no longer accepts the practice's token (revoked, or authorized elsewhere). Runs skip the practice " +
      "until someone there signs in again; the practice was told by e-mail.",
  },
  deactivated: {
    tone: "bad",
    title: "Deactivated",
    explanation: "Support switched greetings off. Nothing is sent until support activates the account again.",
  },
  not_requested: {
    tone: "warn",
    title: "Activation not requested",
    explanation:
      "The practice has signed in but not yet acknowledged what automation cannot know; it cannot be activated " +
      "until it does. A dry run already shows what a run would do.",
  },
  activation_requested: {
    tone: "warn",
    title: "Awaiting activation",
    explanation:
      "The practice asked for activation. Call the contact below, confirm the details, run a dry run, then activate.",
  },
  paused: {
    tone: "warn",
    title: "Paused by the practice",
    explanation: "The practice paused greetings itself; runs skip it until the practice resumes.",
  },
  active: {
    tone: "ok",
    title: "Active",
    explanation: "Runs greet the practice's patients every day inside 08:00–21:00 in its time zone.",
  },
};

export function describeAccountForSupport(account: AccountStateFacts): SupportStateView {
  const state = accountStateOf(account);
  return { state, ...VIEWS[state] };
}

/** Who did it, in words: a user's name from our users table, support's address, the patient or the system. */
export function describeActor(actor: string, userNames: ReadonlyMap<string, string>): string {
  if (actor.startsWith("user:")) {
    const name = userNames.get(actor.slice("user:".length));
    return name ?? "A user of the practice (no longer listed)";
  }
  if (actor.startsWith("admin:")) return `Support (${actor.slice("admin:".length)})`;
  if (actor.startsWith("drchrono-user:"))
    return `drchrono user ${actor.slice("drchrono-user:".length)} (refused)`;
  if (actor === "patient") return "The patient";
  if (actor === "system") return "The system";
  return actor;
}
