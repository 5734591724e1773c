import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", "e2e/**", ".next/**", ".data/**", ".stryker-tmp/**"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // "server-only" throws outside React Server Components; tests import server modules directly.
    alias: { "server-only": path.resolve(import.meta.dirname, "test/server-only-stub.ts") },
  },
});
