// A stack whose apps would derive one physical name twice is refused before anything is planned,
// with the names of both apps: renaming a deployed namespace or KV path is no fix.
import { devConfig, runPlanCli, writeStacks } from "../helpers/temp-stacks";

describe("derived-name collisions in a stack", () => {
  it("rejects app 'shop' in environment 'eu-dev' beside app 'shop-eu' in environment 'dev' (exit 2, both named)", async () => {
    const config = devConfig();
    config["delivery-platform:environments"] = [{ name: "dev" }, { name: "eu-dev" }];
    config["delivery-platform:apps"] = [
      { name: "shop", team: "web", environments: ["eu-dev"] },
      { name: "shop-eu", team: "web", environments: ["dev"] },
    ];
    const run = await runPlanCli(["--stack", "clash", "--stacks-dir", writeStacks({ clash: { config } })]);
    expect(run.exitCode).toBe(2);
    expect(run.resourcesRegistered).toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(
      "apps[1] (shop-eu).name: app 'shop-eu' would get names that app 'shop' has: " +
        "namespace 'shop-eu-dev' (theirs: environment eu-dev; its: environment dev), Argo CD application 'shop-eu-dev' (theirs: environment eu-dev; its: environment dev), " +
        "hostname 'shop-eu-dev.platform.example.test' (theirs: environment eu-dev; its: environment dev); " +
        "rename the new app or its environment (a deployed app's names cannot change)",
    );
  });

  it("rejects an app that takes a platform namespace, a former name of another app, or a reserved word", async () => {
    const config = devConfig();
    config["delivery-platform:environments"] = [{ name: "dev" }, { name: "manager" }];
    config["delivery-platform:apps"] = [
      { name: "cert", team: "web", environments: ["manager"] },
      { name: "storefront", team: "web", environments: ["dev"], formerNames: ["shop"] },
      { name: "shop", team: "web", environments: ["dev"] },
      { name: "shop-preview", team: "web", environments: ["dev"] },
    ];
    const run = await runPlanCli(["--stack", "clash", "--stacks-dir", writeStacks({ clash: { config } })]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(
      "apps[3] (shop-preview).name: must not contain the word 'preview': it is reserved for preview environments per merge request",
    );
    // The reserved word is structural, the collisions cross-field: one run reports both, naming the apps as written.
    expect(run.stderr).toContain(
      "apps[0] (cert).name: app 'cert' would get names that the platform has: namespace 'cert-manager' (its: environment manager)",
    );
    expect(run.stderr).toContain(
      "apps[2] (shop).name: app 'shop' would get names that app 'storefront' has: pulumi name 'shop' (theirs: former name)",
    );
  });
});
