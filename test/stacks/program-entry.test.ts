// The entry `pulumi up` runs (stacks/index.ts): config errors surface as a RunError
// (no stack trace) before anything but the root stack is registered.
import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import { offlineMocks } from "../../plan/mock-resources";
import { devConfig, writeStacks } from "../helpers/temp-stacks";

const ROOT = path.resolve(__dirname, "../..");
/** Records registered types; state echoes inputs. */
function recordingMocks(registered: string[]): pulumi.runtime.Mocks {
  return {
    newResource: (args) => {
      registered.push(args.type);
      // A registered tenant that exports nothing yet, as the engine reads a stack without outputs.
      if (args.type === "pulumi:pulumi:StackReference")
        return { id: args.name, state: { name: args.name, outputs: {}, secretOutputNames: [] } };
      // Computed outputs as the offline plan emulates them (ids, generated keys).
      return offlineMocks.newResource(args);
    },
    call: (args) => args.inputs as Record<string, unknown>,
  };
}

// The entry module registers resources when loaded, as the Pulumi language host loads it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadEntry = () => require("../../stacks/index") as unknown;

const asConfigMap = (config: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));

describe("stacks/index.ts", () => {
  it("throws a RunError listing each problem when the config is invalid", async () => {
    const registered: string[] = [];
    pulumi.runtime.setAllConfig(asConfigMap({ ...devConfig(), "delivery-platform:domain": "not a domain" }), []);
    await pulumi.runtime.setMocks(recordingMocks(registered), "delivery-platform", "entry", false, "organization");
    let thrown: unknown;
    jest.isolateModules(() => {
      try {
        loadEntry();
      } catch (error) {
        thrown = error;
      }
    });
    // isolateModules loads its own copy of the SDK, so check by Pulumi's brand rather than by class.
    expect(pulumi.RunError.isInstance(thrown)).toBe(true);
    expect((thrown as Error).message).toMatch(/domain: must be a DNS domain/);
    expect(registered).toEqual([]);
  });

  it("registers the platform when the config is valid", async () => {
    const registered: string[] = [];
    pulumi.runtime.setAllConfig(asConfigMap(devConfig()), []);
    await pulumi.runtime.setMocks(recordingMocks(registered), "delivery-platform", "entry", false, "organization");
    jest.isolateModules(() => {
      loadEntry();
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(registered).toEqual(expect.arrayContaining(["pulumi:providers:kubernetes", "delivery-platform:platform:Platform"]));
  });
});

describe("npm run plan (as a process)", () => {
  it("exits with code 2 on an invalid config", async () => {
    const dir = writeStacks({
      bad: { config: { ...devConfig(), "delivery-platform:apps": [{ name: "x", team: "t", environments: ["nope"] }] } },
    });
    const run = promisify(execFile)(path.join(ROOT, "node_modules/.bin/tsx"), ["cli/plan.ts", "--stack", "bad", "--stacks-dir", dir], {
      cwd: ROOT,
    });
    await expect(run).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("apps[0] (x).environments[0]: unknown environment 'nope'") as unknown,
    });
  });
});
