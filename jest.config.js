/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // Type checking is `npm run typecheck`; tests only transpile, which keeps them fast.
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2023" }, module: { type: "commonjs" } }] },
  testTimeout: 60000,
  // Plans every example stack once per run, in the background; tests read them via test/helpers/example-plans.ts.
  globalSetup: "<rootDir>/test/helpers/example-plans-setup.ts",
  globalTeardown: "<rootDir>/test/helpers/example-plans-teardown.ts",
};
