// Environments on other clusters at the boundary: a config that used to pass validation and then
// crash the plan (uncaught, exit 1: read by CI as a policy failure) now exits 2 naming the key and
// the fix, and so does every other way to get a cluster wrong, before anything is registered.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { PlanDocument } from "../../plan/plan-document";
import { readStackConfig } from "../../plan/stack-config-file";
import { runOfflinePlan } from "../../plan/run-offline-plan";
import type { PlatformConfig } from "../../stacks/config/schema";
import { deliveryPlatform } from "../../stacks/program";
import { examplePlan } from "../helpers/example-plans";
import { devConfig, runPlanCli, writeStacks } from "../helpers/temp-stacks";

type Config = Record<string, unknown>;
const P = "delivery-platform:";
const CA = Buffer.from("-----BEGIN CERTIFICATE-----\nMIIBexample\n-----END CERTIFICATE-----\n").toString("base64");
/** A `secure:` value; without a passphrase the plan replaces it by a placeholder and keeps it secret. */
const SECURE = { secure: "v1:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA==" };

/** devConfig with beta's staging on `workload-eu`, registered with Argo CD: the crash case as it was reported. */
function asReported(): Config {
  const config = devConfig();
  config[`${P}environments`] = [{ name: "dev" }, { name: "staging", cluster: "workload-eu" }];
  config[`${P}services`] = {
    argocd: { clusters: [{ name: "workload-eu", server: "https://api.workload-eu.example.test:6443", bearerToken: SECURE, caData: CA }] },
  };
  return config;
}

/** The same, with what Pulumi needs to reach the cluster and certificates the cluster trusts. */
function reachable(): Config {
  const config = asReported();
  const argocd = (config[`${P}services`] as { argocd: { clusters: Record<string, unknown>[] } }).argocd;
  argocd.clusters[0]!.connection = { context: "k3d-workload-eu" };
  config[`${P}tls`] = { issuer: "acme", email: "platform@example.test" };
  return config;
}

const plan = (config: Config, stack = "mc") => runPlanCli(["--stack", stack, "--stacks-dir", writeStacks({ [stack]: { config } })]);

describe("an environment on another cluster, at the stack config boundary", () => {
  it("the reported crash case (registered with Argo CD, no way for Pulumi to reach it) exits 2 naming the key and the fix, not 1", async () => {
    const run = await plan(asReported());
    expect(run.exitCode).toBe(2);
    expect(run.resourcesRegistered).toBe(0);
    expect(run.stderr).toContain(
      "services.argocd.clusters[0] (workload-eu).connection: required: environment 'staging' runs on cluster 'workload-eu', so Pulumi must reach it to create the apps' namespaces there; run 'pulumi config set --secret --path services.argocd.clusters[0].connection.kubeconfig",
    );
  });

  it("an unknown cluster exits 2 and says how to register it", async () => {
    const config = devConfig();
    config[`${P}environments`] = [{ name: "dev" }, { name: "staging", cluster: "workload-us" }];
    const run = await plan(config);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(
      "environments[1] (staging).cluster: unknown cluster 'workload-us' (known: in-cluster); register it in services.argocd.clusters with name, server, bearerToken, caData and connection",
    );
  });

  it("a cluster Pulumi reaches needs its CA (Vault verifies its API server) and the platform needs public certificates", async () => {
    const config = reachable();
    const argocd = (config[`${P}services`] as { argocd: { clusters: Record<string, unknown>[] } }).argocd;
    delete argocd.clusters[0]!.caData;
    config[`${P}tls`] = { issuer: "self-signed" };
    const run = await plan(config);
    expect(run.exitCode).toBe(2);
    expect(run.resourcesRegistered).toBe(0);
    expect(run.stderr).toContain(
      "services.argocd.clusters[0] (workload-eu).caData: required with 'connection': Vault's Kubernetes auth for cluster 'workload-eu'",
    );
    expect(run.stderr).toContain("tls.issuer: must be 'acme' while Pulumi manages other clusters");
  });

  it("a kubeconfig typed in plain text is refused like every other secret", async () => {
    const config = reachable();
    const argocd = (config[`${P}services`] as { argocd: { clusters: Record<string, unknown>[] } }).argocd;
    argocd.clusters[0]!.bearerToken = "plain-token";
    argocd.clusters[0]!.connection = { kubeconfig: "apiVersion: v1" };
    const run = await plan(config);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(
      "services.argocd.clusters[0] (workload-eu).connection.kubeconfig: must be stored as a secret: run 'pulumi config set --secret --path services.argocd.clusters[<index>].connection.kubeconfig <value>'",
    );
  });

  it("with the connection it plans (exit 0), and staging's objects go through the cluster's provider", async () => {
    const dir = writeStacks({ mc: { config: reachable() } });
    const run = await runPlanCli(["--stack", "mc", "--stacks-dir", dir, "--json", path.join(dir, "mc.json")]);
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    const { resources } = JSON.parse(readFileSync(path.join(dir, "mc.json"), "utf8")) as PlanDocument;
    const staging = resources.filter(
      (r) => r.type.startsWith("kubernetes:") && (r.inputs.metadata as { namespace?: string } | undefined)?.namespace === "beta-staging",
    );
    expect(staging.length).toBeGreaterThan(10);
    expect([...new Set(staging.map((r) => r.provider?.split("::").at(-2)))]).toEqual(["cluster-workload-eu"]);
  });
});

