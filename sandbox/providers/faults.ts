/**
 * Fault knobs of one fake provider, so tests, the bench and demos can stage what real providers do on a bad day:
 * a transient 5xx, an outage, a rate-limit storm, a specific error code, slowness.
 */

export type Fault =
  /** Every send fails with 503 until cleared: an outage. */
  | "always"
  /** A provider code: an HTTP status for Resend (e.g. 429, 422), a Twilio error code for Twilio (e.g. 21610). */
  | number;

export interface FaultKnobs {
  /** Delay before every answer. */
  latencyMs: number;
  /** The next `times` requests fail with `status` (default 500), then the provider recovers. */
  failNext(times?: number, status?: number): void;
  /** Every send fails with `fault` (optionally only sends to `to`) until `failWith(null)` or `reset()`. */
  failWith(fault: Fault | null, options?: { to?: string }): void;
  /**
   * The next `times` requests are carried out, but their answers are lost on the way back (the connection
   * drops): the caller cannot tell whether the message left. Served by the loopback server.
   */
  loseNext(times?: number): void;
  /** For the server: whether the answer to the request just handled is to be lost (counts it down). */
  takeLostAnswer(): boolean;
  /** Phone numbers that replied STOP: Twilio answers 21610 for them. */
  readonly stopped: Set<string>;
  /** Requests answered so far (all kinds), to assert how many provider calls a run made. */
  readonly requests: number;
  /** One-off failures (`failNext`) and lost answers (`loseNext`) actually served so far. */
  readonly served: { readonly failed: number; readonly lost: number };
  /** The provider recovers: one-off failures and lost answers not yet served, and the standing fault, end. */
  recover(): void;
  reset(): void;
}

export class Faults implements FaultKnobs {
  latencyMs = 0;
  readonly stopped = new Set<string>();
  private pending: number[] = [];
  private lost = 0;
  readonly served = { failed: 0, lost: 0 };
  private standing: { fault: Fault; to?: string } | null = null;
  private count = 0;

  get requests(): number {
    return this.count;
  }

  failNext(times = 1, status = 500): void {
    for (let i = 0; i < times; i++) this.pending.push(status);
  }

  loseNext(times = 1): void {
    this.lost += times;
  }

  /** Whether the answer to the request just handled is to be lost (counts it down). */
  takeLostAnswer(): boolean {
    if (this.lost === 0) return false;
    this.lost -= 1;
    this.served.lost += 1;
    return true;
  }

  failWith(fault: Fault | null, options: { to?: string } = {}): void {
    this.standing = fault === null ? null : { fault, to: options.to };
  }

  recover(): void {
    this.pending = [];
    this.lost = 0;
    this.standing = null;
  }

  reset(): void {
    this.latencyMs = 0;
    this.stopped.clear();
    this.pending = [];
    this.lost = 0;
    this.standing = null;
    this.count = 0;
    this.served.failed = 0;
    this.served.lost = 0;
  }

  /** Counts the request and waits out the latency; returns a one-off HTTP status to fail with, if any. */
  async begin(): Promise<number | null> {
    this.count += 1;
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    const status = this.pending.shift() ?? null;
    if (status !== null) this.served.failed += 1;
    return status;
  }

  /** The standing fault that applies to a send to `to`, if any. */
  standingFor(to: string): Fault | null {
    if (!this.standing) return null;
    if (this.standing.to !== undefined && this.standing.to !== to) return null;
    return this.standing.fault;
  }
}

export function json(body: unknown, status: number, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}
