import { defineConfig } from "vitest/config";
import base from "../../vitest.config.mts";

/** The send path's focused tests, for `npm run test:mutation:send`: each file opens one in-memory database. */
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    // Replaces the base list (mergeConfig would append to it and run every test).
    include: ["test/unit/dispatch/candidates.test.ts", "test/integration/dispatch/deliver-paths.test.ts"],
  },
});
