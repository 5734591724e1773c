// @ts-check
import base from "./stryker.config.mjs";

/**
 * The pure core and the record parser only, against their unit and contract tests: minutes, not the better part of
 * an hour. `npm run test:mutation` covers the send path as well.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  ...base,
  vitest: { configFile: "test/mutation/vitest.core.config.mts" },
  mutate: ["lib/greetings/**/*.ts", "lib/drchrono/records.ts"],
  incrementalFile: "reports/stryker-core-incremental.json",
};
