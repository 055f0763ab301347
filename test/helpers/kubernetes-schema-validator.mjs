// Validates Kubernetes objects (JSON array on stdin) with kubernetes-models and
// @kubernetes-models/*. Runs as its own Node process because those packages are
// ESM-only and jest's CommonJS module system cannot load them.
import { readFileSync } from "node:fs";

const PACKAGES = {
  "argoproj.io": "@kubernetes-models/argo-cd",
  "cert-manager.io": "@kubernetes-models/cert-manager",
  "acme.cert-manager.io": "@kubernetes-models/cert-manager",
  "external-secrets.io": "@kubernetes-models/external-secrets",
  "generators.external-secrets.io": "@kubernetes-models/external-secrets",
  "kyverno.io": "@kubernetes-models/kyverno",
  "policies.kyverno.io": "@kubernetes-models/kyverno",
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
  "postgresql.cnpg.io": "@kubernetes-models/cloudnative-pg",
};

// argoproj.io is shared by Argo CD and Argo Rollouts; these kinds are Rollouts'.
const ROLLOUTS_KINDS = new Set(["Rollout", "AnalysisTemplate", "ClusterAnalysisTemplate", "AnalysisRun", "Experiment"]);

function modulePath(apiVersion, kind) {
  if (!apiVersion.includes("/")) return `kubernetes-models/${apiVersion}`;
  const [group, version] = apiVersion.split("/");
  if (group === "argoproj.io" && ROLLOUTS_KINDS.has(kind)) return `@kubernetes-models/argo-rollouts/${group}/${version}`;
  if (PACKAGES[group]) return `${PACKAGES[group]}/${group}/${version}`;
  if (!group.includes(".") || group.endsWith(".k8s.io")) return `kubernetes-models/${group}/${version}`;
  return undefined;
}

const objects = JSON.parse(readFileSync(0, "utf8"));
const results = [];
for (const object of objects) {
  const path = modulePath(String(object.apiVersion ?? ""), String(object.kind ?? ""));
  if (!path) {
    results.push({ status: "no-validator", message: `no npm validator for ${object.apiVersion}` });
    continue;
  }
  try {
    const models = await import(path);
    const Model = models[object.kind];
    if (!Model) {
      results.push({ status: "invalid", message: `${object.apiVersion} has no kind ${object.kind}` });
      continue;
    }
    new Model(object).validate();
    results.push({ status: "valid" });
  } catch (error) {
    results.push({ status: "invalid", message: String(error?.message ?? error) });
  }
}
process.stdout.write(JSON.stringify(results));
