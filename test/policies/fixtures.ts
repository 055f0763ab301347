/** Pod and Namespace fixtures shared by the CrossGuard and Kyverno (CEL) sides of the parity tests. */
import { BACKING_SERVICE_FIXTURES } from "./backing-service-fixtures";
import { EXPOSURE_FIXTURES } from "./exposure-fixtures";
import { TENANCY_FIXTURES } from "./tenancy-fixtures";
import { DIGEST, goodPod, podWith, REGISTRY, type Pod } from "./pods";
import { WORKLOAD_FIXTURES } from "./workload-fixtures";
import { SECRET_FIXTURES } from "./secret-fixtures";

export { DIGEST, goodPod, podWith, REGISTRY };

const app = (pod: Pod) => pod.spec.containers[0]!;
const sidecar = { ...structuredClone(goodPod().spec.containers[0]!), name: "init" };

export interface Fixture {
  title: string;
  object: unknown;
  /** Whether the guardrail should allow it in the profile (by profile when it differs). */
  allowed: boolean | { dev: boolean; prod: boolean };
  /** The namespace the object is admitted in (Kyverno's `namespaceObject`; in the plan beside it), for rules that read it. */
  namespace?: unknown;
}

const rollout = (spec: Record<string, unknown>) => ({
  apiVersion: "argoproj.io/v1alpha1",
  kind: "Rollout",
  metadata: { name: "shop", namespace: "shop-prod" },
  spec: {
    replicas: 2,
    selector: { matchLabels: { "app.kubernetes.io/name": "shop" } },
    strategy: { canary: { steps: [{ setWeight: 20 }] } },
    ...spec,
  },
});

/** Argo Rollouts: the pods stay the Deployment's (rollouts-reference-deployment). */
const ROLLOUT_FIXTURES: Readonly<Record<string, Fixture[]>> = {
  "rollouts-reference-deployment": [
    {
      title: "workloadRef to the app's Deployment",
      object: rollout({ workloadRef: { apiVersion: "apps/v1", kind: "Deployment", name: "shop" } }),
      allowed: true,
    },
    {
      title: "an inline pod template",
      object: rollout({ template: { metadata: {}, spec: { containers: [{ name: "c", image: "x" }] } } }),
      allowed: false,
    },
    {
      title: "workloadRef and an inline template",
      object: rollout({ workloadRef: { apiVersion: "apps/v1", kind: "Deployment", name: "shop" }, template: { spec: { containers: [] } } }),
      allowed: false,
    },
    {
      title: "workloadRef to a ReplicaSet",
      object: rollout({ workloadRef: { apiVersion: "apps/v1", kind: "ReplicaSet", name: "shop" } }),
      allowed: false,
    },
    { title: "neither", object: rollout({}), allowed: false },
  ],
};

