// The one table of Kubernetes kinds (policies/crossguard/kubernetes-kinds.ts) against the SDK itself:
// every type token of @pulumi/kubernetes is classified, classifications agree with what the SDK's
// input types can carry (a pod spec, RBAC rules and subjects, exposure specs, secret data), and
// every token of a concern is caught by the guardrails that read it (or rejected).
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import type { PlanResource } from "../../plan/plan-document";
import { KUBERNETES_KINDS, parseKubernetesType, type Concern } from "../../policies/crossguard/kubernetes-kinds";
import { appNamespace } from "./exposure-fixtures";
import { planResource, violations } from "./harness";

const SDK = path.dirname(require.resolve("@pulumi/kubernetes/package.json"));

/** Every `.js` file of the SDK outside its type declarations. */
function sdkFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "types" || entry.name === "node_modules" ? [] : sdkFiles(full);
    return entry.name.endsWith(".js") ? [full] : [];
  });
}

/** Type token -> the `.d.ts` declaring its resource class (custom resources: `__pulumiType`; components: `super("kubernetes:...")`). */
const TOKENS = new Map<string, string>();
for (const file of sdkFiles(SDK)) {
  const text = readFileSync(file, "utf8");
  for (const match of text.matchAll(/__pulumiType = '(kubernetes:[^']+)'|super\("(kubernetes:[^"]+)"/g))
    TOKENS.set(match[1] ?? match[2]!, file.replace(/\.js$/, ".d.ts"));
}

interface Declared {
  /** property -> the `inputs.<group>.<version>.<Name>` types it references. */
  props: Map<string, string[]>;
}
const refsOf = (text: string) => [...text.matchAll(/inputs\.([\w.]+)/g)].map((m) => m[1]!);

/** Interfaces of a declaration file, by qualified name (`apps.v1.DeploymentSpec`; top-level `DeploymentArgs`). */
function interfaces(file: string): Map<string, Declared> {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, false);
  const found = new Map<string, Declared>();
  const visit = (node: ts.Node, scope: string[]) => {
    if (ts.isModuleDeclaration(node)) {
      const inner = [...scope, node.name.getText(source)];
      if (node.body !== undefined) ts.forEachChild(node.body, (child) => visit(child, inner));
      return;
    }
    if (ts.isInterfaceDeclaration(node)) {
      const props = new Map<string, string[]>();
      for (const member of node.members)
        if (ts.isPropertySignature(member) && member.type !== undefined)
          props.set(member.name.getText(source), refsOf(member.type.getText(source)));
      found.set([...scope, node.name.text].join("."), { props });
      return;
    }
    ts.forEachChild(node, (child) => visit(child, scope));
  };
  visit(source, []);
  return found;
}

const INPUTS = interfaces(path.join(SDK, "types", "input.d.ts"));

/** Everything an Args interface reaches through input types. */
function reachable(args: Declared): Set<string> {
  const seen = new Set<string>();
  const queue = [...args.props.values()].flat();
  while (queue.length > 0) {
    const next = queue.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    for (const refs of INPUTS.get(next)?.props.values() ?? []) queue.push(...refs);
  }
  return seen;
}

function argsOf(token: string): Declared | undefined {
  const file = TOKENS.get(token)!;
  const kind = token.slice(token.lastIndexOf(":") + 1);
  const declared = interfaces(file);
  return declared.get(`${kind}Args`) ?? [...declared.entries()].find(([name]) => name.endsWith("Args"))?.[1];
}

const last = (name: string) => name.slice(name.lastIndexOf(".") + 1).replace(/Patch$/, "");
/** What an SDK type can carry, by the input types it reaches. */
function carries(token: string): Set<Concern> {
  const args = argsOf(token);
  const concerns = new Set<Concern>();
  if (args === undefined) return concerns;
  const names = [...reachable(args)].map(last);
  if (names.includes("PodSpec")) concerns.add("pod");
  if (names.some((name) => ["PolicyRule", "Subject", "RoleRef", "AggregationRule"].includes(name))) concerns.add("rbac");
  if (names.some((name) => ["ServiceSpec", "IngressSpec", "NetworkPolicySpec", "EndpointSubset", "Endpoint"].includes(name)))
    concerns.add("exposure");
  if (args.props.has("stringData")) concerns.add("secret");
  return concerns;
}

