// Guards the one SDK-internal hook (plan/registration-capture.ts): if @pulumi/pulumi
// changes what reaches the mock monitor, these assertions fail loudly.
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { planProgram, runOfflinePlan } from "../../plan/run-offline-plan";
import { devConfig } from "../helpers/temp-stacks";

const stackConfig = {
  config: Object.fromEntries(Object.entries(devConfig()).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)])),
  secretKeys: [],
};

class Box extends pulumi.ComponentResource {
  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super("test:index:Box", name, {}, opts);
    this.registerOutputs({});
  }
}

describe("registration capture", () => {
  it("records parents, providers, dependencies, options and secret inputs as the engine would receive them", async () => {
    const outcome = await runOfflinePlan({
      stack: "capture",
      stackConfig,
      program: () => {
        const provider = new random.Provider("rnd");
        const box = new Box("box", { providers: [provider] });
        const password = new random.RandomPassword("pw", { length: 24 }, { parent: box, protect: true });
        const first = new random.RandomPet("first", {}, { parent: box, retainOnDelete: true, ignoreChanges: ["prefix"] });
        // Implied dependency through an input, plus an explicit one.
        const second = new random.RandomPet(
          "second",
          { prefix: first.id, keepers: { pw: password.result } },
          { dependsOn: [box], provider },
        );
        return { petId: second.id, password: password.result };
      },
    });
    if (outcome.kind !== "planned") throw new Error("expected a plan");
    const { plan } = outcome;
    const byName = (name: string) => plan.resources.find((r) => r.name === name)!;

    const box = byName("box");
    expect(box).toMatchObject({ custom: false, type: "test:index:Box" });
    expect(byName("pw")).toMatchObject({
      parent: box.urn,
      protect: true,
      custom: true,
      type: "random:index/randomPassword:RandomPassword",
    });
    expect(byName("first")).toMatchObject({ parent: box.urn, retainOnDelete: true, ignoreChanges: ["prefix"] });
    // Providers propagate from a component to its children, as `<provider urn>::<id>`.
    expect(byName("pw").provider).toBe(`${byName("rnd").urn}::rnd-id`);
    expect(byName("second").provider).toBe(`${byName("rnd").urn}::rnd-id`);

    const second = byName("second");
    // dependsOn a component expands to its custom children; the input adds `first`.
    expect(second.dependencies).toEqual(expect.arrayContaining([byName("pw").urn, byName("first").urn]));
    // RandomPassword declares `result` as an additionalSecretOutput; the capture must make it secret downstream.
    expect(second.inputs.keepers).toEqual({ pw: "[secret]" });
    expect(second.secretPaths).toEqual(["keepers.pw"]);
    expect(plan.outputs.password).toBe("[secret]");
    expect(plan.outputSecretPaths).toEqual(["password"]);
  });
});

describe("default providers", () => {
  it("fails the plan when a resource would need a default provider the stack disabled", async () => {
    const config = { ...stackConfig.config, "pulumi:disable-default-providers": JSON.stringify(["*"]) };
    await expect(
      runOfflinePlan({
        stack: "defaults",
        stackConfig: { config, secretKeys: [] },
        program: () => {
          new random.RandomPet("orphan");
          return {};
        },
      }),
    ).rejects.toThrow(/default providers are disabled .*\n.*RandomPet::orphan/);
  });
});

describe("plugin versions", () => {
  it("records the provider plugin version a package pins", async () => {
    const { plan } = await planProgram("versions", () => {
      const provider = new random.Provider("rnd");
      new random.RandomPet("pet", {}, { provider });
      return {};
    });
    const provider = plan.resources.find((r) => r.type === "pulumi:providers:random")!;
    expect(provider.pluginVersion).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
