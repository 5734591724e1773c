// Vitest stand-in for the "server-only" marker package: server modules are safe to import in tests.
export {};
