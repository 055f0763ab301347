// Resources built as an attacker would, merged into the landed prod plan: each passes a check of
// presence and must fail the check of what it allows. First the forms only CrossGuard sees (manifest
// contents, Patch types, cluster-scoped kinds), then one resource of each class injected into a copy
// of the cached prod plan and run through the policy CLI in-process.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { EXIT_OK, EXIT_POLICY_VIOLATION, main } from "../../cli/policy";
import type { PlanDocument, PlanResource } from "../../plan/plan-document";
import { evaluatePlanPolicies } from "../../plan/policy-evaluation";
import { examplePlan } from "../helpers/example-plans";
import { appNamespace } from "./exposure-fixtures";
import { planResource, violations } from "./harness";
import { DIGEST, goodPod, REGISTRY } from "./pods";

type Json = Record<string, unknown>;
const NS = "shop-prod";
const NAMESPACE = planResource("kubernetes:core/v1:Namespace", "shop-prod-ns", appNamespace());
const pod = (mutate: (spec: Json & { containers: Json[] }) => void = () => undefined) => {
  const template = goodPod();
  mutate(template.spec);
  return { metadata: { labels: template.metadata.labels }, spec: template.spec };
};
const deployment = (template: Json, metadata: Json = { name: "shop", namespace: NS }) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata,
  spec: { selector: { matchLabels: {} }, template },
});
const securityContext = (spec: { containers: Json[] }) => spec.containers[0]!.securityContext as Json;