/** Passing and failing fixtures for each guardrail enforced at both points. */
const BASE_FIXTURES: Readonly<Record<string, Fixture[]>> = {
  "no-privileged-containers": [
    { title: "unprivileged", object: goodPod(), allowed: true },
    {
      title: "privileged: false",
      object: podWith((p) => ((app(p).securityContext as Record<string, unknown>).privileged = false)),
      allowed: true,
    },
    {
      title: "privileged app",
      object: podWith((p) => ((app(p).securityContext as Record<string, unknown>).privileged = true)),
      allowed: false,
    },
    {
      title: "privileged init container",
      object: podWith(
        (p) => (p.spec.initContainers = [{ ...sidecar, securityContext: { allowPrivilegeEscalation: false, privileged: true } }]),
      ),
      allowed: false,
    },
  ],
  "no-privilege-escalation": [
    { title: "escalation off", object: goodPod(), allowed: true },
    { title: "no securityContext", object: podWith((p) => delete app(p).securityContext), allowed: false },
    { title: "escalation on", object: podWith((p) => (app(p).securityContext = { allowPrivilegeEscalation: true })), allowed: false },
  ],
  "run-as-non-root": [
    { title: "pod-level non-root", object: goodPod(), allowed: true },
    {
      title: "container-level non-root",
      object: podWith((p) => {
        delete p.spec.securityContext;
        app(p).securityContext = { allowPrivilegeEscalation: false, runAsNonRoot: true };
      }),
      allowed: true,
    },
    { title: "not set", object: podWith((p) => delete p.spec.securityContext), allowed: false },
    {
      title: "container overrides to root",
      object: podWith((p) => (app(p).securityContext = { allowPrivilegeEscalation: false, runAsNonRoot: false })),
      allowed: false,
    },
  ],
  "no-host-namespaces": [
    { title: "isolated", object: podWith((p) => (p.spec.volumes = [{ name: "tmp", emptyDir: {} }])), allowed: true },
    { title: "hostNetwork", object: podWith((p) => (p.spec.hostNetwork = true)), allowed: false },
    { title: "hostPID", object: podWith((p) => (p.spec.hostPID = true)), allowed: false },
    {
      title: "hostPath volume",
      object: podWith((p) => (p.spec.volumes = [{ name: "docker", hostPath: { path: "/var/run" } }])),
      allowed: false,
    },
  ],
  "resource-requests-limits": [
    { title: "requests and memory limit", object: goodPod(), allowed: true },
    { title: "no resources", object: podWith((p) => delete app(p).resources), allowed: false },
    { title: "no memory limit", object: podWith((p) => (app(p).resources = { requests: { cpu: "1", memory: "1Gi" } })), allowed: false },
  ],
  "probes-required": [
    { title: "both probes", object: goodPod(), allowed: true },
    { title: "no liveness", object: podWith((p) => delete app(p).livenessProbe), allowed: false },
    { title: "no readiness", object: podWith((p) => delete app(p).readinessProbe), allowed: false },
  ],
  "workload-labels": [
    { title: "labelled", object: goodPod(), allowed: true },
    { title: "no labels", object: podWith((p) => (p.metadata.labels = {})), allowed: false },
    { title: "empty label", object: podWith((p) => (p.metadata.labels = { "app.kubernetes.io/name": "" })), allowed: false },
  ],
  "image-tag-pinned": [
    { title: "tag and digest", object: goodPod(), allowed: true },
    { title: "tag only", object: podWith((p) => (app(p).image = `${REGISTRY}/shop/shop:1.2.3`)), allowed: { dev: true, prod: false } },
    { title: "registry port, no tag", object: podWith((p) => (app(p).image = `${REGISTRY}:5000/shop/shop`)), allowed: false },
    {
      title: "registry port and tag",
      object: podWith((p) => (app(p).image = `${REGISTRY}:5000/shop/shop:2.0.0`)),
      allowed: { dev: true, prod: false },
    },
    { title: "latest", object: podWith((p) => (app(p).image = `${REGISTRY}/shop/shop:latest`)), allowed: false },
    { title: "latest with digest", object: podWith((p) => (app(p).image = `${REGISTRY}/shop/shop:latest${DIGEST}`)), allowed: false },
    { title: "untagged", object: podWith((p) => (app(p).image = `${REGISTRY}/shop/shop`)), allowed: false },
  ],
  "images-from-platform-registry": [
    { title: "platform registry", object: goodPod(), allowed: true },
    { title: "Docker Hub", object: podWith((p) => (app(p).image = `docker.io/library/nginx:1.27${DIGEST}`)), allowed: false },
    { title: "look-alike host", object: podWith((p) => (app(p).image = `${REGISTRY}.evil.io/shop/shop:1.2.3${DIGEST}`)), allowed: false },
  ],
  "namespace-labels": [
    {
      title: "app namespace",
      object: {
        apiVersion: "v1",
        kind: "Namespace",
        metadata: {
          name: "shop-prod",
          labels: {
            "pod-security.kubernetes.io/enforce": "restricted",
            "platform.delivery/app": "shop",
            "platform.delivery/team": "web",
            "platform.delivery/environment": "prod",
          },
        },
      },
      allowed: true,
    },
    {
      title: "platform namespace",
      object: {
        apiVersion: "v1",
        kind: "Namespace",
        metadata: { name: "vault", labels: { "pod-security.kubernetes.io/enforce": "restricted", "platform.delivery/service": "vault" } },
      },
      allowed: true,
    },
    {
      title: "app namespace without team",
      object: {
        apiVersion: "v1",
        kind: "Namespace",
        metadata: {
          name: "x",
          labels: {
            "pod-security.kubernetes.io/enforce": "restricted",
            "platform.delivery/app": "x",
            "platform.delivery/environment": "dev",
          },
        },
      },
      allowed: false,
    },
    {
      title: "no pod security level",
      object: { apiVersion: "v1", kind: "Namespace", metadata: { name: "y", labels: { "platform.delivery/service": "y" } } },
      allowed: false,
    },
    { title: "no labels", object: { apiVersion: "v1", kind: "Namespace", metadata: { name: "z" } }, allowed: false },
  ],
  ...EXPOSURE_FIXTURES,
  ...SECRET_FIXTURES,
  ...BACKING_SERVICE_FIXTURES,
};

/** The guardrails both points enforce: the fixtures above and those of the other files, merged per guardrail. */
export const PARITY_FIXTURES: Readonly<Record<string, Fixture[]>> = Object.fromEntries(
  [...new Set([BASE_FIXTURES, WORKLOAD_FIXTURES, TENANCY_FIXTURES, ROLLOUT_FIXTURES].flatMap(Object.keys))].map((id) => [
    id,
    [BASE_FIXTURES, WORKLOAD_FIXTURES, TENANCY_FIXTURES, ROLLOUT_FIXTURES].flatMap((fixtures) => fixtures[id] ?? []),
  ]),
);
