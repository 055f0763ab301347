// The HCL parser's WebAssembly must not keep a process alive that never parses (a jest worker, a CLI).
import { spawnSync } from "node:child_process";
import * as path from "node:path";

const root = path.resolve(__dirname, "../..");

// Runs in a real Node process: jest's module registry would load its own copy of the package.
const PROBE = `
const { parse } = require("./policies/crossguard/hcl-parser");
require("./plan/run-offline-plan");
// After the microtasks of loading (where the package's own start-up would have run) and a macrotask.
setTimeout(() => {
  const before = typeof globalThis.Go;
  parse("p.hcl", 'path "secret/a/*" { capabilities = ["read"] }').then((document) =>
    setImmediate(() => console.log(JSON.stringify({ before, document, active: process.getActiveResourcesInfo() }))),
  );
}, 0);
`;

describe("the HCL parser of the Vault policy checks", () => {
  it("compiles its WebAssembly only when a policy is parsed, not when the policy pack is loaded", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", "-e", PROBE], { cwd: root, encoding: "utf8", timeout: 60_000 });
    expect(run.stderr).toBe("");
    const { before, document, active } = JSON.parse(run.stdout) as { before: string; document: unknown; active: string[] };
    // Loading the policy pack (as every plan does) compiles no WebAssembly.
    expect(before).toBe("undefined");
    expect(document).toEqual({ path: { "secret/a/*": [{ capabilities: ["read"] }] } });
    // Once parsed, nothing is left running but the stdio pipes and finished file reads.
    expect(active.filter((resource) => resource !== "FSReqCallback" && resource !== "PipeWrap")).toEqual([]);
  });
});
