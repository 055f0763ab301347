/**
 * Cases of the CrossGuard-only guardrails as an attacker would write the resources: each passes a
 * presence check and fails a check of what it allows. crossguard-rules.test.ts runs them beside
 * its own cases (merged per guardrail).
 */
import type { PlanResource } from "../../plan/plan-document";
import { planResource } from "./harness";

export interface AdversaryCase {
  title: string;
  resources: PlanResource | PlanResource[];
  /** Substrings of the expected messages, in order; empty = no violation. */
  expect: string[];
  config?: Record<string, unknown>;
}

type Json = Record<string, unknown>;
const deployment = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "shop", namespace: "shop-prod" }, spec: {} };
const configGroup = (inputs: Json) => planResource("kubernetes:yaml/v2:ConfigGroup", "bundle", inputs, { custom: false });
const transitKey = (inputs: Json) =>
  planResource(
    "vault:transit/secretBackendKey:SecretBackendKey",
    "shop-key",
    { backend: "transit", name: "shop", type: "ecdsa-p256", ...inputs },
    { protect: true },
  );
const prodNamespace = planResource("kubernetes:core/v1:Namespace", "shop-prod-ns", {
  metadata: {
    name: "shop-prod",
    labels: {
      "pod-security.kubernetes.io/enforce": "restricted",
      "platform.delivery/app": "shop",
      "platform.delivery/team": "web",
      "platform.delivery/environment": "prod",
    },
  },
});
const schedule = (spec: Json, template: Json = {}, namespace = "velero", type = "kubernetes:velero.io/v1:Schedule") =>
  planResource(type, `schedule-${JSON.stringify(spec).length}-${JSON.stringify(template).length}-${namespace}`, {
    apiVersion: "velero.io/v1",
    kind: "Schedule",
    metadata: { name: "app-shop", namespace },
    spec: {
      schedule: "0 2 * * *",
      ...spec,
      template: { includedNamespaces: ["shop-prod"], ttl: "720h", defaultVolumesToFsBackup: true, ...template },
    },
  });
const backedUp = (spec: Json, template: Json = {}, namespace?: string): PlanResource[] => [
  prodNamespace,
  schedule(spec, template, namespace),
];
const chart = (type: string, inputs: Json) => planResource(type, "extra-chart", inputs);
const V4_CHART = "kubernetes:helm.sh/v4:Chart";
const V3_CHART = "kubernetes:helm.sh/v3:Chart";
const ARGO = "https://argoproj.github.io/argo-helm";

