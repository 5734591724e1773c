// @ts-check
/**
 * Mutation testing of the core and the send path: `npm run test:mutation`. Per-file thresholds are checked by
 * scripts/mutation-thresholds.mjs after the run (Stryker's own `break` is one number for all files).
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: "vitest",
  vitest: { configFile: "test/mutation/vitest.config.mts" },
  coverageAnalysis: "perTest",
  mutate: [
    "lib/greetings/**/*.ts",
    "lib/drchrono/records.ts",
    "lib/dispatch/deliver.ts",
    "lib/dispatch/candidates.ts",
  ],
  reporters: ["clear-text", "progress", "json"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  incrementalFile: "reports/stryker-incremental.json",
  timeoutMS: 20_000,
  // The initial run starts a few loopback fakes and databases: on a busy 2-core machine it takes minutes.
  dryRunTimeoutMinutes: 20,
  concurrency: 2,
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