describe("CrossGuard reads what admission would never see as such", () => {
  test("a pod inside a ConfigGroup's YAML meets the pod rules", async () => {
    const yaml = JSON.stringify(deployment(pod((spec) => (securityContext(spec).capabilities = { drop: ["ALL"], add: ["SYS_ADMIN"] }))));
    const group = planResource("kubernetes:yaml/v2:ConfigGroup", "bundle", { yaml }, { custom: false });
    expect(await violations("capabilities-restricted", group)).toEqual([
      `yaml document 1 (Deployment 'shop'): container 'app' adds capabilities "SYS_ADMIN" (only NET_BIND_SERVICE may be added)`,
    ]);
  });

  test("a Patch is checked on what it sets, not on what it leaves out", async () => {
    const patch = (spec: Json) =>
      planResource("kubernetes:apps/v1:DeploymentPatch", "p", {
        metadata: { name: "vault", namespace: "vault" },
        spec: { template: { spec } },
      });
    const adding = patch({
      containers: [{ name: "debug", securityContext: { privileged: true } }],
      volumes: [{ name: "root", hostPath: { path: "/" } }],
    });
    expect(await violations("no-privileged-containers", adding)).toEqual(["container 'debug' runs privileged"]);
    expect(await violations("no-host-namespaces", adding)).toEqual([
      "volume 'root' mounts a hostPath (only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret)",
    ]);
    const relabelling = patch({ containers: [{ name: "app", env: [{ name: "A", value: "b" }] }] });
    for (const guardrail of [
      "no-privilege-escalation",
      "run-as-non-root",
      "capabilities-restricted",
      "seccomp-apparmor-confined",
      "resource-requests-limits",
      "image-tag-pinned",
    ])
      expect({ guardrail, found: await violations(guardrail, relabelling) }).toEqual({ guardrail, found: [] });
  });

  test("every pod carrier: ReplicationController, PodTemplate, old API versions, pod-shaped custom resources", async () => {
    const privileged = pod((spec) => (securityContext(spec).privileged = true));
    for (const [type, body] of [
      ["kubernetes:core/v1:ReplicationController", { spec: { template: privileged } }],
      ["kubernetes:core/v1:PodTemplate", { template: privileged }],
      ["kubernetes:extensions/v1beta1:DaemonSet", { spec: { template: privileged } }],
      ["kubernetes:batch/v1beta1:CronJobPatch", { spec: { jobTemplate: { spec: { template: privileged } } } }],
      ["kubernetes:argoproj.io/v1alpha1:Rollout", { spec: { template: privileged } }],
    ] as const)
      expect({ type, found: await violations("no-privileged-containers", planResource(type, "w", body)) }).toEqual({
        type,
        found: ["container 'app' runs privileged"],
      });
  });

  test("hostPath through a PersistentVolume bound into an app namespace", async () => {
    const volume = planResource("kubernetes:core/v1:PersistentVolume", "pv", {
      spec: { hostPath: { path: "/var/lib/kubelet" }, claimRef: { namespace: NS, name: "data" } },
    });
    expect(await violations("persistent-volumes-provisioned", [NAMESPACE, volume])).toEqual([
      "kubernetes:core/v1:PersistentVolume 'pv': spec.hostPath exposes a node path to whichever claim binds it",
      `kubernetes:core/v1:PersistentVolume 'pv': spec.claimRef binds this hand-made volume into app namespace '${NS}'`,
    ]);
  });

  test("cluster-wide RBAC: cluster-admin, roles the plan cannot read, aggregation into the built-in roles, edit in a platform namespace", async () => {
    const binding = (kind: string, name: string, roleRef: Json, namespace?: string) =>
      planResource(`kubernetes:rbac.authorization.k8s.io/v1:${kind}`, name, {
        metadata: { name, ...(namespace === undefined ? {} : { namespace }) },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", ...roleRef },
        subjects: [{ kind: "Group", name: "web-developers" }],
      });
    const aggregated = planResource("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", "secrets-for-all", {
      metadata: { name: "secrets-for-all", labels: { "rbac.authorization.k8s.io/aggregate-to-view": "true" } },
      rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["get", "list"] }],
    });
    const found = await violations("rbac-least-privilege", [
      NAMESPACE,
      aggregated,
      binding("ClusterRoleBinding", "admins", { kind: "ClusterRole", name: "cluster-admin" }),
      binding("ClusterRoleBinding", "viewers", { kind: "ClusterRole", name: "view" }),
      binding("RoleBinding", "vault-editors", { kind: "ClusterRole", name: "edit" }, "vault"),
      binding("RoleBinding", "shop-editors", { kind: "ClusterRole", name: "edit" }, NS),
    ]);
    expect(found).toEqual([
      "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole 'secrets-for-all': label 'rbac.authorization.k8s.io/aggregate-to-view' merges its rules into a built-in role every tenant holds",
      "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding 'vault-editors' in namespace 'vault': roleRef names 'edit', which reads every Secret in namespace 'vault'",
      "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding 'admins': roleRef names 'cluster-admin', which reads every Secret in every namespace",
      "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding 'viewers': roleRef names ClusterRole 'view', which this plan does not define, so what it grants in every namespace cannot be read",
    ]);
  });

  test("routes and endpoints the Ingress check would not see", async () => {
    const inNs = (type: string, name: string, spec: Json) => planResource(type, name, { metadata: { name, namespace: NS }, spec });
    const found = await violations("app-ingress-hosts", [
      NAMESPACE,
      inNs("kubernetes:gateway.networking.k8s.io/v1:HTTPRoute", "vault", { hostnames: ["vault.example.com"] }),
      inNs("kubernetes:gateway.networking.k8s.io/v1:HTTPRoute", "any", { parentRefs: [{ name: "shared" }] }),
      inNs("kubernetes:gateway.networking.k8s.io/v1:HTTPRoute", "own", { hostnames: [`api.shop-prod.example.com`] }),
      inNs("kubernetes:traefik.io/v1alpha1:IngressRoute", "traefik", { routes: [{ match: "Host(`vault.example.com`)" }] }),
    ]);
    expect(found.map((message) => message.split(": ").slice(1).join(": "))).toEqual([
      "spec.hostnames[0] names host 'vault.example.com', which is not 'shop-prod.example.com' or a subdomain of it",
      "spec.hostnames is empty, so the route answers for every host of its gateway",
      "IngressRoute (traefik.io) is not allowed in an app namespace: it carries listeners or hosts no guardrail reads",
    ]);
    const endpoints = inNs("kubernetes:core/v1:Endpoints", "shop", {});
    expect(await violations("app-services-cluster-internal", [NAMESPACE, endpoints])).toHaveLength(1);
  });

  test("an object without a namespace lands in the provider's default one, an app namespace included", async () => {
    const provider = planResource("pulumi:providers:kubernetes", "tenant", { namespace: NS });
    const foreign = planResource(
      "kubernetes:apps/v1:Deployment",
      "sneaky",
      deployment(
        pod((spec) => (spec.containers[0]!.image = `${REGISTRY}/ledger/ledger:1.0.0${DIGEST}`)),
        { name: "sneaky" },
      ),
      {
        provider: `${provider.urn}::tenant-id`,
      },
    );
    expect(await violations("app-images-own-project", [NAMESPACE, provider, foreign], { registryHost: REGISTRY })).toEqual([
      `kubernetes:apps/v1:Deployment 'sneaky' in app namespace '${NS}': container 'app' runs '${REGISTRY}/ledger/ledger:1.0.0${DIGEST}', which is not from the app's own project ${REGISTRY}/shop/`,
    ]);
  });

  test("a NamespacePatch may not lower an existing namespace's Pod Security level", async () => {
    const patch = planResource("kubernetes:core/v1:NamespacePatch", "lower", {
      metadata: { name: NS, labels: { "pod-security.kubernetes.io/enforce": "privileged" } },
    });
    expect(await violations("namespace-labels", patch)).toEqual([
      `namespace '${NS}' sets 'pod-security.kubernetes.io/enforce' on an existing namespace (Pod Security level, owner labels and host annotation come with the namespace)`,
    ]);
  });
});

