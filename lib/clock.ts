import { getConfig } from "./env";

const startedAt = Date.now();

/**
 * The application's clock. Normally the real time; in sandbox mode `SANDBOX_NOW` moves the clock to a chosen
 * instant (it keeps ticking from there), so demos and end-to-end tests can stand inside sending hours.
 */
export function now(): Date {
  const fixed = getConfig().sandbox.now;
  if (!fixed) return new Date();
  return new Date(Date.parse(fixed) + (Date.now() - startedAt));
}
