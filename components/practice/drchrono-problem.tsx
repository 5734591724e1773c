import Link from "next/link";
import type { LiveProblem } from "./drchrono";

/** What the practice sees when drchrono cannot answer: a plain message inside the page, never an error page. */
export function DrchronoProblem({ problem, what = "the list" }: { problem: LiveProblem; what?: string }) {
  if (problem === "needs_reauth")
    return (
      <p className="notice" role="status">
        drchrono no longer accepts our access to your practice, so {what} cannot be shown.{" "}
        <Link href="/signin">Sign in with drchrono again</Link> to reconnect.
      </p>
    );
  if (problem === "forbidden")
    return (
      <p className="notice" role="status">
        drchrono refused to show patient records to this account. A drchrono administrator may need to grant
        the “manage patients” permission; then <Link href="/signin">sign in again</Link>.
      </p>
    );
  if (problem === "saving_calls")
    return (
      <p className="notice" role="status">
        Patient names are not shown right now: drchrono allows us a limited number of calls each hour, and the
        calls left are kept for today&rsquo;s birthday greetings. They will be back within the hour.
      </p>
    );
  return (
    <p className="notice" role="status">
      drchrono is not answering right now; {what} will be back when it is. Please try again in a few minutes.
    </p>
  );
}
