// Stop at once on another Node major than the project's (.nvmrc), instead of failing tests one by one
// (Node 20 lacks Set.prototype.union, which gitlab-ci-local uses). cli/node-runtime.ts says the same.
const required = Number(require("node:fs").readFileSync(`${__dirname}/.nvmrc`, "utf8").trim());
if (Number(process.versions.node.split(".")[0]) !== required) {
  console.error(
    `this project runs on Node ${required} (.nvmrc); this is Node ${process.versions.node}. Run the tests with 'npm test' (or npx jest): ` +
      `after 'npm ci' npm uses the Node ${required} in node_modules/.bin (Linux x64/arm64); elsewhere install Node ${required} first.`,
  );
  process.exit(2);
}

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
