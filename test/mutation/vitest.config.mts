import { defineConfig } from "vitest/config";
import base from "../../vitest.config.mts";

/*
 * The tests Stryker runs against the mutated files (see stryker.config.mjs). Narrowed here, not with Stryker's
 * `testFiles`: that option makes every mutant in code that runs when a module loads count as survived.
 */
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    // Replaces the base list (mergeConfig would append to it and run every test).
    include: [
      "test/unit/greetings/**/*.test.ts",
      "test/unit/drchrono/records.test.ts",
      "test/contract/**/*.test.ts",
      "test/unit/dispatch/**/*.test.ts",
      // The send path's focused tests (a scripted provider, one in-memory database): the whole-run stories cover
      // it too, but each costs a world of its own, too slow to repeat for every mutant.
      "test/integration/dispatch/deliver-paths.test.ts",
    ],
    // Mutants run on a busy machine: a slow test must not read as a failure in the initial run.
    testTimeout: 120_000,
  },
});
