import { defineConfig } from "vitest/config";
import base from "../../vitest.config.mts";

/** The core's and the record parser's own tests: pure and fast, for `npm run test:mutation:core`. */
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    // Replaces the base list (mergeConfig would append to it and run every test).
    include: [
      "test/unit/greetings/**/*.test.ts",
      "test/unit/drchrono/records.test.ts",
      "test/contract/**/*.test.ts",
    ],
  },
});