const kubernetesTokens = [...TOKENS.keys()].filter(
  (token) => token !== "kubernetes" && !token.includes(":helm:") && !token.endsWith(":decode") && !token.endsWith(":directory"),
);

test("the SDK's type list is read: hundreds of tokens, every kind of concern among them", () => {
  expect(kubernetesTokens.length).toBeGreaterThan(400);
  for (const token of [
    "kubernetes:core/v1:ReplicationController",
    "kubernetes:apps/v1:DeploymentPatch",
    "kubernetes:yaml/v2:ConfigGroup",
    "kubernetes:yaml:ConfigFile",
    "kubernetes:helm.sh/v4:Chart",
    "kubernetes:helm.sh/v3:Chart",
    "kubernetes:helm.sh/v3:Release",
    "kubernetes:kustomize/v2:Directory",
  ])
    expect(kubernetesTokens).toContain(token);
});

test("every kind of the SDK is in the table, and the table names no kind the SDK lacks", () => {
  const kinds = new Set(kubernetesTokens.map((token) => parseKubernetesType(token)?.kind));
  expect([...kinds].filter((kind) => kind === undefined || !(kind in KUBERNETES_KINDS))).toEqual([]);
  expect(Object.keys(KUBERNETES_KINDS).filter((kind) => !kinds.has(kind))).toEqual([]);
});

test("what a type can carry is read from the SDK's input types", () => {
  expect([...carries("kubernetes:apps/v1:DeploymentPatch")]).toEqual(["pod"]);
  expect([...carries("kubernetes:batch/v1:CronJob")]).toEqual(["pod"]);
  expect([...carries("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding")]).toEqual(["rbac"]);
  expect([...carries("kubernetes:networking.k8s.io/v1:NetworkPolicy")]).toEqual(["exposure"]);
  expect([...carries("kubernetes:core/v1:Secret")]).toEqual(["secret"]);
  expect([...carries("kubernetes:core/v1:ConfigMap")]).toEqual([]);
});

test("no type that can carry a pod spec, RBAC, exposure or secret data is classified as something else", () => {
  const misclassified = kubernetesTokens.flatMap((token) => {
    const kind = parseKubernetesType(token)!.kind;
    const entry = KUBERNETES_KINDS[kind]!;
    return [...carries(token)]
      .filter((concern) => concern !== entry.concern && entry.concern !== "control-plane")
      .map((concern) => `${token} carries ${concern} but is classified ${entry.concern}`);
  });
  expect(misclassified).toEqual([]);
});

test("the pod kinds reach a pod spec, at the template path the table gives", () => {
  for (const token of kubernetesTokens) {
    const parsed = parseKubernetesType(token)!;
    const template = KUBERNETES_KINDS[parsed.kind]!.podTemplate;
    if (template === undefined || parsed.list) continue;
    let declared: Declared | undefined = argsOf(token);
    for (const key of template) declared = INPUTS.get(declared?.props.get(key)?.[0] ?? "");
    const spec = template.length === 0 ? argsOf(token)?.props.get("spec")?.[0] : declared?.props.get("spec")?.[0];
    expect({ token, spec: last(spec ?? "") }).toEqual({ token, spec: "PodSpec" });
  }
});

// Each token of a concern meets the guardrail that reads it: built as an attacker would, in an app namespace.
const NS = "shop-prod";
const NAMESPACE = planResource("kubernetes:core/v1:Namespace", "shop-prod-ns", appNamespace());
const privilegedPod = {
  metadata: { labels: {} },
  spec: { containers: [{ name: "app", image: "x", securityContext: { privileged: true } }] },
};
const at = (pathKeys: readonly string[], value: unknown): Record<string, unknown> =>
  pathKeys.length === 0 ? (value as Record<string, unknown>) : { [pathKeys[0]!]: at(pathKeys.slice(1), value) };
