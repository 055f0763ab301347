// The example stack with production on a second cluster (stacks/Pulumi.prod-eu.yaml), as `npm run plan`
// plans it: every object of an environment goes to its cluster through that cluster's provider,
// Vault has one Kubernetes auth mount per cluster with the app's roles on its namespaces' cluster,
// Argo CD on the platform's cluster deploys there, and the guardrails and the access graph hold.
import { main as access } from "../../cli/access";
import { main as policy } from "../../cli/policy";
import type { PlanDocument, PlanResource } from "../../plan/plan-document";
import { examplePlan, exampleRun, type ExampleRun } from "../helpers/example-plans";

const STACK = "prod-eu";
const WORKLOAD = "workload-eu";
const APPS = ["payments-api", "storefront"];
const ON_PLATFORM = ["dev", "staging"];

let run: ExampleRun;
let plan: PlanDocument;
beforeAll(async () => {
  run = await exampleRun(STACK);
  plan = await examplePlan(STACK);
});

/** The provider resource's name (`urn:...::pulumi:providers:kubernetes::<name>::<id>`). */
const providerOf = (resource: PlanResource) => resource.provider?.split("::").at(-2);
const namespaceOf = (r: PlanResource): string | undefined => {
  const metadata = r.inputs.metadata as { name?: string; namespace?: string } | undefined;
  return r.type === "kubernetes:core/v1:Namespace" ? metadata?.name : metadata?.namespace;
};
const inNamespace = (ns: string) => plan.resources.filter((r) => r.custom && r.type.startsWith("kubernetes:") && namespaceOf(r) === ns);
const silent = { stdout: () => undefined, stderr: () => undefined };

