// Each workload template (web, worker, batch), as the config repository renders it with its backing services wired in,
// run through every Kyverno CEL admission rule of the prod profile, and its files checked for shape.
import { parse } from "yaml";
import { appNames } from "../../components/onboarding/app-names";
import { appSpecSchema, type AppSpecInput } from "../../components/onboarding/app-spec";
import { configRepoFiles, BACKING_SERVICES_PATCH } from "../../components/onboarding/repositories/config-repo-files";
import { celRules, type CelRule } from "../../policies/kyverno/cel-rules";
import { evaluateCel } from "../policies/harness";

const REGISTRY = "harbor.platform.example.test";
const DIGEST = `sha256:${"a".repeat(64)}`;
const ENVIRONMENTS = [
  { name: "dev", production: false, cluster: "in-cluster" },
  { name: "prod", production: true, cluster: "in-cluster" },
];
type Json = Record<string, unknown>;
type Container = Json & { name: string; image: string; env?: Json[]; volumeMounts?: Json[] };
type PodSpec = Json & { containers: Container[]; volumes?: Json[] };
type PodTemplate = { metadata: Json; spec: PodSpec };

function render(input: AppSpecInput) {
  const spec = appSpecSchema.parse(input);
  const names = appNames(spec, { gitlabParentGroup: "apps", registryHost: REGISTRY, domain: "example.test" });
  const files = Object.fromEntries(configRepoFiles({ spec, names, environments: ENVIRONMENTS }).map((f) => [f.path, f]));
  return { spec, names, files, doc: (file: string) => parse(files[file]!.content) as Json };
}

const podTemplateOf = (workload: Json): PodTemplate => {
  const spec = workload.spec as Json;
  return (workload.kind === "CronJob" ? ((spec.jobTemplate as Json).spec as Json).template : spec.template) as PodTemplate;
};

/** What kustomize builds for an environment: the pipeline's digest and the overlay's backing-services patch merged in (by name, as strategic merge does). */
function builtPod(rendered: ReturnType<typeof render>, workloadFile: string, environment: string): Json {
  const template = structuredClone(podTemplateOf(rendered.doc(workloadFile)));
  const container = template.spec.containers[0]!;
  container.image = `${rendered.names.registry.repository}@${DIGEST}`;
  const patchFile = `overlays/${environment}/${BACKING_SERVICES_PATCH}`;
  if (rendered.files[patchFile]) {
    const patch = podTemplateOf(rendered.doc(patchFile));
    const patched = patch.spec.containers.find((c) => c.name === container.name)!;
    container.env = [...(container.env ?? []), ...(patched.env ?? [])];
    container.volumeMounts = [...(container.volumeMounts ?? []), ...(patched.volumeMounts ?? [])];
    template.spec.volumes = [...(template.spec.volumes ?? []), ...(patch.spec.volumes ?? [])];
  }
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p", namespace: rendered.names.kubernetes.namespaces[environment], ...template.metadata },
    spec: template.spec,
  };
}

const namespaceObject = (rendered: ReturnType<typeof render>, environment: string) => ({
  apiVersion: "v1",
  kind: "Namespace",
  metadata: {
    name: rendered.names.kubernetes.namespaces[environment],
    labels: {
      ...rendered.names.labels.app,
      "platform.delivery/environment": environment,
      "pod-security.kubernetes.io/enforce": "restricted",
    },
    annotations: { "platform.delivery/ingress-host": rendered.names.ingress.hosts[environment] },
  },
});

const RULES = celRules({ registryHost: REGISTRY, requireDigest: true, requiredLabels: ["app.kubernetes.io/name"] });
/** Whether a rule admits objects of this kind (pods for pod rules; app-namespaced rules by resource name). */
const applies = (rule: CelRule, object: Json): boolean => {
  if (rule.resource === "pods") return object.kind === "Pod";
  if (rule.resource === "namespaces") return false;
  const plural = `${String(object.kind).toLowerCase()}s`;
  return rule.kinds.some((k) => k.resources.includes(plural));
};

function admission(objects: Json[], namespace: Json): { rule: string; object: string; failed?: string[]; error?: string }[] {
  const cases = objects.flatMap((object) =>
    Object.entries(RULES)
      .filter(([, rule]) => applies(rule, object))
      .map(([id, rule]) => ({ id, rule, object })),
  );
  const verdicts = evaluateCel(cases.map(({ rule, object }) => ({ rule, object, namespaceObject: namespace })));
  return verdicts
    .map((v, i) => ({ rule: cases[i]!.id, object: String(cases[i]!.object.kind), failed: v.failed, error: v.error, allowed: v.allowed }))
    .filter((v) => v.allowed !== true)
    .map(({ rule, object, failed, error }) => ({ rule, object, failed, error }));
}

const SERVICES = { postgres: {}, cache: {} };
const TEMPLATES: [string, AppSpecInput, string][] = [
  ["web", { name: "shop", team: "web", environments: ["dev", "prod"], services: SERVICES }, "base/deployment.yaml"],
  [
    "worker",
    { name: "shop", team: "web", environments: ["dev", "prod"], workload: { kind: "worker" }, services: SERVICES },
    "base/deployment.yaml",
  ],
  [
    "batch",
    { name: "shop", team: "web", environments: ["dev", "prod"], workload: { kind: "batch", schedule: "15 2 * * *" }, services: SERVICES },
    "base/cronjob.yaml",
  ],
];