export const ADVERSARY_CASES: Readonly<Record<string, AdversaryCase[]>> = {
  "kubernetes-kinds-reviewed": [
    { title: "a Deployment", resources: planResource("kubernetes:apps/v1:Deployment", "shop", deployment), expect: [] },
    { title: "a ConfigGroup of inline objects", resources: configGroup({ objs: [deployment] }), expect: [] },
    {
      title: "a List type",
      resources: planResource("kubernetes:core/v1:PodList", "pods", { items: [{ metadata: { name: "p" }, spec: { containers: [] } }] }),
      expect: ["is a List type"],
    },
    {
      title: "a ConfigFile",
      resources: planResource("kubernetes:yaml/v2:ConfigFile", "f", { file: "manifests.yaml" }, { custom: false }),
      expect: ["which the plan does not hold"],
    },
    {
      title: "a v1 ConfigGroup of files",
      resources: planResource("kubernetes:yaml:ConfigGroup", "g", { files: ["a/*.yaml"] }, { custom: false }),
      expect: ["a file the plan does not hold"],
    },
    {
      title: "a kustomize directory",
      resources: planResource("kubernetes:kustomize/v2:Directory", "k", { directory: "overlays/prod" }, { custom: false }),
      expect: ["which the plan does not hold"],
    },
    { title: "YAML that does not parse", resources: configGroup({ yaml: "kind: [unclosed" }), expect: ["is not valid YAML"] },
    {
      title: "a webhook hidden in a ConfigGroup's YAML",
      resources: configGroup({
        yaml: "apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingWebhookConfiguration\nmetadata:\n  name: inject\nwebhooks: []\n",
      }),
      expect: ["yaml document 1 (MutatingWebhookConfiguration 'inject') is a MutatingWebhookConfiguration"],
    },
    {
      title: "an APIService",
      resources: planResource("kubernetes:apiregistration.k8s.io/v1:APIService", "v1.evil", {}),
      expect: ["routes an API group"],
    },
    {
      title: "a CertificateSigningRequest",
      resources: planResource("kubernetes:certificates.k8s.io/v1:CertificateSigningRequest", "admin", {}),
      expect: ["client certificate"],
    },
    {
      title: "a ControllerRevision",
      resources: planResource("kubernetes:apps/v1:ControllerRevision", "rollback", { data: {} }),
      expect: ["rolls back to"],
    },
    { title: "manifests unknown at preview", resources: configGroup({ yaml: "[unknown]" }), expect: ["yaml is unknown at preview time"] },
  ],
  "vault-transit-keys-retained": [
    { title: "kept and sealed", resources: transitKey({ deletionAllowed: false, exportable: false }), expect: [] },
    { title: "deletable", resources: transitKey({ deletionAllowed: true }), expect: ["sets deletionAllowed: true"] },
    { title: "exportable", resources: transitKey({ exportable: true }), expect: ["sets exportable: true"] },
    { title: "plaintext backups", resources: transitKey({ allowPlaintextBackup: true }), expect: ["sets allowPlaintextBackup: true"] },
    { title: "trimmed versions", resources: transitKey({ minAvailableVersion: 3 }), expect: ["deletes the older key versions"] },
    {
      title: "deletion unknown at preview",
      resources: transitKey({ deletionAllowed: "[unknown]" }),
      expect: ["deletionAllowed is unknown at preview time"],
    },
  ],
  "stateful-resources-protected": [
    {
      title: "unprotected volume deleting its data",
      resources: planResource("kubernetes:core/v1:PersistentVolume", "pv", {
        spec: { persistentVolumeReclaimPolicy: "Delete", csi: { driver: "x", volumeHandle: "h" } },
      }),
      expect: ["reclaim policy Delete destroys the volume's data"],
    },
    {
      title: "unprotected volume that is retained",
      resources: planResource("kubernetes:core/v1:PersistentVolume", "pv", { spec: { persistentVolumeReclaimPolicy: "Retain" } }),
      expect: [],
    },
    {
      title: "StatefulSet deleting its claims",
      resources: planResource("kubernetes:apps/v1:StatefulSet", "db", {
        spec: {
          volumeClaimTemplates: [{ metadata: { name: "data" } }],
          persistentVolumeClaimRetentionPolicy: { whenDeleted: "Delete", whenScaled: "Retain" },
        },
      }),
      expect: ["claims are deleted with it (persistentVolumeClaimRetentionPolicy.whenDeleted: Delete)"],
    },
    {
      title: "StatefulSet keeping its claims",
      resources: planResource("kubernetes:apps/v1:StatefulSet", "db", { spec: { volumeClaimTemplates: [{ metadata: { name: "data" } }] } }),
      expect: [],
    },
    { title: "unprotected signing key", resources: { ...transitKey({}), protect: false }, expect: ["holds data but is not protected"] },
  ],
  "prod-namespaces-backed-up": [
    { title: "daily, whole namespace", resources: backedUp({}), expect: [] },
    { title: "every six hours", resources: backedUp({ schedule: "@every 6h" }), expect: [] },
    { title: "in a time zone", resources: backedUp({ schedule: "CRON_TZ=Europe/Berlin 30 1 * * *" }), expect: [] },
    { title: "paused", resources: backedUp({ paused: true }), expect: ["'app-shop' is paused"] },
    { title: "never fires (31 February)", resources: backedUp({ schedule: "0 0 31 2 *" }), expect: ["does not fire every day"] },
    { title: "weekly", resources: backedUp({ schedule: "0 2 * * 0" }), expect: ["does not fire every day"] },
    { title: "yearly", resources: backedUp({ schedule: "@yearly" }), expect: ["less often than daily"] },
    { title: "not a cron expression", resources: backedUp({ schedule: "61 2 * * *" }), expect: ["no valid cron expression"] },
    { title: "six fields", resources: backedUp({ schedule: "0 0 2 * * *" }), expect: ["no five-field cron expression"] },
    {
      title: "excludes the namespace",
      resources: backedUp({}, { includedNamespaces: ["*"], excludedNamespaces: ["shop-prod"] }),
      expect: ["excludes 'shop-prod'"],
    },
    { title: "outside Velero's namespace", resources: backedUp({}, {}, "shop-prod"), expect: ["where Velero does not run it"] },
    { title: "only ConfigMaps", resources: backedUp({}, { includedResources: ["configmaps"] }), expect: ["backs up only configmaps"] },
    {
      title: "leaves out claims",
      resources: backedUp({}, { excludedResources: ["persistentvolumeclaims"] }),
      expect: ["leaves out persistentvolumeclaims"],
    },
    {
      title: "selects nothing",
      resources: backedUp({}, { labelSelector: { matchLabels: { backup: "never" } } }),
      expect: ["labelSelector"],
    },
    {
      title: "no volume data",
      resources: backedUp({}, { snapshotVolumes: false, defaultVolumesToFsBackup: false }),
      expect: ["takes no volume data"],
    },
    {
      title: "a patch pausing the schedule",
      resources: [...backedUp({}), schedule({ paused: true }, {}, "velero", "kubernetes:velero.io/v1:SchedulePatch")],
      expect: ["patches a Velero schedule"],
    },
  ],
  "helm-chart-pinned": [
    {
      title: "v4 Chart pinned",
      resources: chart(V4_CHART, { chart: "argo-cd", version: "10.1.2", repositoryOpts: { repo: ARGO } }),
      expect: [],
    },
    {
      title: "v4 Chart unpinned",
      resources: chart(V4_CHART, { chart: "argo-cd", repositoryOpts: { repo: ARGO } }),
      expect: ["(version: null)"],
    },
    {
      title: "v3 Chart with a range in fetchOpts",
      resources: chart(V3_CHART, { chart: "argo-cd", fetchOpts: { repo: ARGO, version: "~10.1" } }),
      expect: ['(version: "~10.1")'],
    },
  ],
  "helm-repository-allowed": [
    {
      title: "v4 Chart of the catalog",
      resources: chart(V4_CHART, { chart: "argo-cd", version: "10.1.2", repositoryOpts: { repo: ARGO } }),
      expect: [],
    },
    {
      title: "v4 Chart from a foreign repository",
      resources: chart(V4_CHART, { chart: "redis", version: "20.0.0", repositoryOpts: { repo: "https://charts.bitnami.com/bitnami" } }),
      expect: ["comes from 'https://charts.bitnami.com/bitnami'"],
    },
    {
      title: "an unreviewed chart of an allowed repository",
      resources: chart(V4_CHART, { chart: "argo-workflows", version: "0.45.0", repositoryOpts: { repo: ARGO } }),
      expect: ["'argo-workflows' of 'https://argoproj.github.io/argo-helm' is not in the reviewed chart catalog"],
    },
    {
      title: "a foreign OCI chart behind an allowed repository",
      resources: chart(V4_CHART, { chart: "oci://registry.evil.io/charts/argo-cd", version: "10.1.2", repositoryOpts: { repo: ARGO } }),
      expect: ["comes from 'oci://registry.evil.io/charts'"],
    },
    {
      title: "a v3 Chart from a local directory",
      resources: chart(V3_CHART, { path: "./charts/shop" }),
      expect: ["comes from '(local chart)'"],
    },
    {
      title: "a chart archive URL",
      resources: chart("kubernetes:helm.sh/v3:Release", { chart: "https://evil.io/argo-cd-10.1.2.tgz", version: "10.1.2" }),
      expect: ["comes from 'https://evil.io'"],
    },
  ],
};