describe(`the example stack ${STACK}: prod on cluster ${WORKLOAD}`, () => {
  it("plans with exit 0, nothing on stderr and no mandatory policy violation", () => {
    expect(run.stderr).toBe("");
    expect(plan.policies.violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
    expect(run.exitCode).toBe(0);
  });

  it.each(APPS)("%s: every object in its prod namespace is created through the workload cluster's provider", (app) => {
    const objects = inNamespace(`${app}-prod`);
    // Namespace, quota, limits, network policies, RBAC, pull secret, service account, SecretStore, ExternalSecret, scrape, rule.
    for (const type of [
      "kubernetes:core/v1:Namespace",
      "kubernetes:core/v1:ResourceQuota",
      "kubernetes:networking.k8s.io/v1:NetworkPolicy",
      "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
      "kubernetes:core/v1:ServiceAccount",
      "kubernetes:external-secrets.io/v1:SecretStore",
      "kubernetes:external-secrets.io/v1:ExternalSecret",
      "kubernetes:operator.victoriametrics.com/v1beta1:VMServiceScrape",
      "kubernetes:operator.victoriametrics.com/v1beta1:VMRule",
    ])
      expect({ type, present: objects.some((r) => r.type === type) }).toEqual({ type, present: true });
    expect(objects.map((r) => ({ object: r.name, provider: providerOf(r) }))).toEqual(
      objects.map((r) => ({ object: r.name, provider: `cluster-${WORKLOAD}` })),
    );
  });

  it.each(APPS)("%s: its dev and staging namespaces stay on the platform's cluster", (app) => {
    for (const env of ON_PLATFORM) {
      const objects = inNamespace(`${app}-${env}`);
      expect(objects.length).toBeGreaterThan(10);
      expect([...new Set(objects.map(providerOf))]).toEqual(["platform-cluster"]);
    }
  });

  it("reaches the workload cluster with its own provider, whose kubeconfig is a secret", () => {
    const provider = plan.resources.find((r) => r.type === "pulumi:providers:kubernetes" && r.name === `cluster-${WORKLOAD}`)!;
    expect(provider.inputs).toMatchObject({ clusterIdentifier: WORKLOAD, upsertExistingObjects: "false" });
    expect(provider.secretPaths).toContain("kubeconfig");
  });

  it("backs up and admits images per cluster: the prod schedule and image policy live on the workload cluster, after its releases", () => {
    for (const app of APPS) {
      const schedule = plan.resources.find((r) => r.name === `${app}-backup-${WORKLOAD}`)!;
      expect(providerOf(schedule)).toBe(`cluster-${WORKLOAD}`);
      expect((schedule.inputs.spec as { template: { includedNamespaces: string[] } }).template.includedNamespaces).toEqual([`${app}-prod`]);
      const velero = plan.resources.find((r) => r.name === `cluster-${WORKLOAD}-velero-release`)!;
      expect(schedule.dependencies).toContain(velero.urn);
      // No production namespace on the platform's cluster, so no schedule there.
      expect(plan.resources.find((r) => r.name === `${app}-backup`)).toBeUndefined();

      const policies = plan.resources.filter(
        (r) => r.type === "kubernetes:policies.kyverno.io/v1:ImageValidatingPolicy" && r.name.startsWith(`${app}-`),
      );
      const scope = (r: PlanResource) =>
        (r.inputs.spec as { matchConstraints: { namespaceSelector: { matchExpressions: { values: string[] }[] } } }).matchConstraints
          .namespaceSelector.matchExpressions[0]!.values;
      expect(
        policies.map((r) => ({ name: r.name, provider: providerOf(r), namespaces: scope(r) })).sort((a, b) => a.name.localeCompare(b.name)),
      ).toEqual([
        // Per cluster, one policy per enforcement group: staging denies, dev audits (policies/enforcement/levels.ts).
        { name: `${app}-image-policy`, provider: "platform-cluster", namespaces: [`${app}-staging`] },
        ...(plan.resources.some((r) => r.type === "kubernetes:core/v1:Namespace" && r.name === `${app}-tenancy-dev-namespace`)
          ? [{ name: `${app}-image-policy-audit`, provider: "platform-cluster", namespaces: [`${app}-dev`] }]
          : []),
        { name: `${app}-image-policy-${WORKLOAD}`, provider: `cluster-${WORKLOAD}`, namespaces: [`${app}-prod`] },
      ]);
    }
  });

  it("gives Argo CD, on the platform's cluster, the workload cluster as the prod Applications' destination", () => {
    const registration = plan.resources.find((r) => r.name === `argocd-cluster-${WORKLOAD}`)!;
    expect(providerOf(registration)).toBe("platform-cluster");
    expect(registration.secretPaths).toEqual(expect.arrayContaining(["stringData"]));
    for (const app of APPS) {
      const application = plan.resources.find((r) => r.name === `${app}-gitops-app-prod`)!;
      expect(providerOf(application)).toBe("platform-cluster");
      expect((application.inputs.spec as { destination: unknown }).destination).toEqual({ name: WORKLOAD, namespace: `${app}-prod` });
    }
  });

  it("has a Vault Kubernetes auth mount per cluster, and each app role on the mount of its namespace's cluster", () => {
    const mounts = plan.resources.filter((r) => r.type === "vault:index/authBackend:AuthBackend" && r.inputs.type === "kubernetes");
    expect(mounts.map((m) => m.inputs.path).sort()).toEqual(["kubernetes", `kubernetes-${WORKLOAD}`]);
    const config = plan.resources.find(
      (r) => r.type === "vault:kubernetes/authBackendConfig:AuthBackendConfig" && r.inputs.backend === `kubernetes-${WORKLOAD}`,
    )!;
    expect(config.inputs).toMatchObject({ kubernetesHost: "https://kubernetes.workload-eu.example.com:6443", disableLocalCaJwt: true });
    expect(config.inputs.kubernetesCaCert).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    expect(config.secretPaths).toContain("tokenReviewerJwt");

    const roles = plan.resources.filter(
      (r) => r.type === "vault:kubernetes/authBackendRole:AuthBackendRole" && APPS.some((a) => r.name.startsWith(`${a}-`)),
    );
    expect(roles).toHaveLength(APPS.length * 3);
    for (const role of roles) {
      const [namespace] = role.inputs.boundServiceAccountNamespaces as string[];
      expect({ namespace, backend: role.inputs.backend }).toEqual({
        namespace,
        backend: namespace!.endsWith("-prod") ? `kubernetes-${WORKLOAD}` : "kubernetes",
      });
    }
  });

  it("has each SecretStore log in on its cluster's mount, with its role there; the workload cluster's through Vault's external address", () => {
    for (const store of plan.resources.filter((r) => r.type === "kubernetes:external-secrets.io/v1:SecretStore")) {
      const vault = (
        store.inputs.spec as { provider: { vault: { server: string; auth: { kubernetes: { mountPath: string; role: string } } } } }
      ).provider.vault;
      const namespace = namespaceOf(store)!;
      const role = plan.resources.find(
        (r) =>
          r.type === "vault:kubernetes/authBackendRole:AuthBackendRole" &&
          (r.inputs.boundServiceAccountNamespaces as string[]).includes(namespace),
      )!;
      expect(vault.auth.kubernetes).toMatchObject({ mountPath: role.inputs.backend, role: role.inputs.roleName });
      expect(vault.server).toBe(namespace.endsWith("-prod") ? "https://vault.platform-eu.example.com" : "https://vault.vault.svc:8200");
    }
  });

  it("lists what the workload cluster runs in the stack output", () => {
    const clusters = plan.outputs.workloadClusters as Record<string, { service: string; where: string }[]>;
    expect(Object.keys(clusters)).toEqual([WORKLOAD]);
    expect(clusters[WORKLOAD]!.map((s) => s.service)).toEqual(["externalSecrets", "vaultAuth", "kyverno", "metrics", "logs", "velero"]);
    expect(clusters[WORKLOAD]!.find((s) => s.service === "vaultAuth")!.where).toContain(`auth/kubernetes-${WORKLOAD}`);
  });

  it("keeps 0 mandatory violations at the prod profile (npm run policy) and breaks no access rule (npm run access)", async () => {
    expect(await policy(["--plan", run.jsonFile, "--profile", "prod"], silent)).toBe(0);
    expect(await access(["--plan", run.jsonFile], silent)).toBe(0);
  });
});
