import { defineConfig, mergeConfig } from "vitest/config";
import base from "../../vitest.config.mts";

/** The core's and the record parser's own tests: pure and fast, for `npm run test:mutation:core`. */
export default mergeConfig(
  base,
  defineConfig({
    test: {
      include: [
        "test/unit/greetings/**/*.test.ts",
        "test/unit/drchrono/records.test.ts",
        "test/contract/**/*.test.ts",
      ],
    },
  }),
);