describe("npm run policy over the prod plan with one resource of each class merged in", () => {
  const APP_NS = "storefront-prod";
  let prod: PlanDocument;
  let attacked: PlanDocument;
  const dir = mkdtempSync(path.join(tmpdir(), "policy-adversary-"));
  const injected: [string, PlanResource][] = [];
  const inject = (guardrail: string, resource: PlanResource) => injected.push([guardrail, resource]);
  const workload = (name: string, mutate: (spec: Json & { containers: Json[] }) => void, annotations: Record<string, string> = {}) => {
    const template = pod(mutate);
    const registryHost = prod.outputs.registryHost as string;
    for (const container of template.spec.containers)
      container.image = String(container.image).replace(REGISTRY, registryHost).replace("/shop/shop", "/storefront/storefront");
    return planResource(
      "kubernetes:apps/v1:Deployment",
      name,
      deployment({ ...template, metadata: { ...template.metadata, annotations } }, { name, namespace: APP_NS }),
    );
  };
  const inApp = (type: string, name: string, body: Json) => planResource(type, name, { metadata: { name, namespace: APP_NS }, ...body });

  beforeAll(async () => {
    prod = await examplePlan("prod");
    attacked = structuredClone<PlanDocument>(prod);
    // Workloads.
    inject(
      "capabilities-restricted",
      workload("cap-sys-admin", (spec) => (securityContext(spec).capabilities = { drop: ["ALL"], add: ["SYS_ADMIN", "NET_RAW"] })),
    );
    inject(
      "seccomp-apparmor-confined",
      workload("unconfined", (spec) => ((spec.securityContext as Json).seccompProfile = { type: "Unconfined" })),
    );
    inject(
      "seccomp-apparmor-confined",
      workload("apparmor-annotation", () => undefined, { "container.apparmor.security.beta.kubernetes.io/app": "unconfined" }),
    );
    inject(
      "no-host-namespaces",
      workload("unmasked-proc", (spec) => (securityContext(spec).procMount = "Unmasked")),
    );
    inject(
      "no-host-namespaces",
      workload("host-port", (spec) => (spec.containers[0]!.ports = [{ containerPort: 80, hostPort: 80 }])),
    );
    inject(
      "persistent-volumes-provisioned",
      planResource(
        "kubernetes:core/v1:PersistentVolume",
        "host-volume",
        { spec: { hostPath: { path: "/" }, claimRef: { namespace: APP_NS, name: "data" } } },
        { protect: true },
      ),
    );
    inject(
      "no-privileged-containers",
      planResource("kubernetes:core/v1:ReplicationController", "old-controller", {
        metadata: { name: "rc", namespace: APP_NS },
        spec: { template: pod((spec) => (securityContext(spec).privileged = true)) },
      }),
    );
    inject(
      "no-privileged-containers",
      planResource("kubernetes:apps/v1:DeploymentPatch", "patched-in", {
        metadata: { name: "storefront", namespace: APP_NS },
        spec: { template: { spec: { containers: [{ name: "debug", securityContext: { privileged: true } }] } } },
      }),
    );
    inject(
      "no-privileged-containers",
      planResource(
        "kubernetes:yaml/v2:ConfigGroup",
        "hidden-in-yaml",
        {
          objs: [
            deployment(
              pod((spec) => (securityContext(spec).privileged = true)),
              { name: "y", namespace: APP_NS },
            ),
          ],
        },
        { custom: false },
      ),
    );
    // Types no guardrail reads.
    inject("kubernetes-kinds-reviewed", planResource("kubernetes:core/v1:PodList", "pod-list", { items: [] }));
    inject(
      "kubernetes-kinds-reviewed",
      planResource("kubernetes:admissionregistration.k8s.io/v1:MutatingWebhookConfiguration", "injector", { webhooks: [] }),
    );
    // Values unknown at preview time.
    inject(
      "images-from-platform-registry",
      workload("unknown-image", (spec) => (spec.containers[0]!.image = "[unknown]")),
    );
    // Tenancy and exposure.
    const namespace = attacked.resources.find(
      (r) => r.type === "kubernetes:core/v1:Namespace" && (r.inputs.metadata as Json).name === APP_NS,
    )!;
    (namespace.inputs.metadata as { labels: Json }).labels["pod-security.kubernetes.io/enforce"] = "baseline";
    injected.push(["namespace-labels", namespace]);
    inject(
      "app-network-policies-scoped",
      inApp("kubernetes:networking.k8s.io/v1:NetworkPolicy", "allow-all", {
        spec: { podSelector: {}, ingress: [{}], egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }] },
      }),
    );
    inject(
      "rbac-least-privilege",
      planResource("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding", "everyone-admin", {
        roleRef: { kind: "ClusterRole", name: "cluster-admin" },
        subjects: [{ kind: "Group", name: "system:authenticated" }],
      }),
    );
    inject(
      "app-services-cluster-internal",
      inApp("kubernetes:core/v1:Service", "load-balancer", { spec: { type: "LoadBalancer", selector: {} } }),
    );
    inject(
      "app-ingress-hosts",
      inApp("kubernetes:gateway.networking.k8s.io/v1:HTTPRoute", "vault-route", { spec: { hostnames: ["vault.platform.example.com"] } }),
    );
    // Supply chain.
    inject(
      "helm-repository-allowed",
      planResource(
        "kubernetes:helm.sh/v4:Chart",
        "foreign-chart",
        { chart: "redis", version: "^20.0.0", repositoryOpts: { repo: "https://charts.bitnami.com/bitnami" } },
        { custom: false },
      ),
    );
    inject("helm-chart-pinned", injected.at(-1)![1]);
    inject(
      "app-images-own-project",
      workload(
        "proxy-cache-image",
        (spec) => (spec.containers[0]!.image = `${prod.outputs.registryHost as string}/dockerhub-proxy/library/nginx:1.27${DIGEST}`),
      ),
    );
    // Resilience.
    const schedule = attacked.resources.find(
      (r) =>
        r.type === "kubernetes:velero.io/v1:Schedule" &&
        (r.inputs.spec as { template: { includedNamespaces: string[] } }).template.includedNamespaces.includes(APP_NS),
    )!;
    (schedule.inputs.spec as Json).schedule = "0 0 31 2 *";
    injected.push(["prod-namespaces-backed-up", namespace]);
    inject(
      "vault-transit-keys-retained",
      planResource(
        "vault:transit/secretBackendKey:SecretBackendKey",
        "exportable-key",
        { backend: "transit", name: "x", exportable: true, deletionAllowed: true },
        { protect: true },
      ),
    );
    inject(
      "stateful-resources-protected",
      planResource("kubernetes:apps/v1:StatefulSet", "claims-deleted", {
        metadata: { name: "db", namespace: APP_NS },
        spec: {
          template: pod(),
          volumeClaimTemplates: [{ metadata: { name: "data" } }],
          persistentVolumeClaimRetentionPolicy: { whenDeleted: "Delete" },
        },
      }),
    );
    const fresh = new Set(attacked.resources.map((r) => r.urn));
    for (const [, resource] of injected)
      if (!fresh.has(resource.urn)) {
        fresh.add(resource.urn);
        attacked.resources.push(resource);
      }
  });

  test("each injected resource is a mandatory violation of its guardrail, on that resource", async () => {
    const found = await evaluatePlanPolicies(attacked, "prod");
    const missing = injected.filter(
      ([guardrail, resource]) => !found.some((v) => v.policy === guardrail && v.urn === resource.urn && v.enforcementLevel === "mandatory"),
    );
    expect(missing.map(([guardrail, resource]) => `${guardrail} on ${resource.name}`)).toEqual([]);
  });

  test("exit 1 naming each guardrail", async () => {
    const file = path.join(dir, "attacked.json");
    writeFileSync(file, JSON.stringify(attacked));
    const out: string[] = [];
    const code = await main(["--plan", file, "--profile", "prod"], { stdout: (t) => out.push(t), stderr: () => undefined });
    expect(code).toBe(EXIT_POLICY_VIOLATION);
    for (const guardrail of new Set(injected.map(([id]) => id))) expect(out.join("\n")).toContain(`[mandatory] ${guardrail}\n`);
  });

  test.each([
    ["dev", "dev"],
    ["prod", "prod"],
    ["tenant-payments", "prod"],
  ] as const)("the clean %s plan has no mandatory violation at the %s profile", async (stack, profile) => {
    const file = path.join(dir, `${stack}.json`);
    writeFileSync(file, JSON.stringify(await examplePlan(stack)));
    const out: string[] = [];
    expect(await main(["--plan", file, "--profile", profile], { stdout: (t) => out.push(t), stderr: () => undefined })).toBe(EXIT_OK);
    expect(out.join("\n")).toContain("(0 mandatory)");
  });
});
