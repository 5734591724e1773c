import type { PracticeSession } from "@/lib/auth/session";

export type { PracticeSession };

/** What a server action tells its form. */
export type ActionResult =
  | { status: "idle" }
  | { status: "ok"; message: string }
  | { status: "error"; message: string };

export const IDLE: ActionResult = { status: "idle" };

export function actorOf(session: Pick<PracticeSession, "userId">): `user:${string}` {
  return `user:${session.userId}`;
}