describe.each(TEMPLATES)("the %s template", (_kind, input, workloadFile) => {
  const rendered = render(input);

  test.each(["dev", "prod"])("passes every Kyverno admission rule in %s, with its backing services wired in", (environment) => {
    const objects = [builtPod(rendered, workloadFile, environment)];
    if (rendered.files["base/service.yaml"]) objects.push(rendered.doc("base/service.yaml"));
    // Every pod rule ran (no rule silently skipped): the pod is checked by each one.
    expect(Object.values(RULES).filter((r) => r.resource === "pods").length).toBeGreaterThan(10);
    expect(admission(objects, namespaceObject(rendered, environment))).toEqual([]);
  });

  test("a privileged variant of the same pod is denied (the check can fail)", () => {
    const pod = builtPod(rendered, workloadFile, "prod") as { spec: PodSpec };
    (pod.spec.containers[0]!.securityContext as Json).privileged = true;
    pod.spec.containers[0]!.image = `${rendered.names.registry.repository}:latest`;
    const failed = admission([pod as Json], namespaceObject(rendered, "prod")).map((v) => v.rule);
    expect(failed).toEqual(expect.arrayContaining(["no-privileged-containers", "image-tag-pinned"]));
  });

  test("the workload is named after the app, credentials come from Secrets, TLS is verified", () => {
    const workload = rendered.doc(workloadFile) as { kind: string; metadata: { name: string } };
    expect(workload.metadata.name).toBe("shop");
    const patch = rendered.doc(`overlays/prod/${BACKING_SERVICES_PATCH}`);
    const env = podTemplateOf(patch).spec.containers[0]!.env as { name: string; value?: string; valueFrom?: unknown }[];
    const byName = Object.fromEntries(env.map((e) => [e.name, e]));
    expect(byName.PGPASSWORD).toEqual({ name: "PGPASSWORD", valueFrom: { secretKeyRef: { name: "shop-db-app", key: "password" } } });
    expect(byName.PGSSLMODE!.value).toBe("verify-full");
    expect(byName.CACHE_PASSWORD).toEqual({
      name: "CACHE_PASSWORD",
      valueFrom: { secretKeyRef: { name: "shop-cache-users", key: "default" } },
    });
    expect(byName.CACHE_HOST!.value).toBe("shop-cache.shop-prod.svc");
    // No literal value of a credential anywhere in the repository.
    for (const file of Object.values(rendered.files)) expect(file.content).not.toMatch(/PASSWORD\s*\n\s*value:/);
  });
});

test("web keeps today's Deployment and Service; worker has a metrics-only Service; batch a CronJob and no PDB", () => {
  const web = render(TEMPLATES[0]![1]);
  const worker = render(TEMPLATES[1]![1]);
  const batch = render(TEMPLATES[2]![1]);
  expect(web.doc("base/kustomization.yaml").resources).toEqual(["deployment.yaml", "service.yaml"]);
  expect((web.doc("base/service.yaml").spec as { ports: { name: string }[] }).ports.map((p) => p.name)).toEqual(["http", "http-metrics"]);
  expect((worker.doc("base/service.yaml").spec as { ports: { name: string }[] }).ports.map((p) => p.name)).toEqual(["http-metrics"]);
  expect(batch.doc("base/kustomization.yaml").resources).toEqual(["cronjob.yaml"]);
  const cronJob = batch.doc("base/cronjob.yaml") as { spec: Json };
  expect(cronJob.spec).toMatchObject({ schedule: "15 2 * * *", timeZone: "UTC", concurrencyPolicy: "Forbid" });
  expect(batch.files["overlays/prod/pdb.yaml"]).toBeUndefined();
  expect(batch.doc("overlays/prod/kustomization.yaml").replicas).toBeUndefined();
  // The web Deployment keeps one pod through voluntary disruptions in prod: a PDB on its own pods, in the overlay.
  expect(web.doc("overlays/prod/pdb.yaml")).toMatchObject({
    kind: "PodDisruptionBudget",
    spec: {
      minAvailable: 1,
      selector: { matchLabels: (web.doc("base/deployment.yaml").spec as { selector: { matchLabels: Json } }).selector.matchLabels },
    },
  });
  expect(web.doc("overlays/prod/kustomization.yaml").resources).toContain("pdb.yaml");
  expect(web.doc("overlays/prod/kustomization.yaml").replicas).toEqual([{ name: "shop", count: 2 }]);
});

test("an environment without backing services gets no patch, one with them lists it", () => {
  const rendered = render({ name: "shop", team: "web", environments: ["dev", "prod"], services: { postgres: { environments: ["prod"] } } });
  expect(rendered.files[`overlays/dev/${BACKING_SERVICES_PATCH}`]).toBeUndefined();
  expect(rendered.doc("overlays/dev/kustomization.yaml").patches).toBeUndefined();
  expect(rendered.doc("overlays/prod/kustomization.yaml").patches).toEqual([{ path: BACKING_SERVICES_PATCH }]);
});
