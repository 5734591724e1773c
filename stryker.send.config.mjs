// @ts-check
import base from "./stryker.config.mjs";

/**
 * The send path only (deliver.ts and candidates.ts), against their focused tests: a scripted provider fake and an
 * in-memory database per test file, no whole dispatch world per mutant. `npm run test:mutation:send`.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  ...base,
  vitest: { configFile: "test/mutation/vitest.send.config.mts" },
  mutate: ["lib/dispatch/deliver.ts", "lib/dispatch/candidates.ts"],
  incrementalFile: "reports/stryker-send-incremental.json",
};