describe("a component refusing its arguments while the program runs", () => {
  it("is reported as invalid configuration (exit 2 in the CLI), not an unhandled rejection", async () => {
    // The program as it was: clusters registered, but no providers handed to onboarding.
    const stackConfig = readStackConfig(writeStacks({ mc: { config: reachable() } }), "mc", undefined);
    const withoutProviders = (config: PlatformConfig) =>
      deliveryPlatform({
        ...config,
        services: {
          ...config.services,
          argocd: { ...config.services.argocd, clusters: config.services.argocd.clusters.map((c) => ({ ...c, connection: undefined })) },
        },
      });
    const outcome = await runOfflinePlan({ stack: "mc", stackConfig, program: withoutProviders });
    expect(outcome.kind).toBe("invalid-config");
    if (outcome.kind !== "invalid-config") return;
    expect(outcome.problems).toContain(
      "AppOnboarding beta: clusterProviders.workload-eu: environment 'staging' runs on cluster 'workload-eu': pass a Kubernetes provider for that cluster",
    );
    // Other errors stay errors (the CLI's crash exit, 3), not configuration problems.
    await expect(
      runOfflinePlan({
        stack: "mc",
        stackConfig,
        program: () => {
          throw new Error("a bug");
        },
      }),
    ).rejects.toThrow("a bug");
  });
});

describe("a tenant stack with apps on the platform's other cluster", () => {
  const tenant = (extra: Config = {}): Config => ({
    [`${P}platformStack`]: "org/delivery-platform/plat",
    [`${P}cluster`]: { context: "k3d-platform" },
    [`${P}gitlab`]: { token: SECURE },
    [`${P}vault`]: { token: SECURE },
    [`${P}apps`]: [{ name: "orders", team: "shop", environments: ["dev", "staging"] }],
    ...extra,
  });

  it("exits 2 without a way to reach that cluster, naming the key and the fix", async () => {
    const dir = writeStacks({ plat: { config: reachable() }, tenant: { config: tenant() } });
    const run = await runPlanCli(["--stack", "tenant", "--stacks-dir", dir]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(
      "clusters: environments orders/staging run on the platform's cluster 'workload-eu'; add { name: workload-eu, kubeconfig }",
    );
  });

  it("with it, plans the app's staging objects through its own provider for that cluster, on the platform's mount there", async () => {
    const dir = writeStacks({
      plat: { config: reachable() },
      tenant: { config: tenant({ [`${P}clusters`]: [{ name: "workload-eu", context: "k3d-workload-eu" }] }) },
    });
    const run = await runPlanCli(["--stack", "tenant", "--stacks-dir", dir, "--json", path.join(dir, "tenant.json")]);
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    const { resources } = JSON.parse(readFileSync(path.join(dir, "tenant.json"), "utf8")) as PlanDocument;
    const staging = resources.filter(
      (r) => r.type.startsWith("kubernetes:") && (r.inputs.metadata as { namespace?: string } | undefined)?.namespace === "orders-staging",
    );
    // The tenant half there: the External Secrets objects (the namespace and the rest are the platform's foundations).
    expect(staging.map((r) => r.type).sort()).toEqual([
      "kubernetes:external-secrets.io/v1:ExternalSecret",
      "kubernetes:external-secrets.io/v1:SecretStore",
    ]);
    expect([...new Set(staging.map((r) => r.provider?.split("::").at(-2)))]).toEqual(["tenant-cluster-workload-eu"]);
    const store = staging.find((r) => r.type.endsWith(":SecretStore"))!;
    expect(JSON.stringify(store.inputs.spec)).toContain('"mountPath":"kubernetes-workload-eu"');
  });

  it("the platform stack exports what tenants need about its other clusters", async () => {
    const onboarding = (await examplePlan("prod-eu")).outputs.onboarding as { clusters: unknown };
    expect(onboarding.clusters).toEqual([
      {
        name: "workload-eu",
        kubernetesAuthPath: "kubernetes-workload-eu",
        vaultAddress: "https://vault.platform-eu.example.com",
        admission: true,
        monitoring: { namespace: "monitoring" },
        backup: { namespace: "velero" },
      },
    ]);
    expect((await examplePlan("prod")).outputs.onboarding).not.toHaveProperty("clusters");
  });
});