const objectOf = (token: string, body: Record<string, unknown>) =>
  planResource(token, `t-${token}`, { metadata: { name: "x", namespace: NS }, ...body });

/** A resource of `token` that breaks the guardrail reading its concern, and that guardrail. */
function attack(token: string): { guardrail: string; resources: PlanResource[] } | undefined {
  const { kind, list } = parseKubernetesType(token)!;
  const entry = KUBERNETES_KINDS[kind]!;
  if (list || entry.concern === "control-plane") return { guardrail: "kubernetes-kinds-reviewed", resources: [objectOf(token, {})] };
  const inNamespace = (body: Record<string, unknown>, guardrail: string) => ({ guardrail, resources: [NAMESPACE, objectOf(token, body)] });
  switch (entry.concern) {
    case "pod":
      return { guardrail: "no-privileged-containers", resources: [objectOf(token, at(entry.podTemplate!, privilegedPod))] };
    case "rbac":
      return kind.endsWith("Binding")
        ? inNamespace(
            { roleRef: { kind: "ClusterRole", name: "cluster-admin" }, subjects: [{ kind: "Group", name: "system:authenticated" }] },
            "rbac-least-privilege",
          )
        : inNamespace({ rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }] }, "rbac-least-privilege");
    case "exposure":
      if (kind === "Service") return inNamespace({ spec: { type: "LoadBalancer" } }, "app-services-cluster-internal");
      if (kind === "Ingress") return inNamespace({ spec: { rules: [{ host: "vault.example.com" }] } }, "app-ingress-hosts");
      if (kind === "NetworkPolicy") return inNamespace({ spec: { ingress: [{}] } }, "app-network-policies-scoped");
      return inNamespace({}, "app-services-cluster-internal");
    case "tenancy":
      if (kind === "Namespace") {
        const labels = { ...appNamespace().metadata.labels, "pod-security.kubernetes.io/enforce": "privileged" };
        return { guardrail: "namespace-labels", resources: [objectOf(token, { metadata: { name: NS, labels } })] };
      }
      return undefined; // ResourceQuota and LimitRange only need to exist (app-namespace-isolation).
    case "storage":
      return kind === "PersistentVolume"
        ? { guardrail: "persistent-volumes-provisioned", resources: [objectOf(token, { spec: { hostPath: { path: "/" } } })] }
        : inNamespace({ spec: { volumeName: "someone-elses" } }, "persistent-volumes-provisioned");
    case "secret":
      return kind === "ConfigMap"
        ? { guardrail: "no-secrets-in-configmaps", resources: [objectOf(token, { data: { DB_PASSWORD: "hunter22" } })] }
        : undefined;
    case "chart":
      return {
        guardrail: "helm-repository-allowed",
        resources: [objectOf(token, { chart: "redis", version: "1.0.0", repositoryOpts: { repo: "https://charts.example.org" } })],
      };
    case "manifests":
      return kind === "ConfigGroup"
        ? {
            guardrail: "no-privileged-containers",
            resources: [objectOf(token, { objs: [{ apiVersion: "v1", kind: "Pod", ...privilegedPod }] })],
          }
        : { guardrail: "kubernetes-kinds-reviewed", resources: [objectOf(token, { file: "x.yaml", directory: "d" })] };
    default:
      return undefined;
  }
}

test("every token of a concern is caught by the guardrail reading it: Patch types, old API versions, components alike", async () => {
  const missed: string[] = [];
  let checked = 0;
  for (const token of kubernetesTokens) {
    const found = attack(token);
    if (found === undefined) continue;
    checked++;
    if ((await violations(found.guardrail, found.resources)).length === 0) missed.push(`${token} passes ${found.guardrail}`);
  }
  expect(missed).toEqual([]);
  expect(checked).toBeGreaterThan(250);
});
