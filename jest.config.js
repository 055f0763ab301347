/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // Type checking is `npm run typecheck`; tests only transpile, which keeps them fast.
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2023" }, module: { type: "commonjs" } }] },
  testTimeout: 60000,
};
