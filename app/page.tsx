import Link from "next/link";

export default function HomePage() {
  return (
    <main id="main" className="landing">
      <h1>Birthday Greetings</h1>
      <p className="lead">
        Every patient of your practice gets a warm “Happy birthday from Dr. Smith and colleagues” by e-mail or
        text on their birthday — exactly once, only when it is right to send it.
      </p>
      <p>
        <Link className="button" href="/signin">
          Sign in with drchrono
        </Link>
      </p>
      <p className="muted">
        Support staff: <Link href="/admin/signin">sign in to the admin pages</Link>.
      </p>
    </main>
  );
}
