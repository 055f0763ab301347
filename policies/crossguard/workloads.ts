import type { ResourceValidationArgs } from "@pulumi/policy";
import { allContainers, containerName, podOf, type PodView } from "./pod-specs";
import { schemaWithDefaults, withDefaults, type ResourceRule } from "./rule";

type PodCheck<C> = (pod: PodView, config: C) => string[];

/** A resource rule over the pod of any workload kind (Pod, Deployment, StatefulSet, ...). */
function workloadRule<C extends object>(defaults: C, check: PodCheck<C>): ResourceRule {
  return {
    configSchema: schemaWithDefaults(defaults as Record<string, string | boolean | readonly string[]>),
    validateResource: (args: ResourceValidationArgs, report) => {
      const pod = podOf(args.type, args.props);
      if (pod === undefined) return args.notApplicable("applies to Pods and pod controllers");
      for (const message of check(pod, withDefaults(defaults, args.getConfig<Partial<C>>()))) report(message);
    },
  };
}

const perContainer = (pod: PodView, bad: (c: ReturnType<typeof allContainers>[number]) => string | undefined): string[] =>
  allContainers(pod.spec).flatMap((container, index) => {
    const problem = bad(container);
    return problem === undefined ? [] : [`container '${containerName(container, index)}' ${problem}`];
  });

export const noPrivilegedContainers = workloadRule({}, (pod) =>
  perContainer(pod, (c) => (c.securityContext?.privileged === true ? "runs privileged" : undefined)),
);

export const noPrivilegeEscalation = workloadRule({}, (pod) =>
  perContainer(pod, (c) =>
    c.securityContext?.allowPrivilegeEscalation === false ? undefined : "does not set allowPrivilegeEscalation: false",
  ),
);

export const runAsNonRoot = workloadRule({}, (pod) =>
  perContainer(pod, (c) =>
    (c.securityContext?.runAsNonRoot ?? pod.spec.securityContext?.runAsNonRoot) === true
      ? undefined
      : "may run as root (runAsNonRoot is not true)",
  ),
);

export const noHostNamespaces = workloadRule({}, (pod) => {
  const problems: string[] = [];
  for (const field of ["hostNetwork", "hostPID", "hostIPC"] as const)
    if (pod.spec[field] === true) problems.push(`pod sets ${field}: true`);
  for (const volume of pod.spec.volumes ?? [])
    if (volume.hostPath !== undefined) problems.push(`volume '${volume.name ?? "?"}' mounts a hostPath`);
  return problems;
});

export const resourceRequestsLimits = workloadRule({}, (pod) =>
  (pod.spec.containers ?? []).flatMap((c, index) => {
    const missing = [
      c.resources?.requests?.cpu === undefined ? "requests.cpu" : undefined,
      c.resources?.requests?.memory === undefined ? "requests.memory" : undefined,
      c.resources?.limits?.memory === undefined ? "limits.memory" : undefined,
    ].filter((m) => m !== undefined);
    return missing.length === 0 ? [] : [`container '${containerName(c, index)}' has no ${missing.join(", ")}`];
  }),
);

export const probesRequired = workloadRule({}, (pod) =>
  (pod.spec.containers ?? []).flatMap((c, index) => {
    const missing = [
      c.livenessProbe === undefined ? "livenessProbe" : undefined,
      c.readinessProbe === undefined ? "readinessProbe" : undefined,
    ].filter((m) => m !== undefined);
    return missing.length === 0 ? [] : [`container '${containerName(c, index)}' has no ${missing.join(" or ")}`];
  }),
);

export const WORKLOAD_LABEL_DEFAULTS = { requiredLabels: ["app.kubernetes.io/name"] as readonly string[] };
export const workloadLabels = workloadRule(WORKLOAD_LABEL_DEFAULTS, (pod, config) =>
  config.requiredLabels.filter((label) => (pod.labels[label] ?? "") === "").map((label) => `pod template has no label '${label}'`),
);

// A tag is whatever follows the last ':' after the last '/', so a registry port is not mistaken for one.
const TAGGED = /^[^@]+:[^:/@]+(@sha256:[a-f0-9]{64})?$/;
const DIGEST = /@sha256:[a-f0-9]{64}$/;
const LATEST = /:latest(@|$)/;

export const IMAGE_TAG_DEFAULTS = { requireDigest: false };
export const imageTagPinned = workloadRule(IMAGE_TAG_DEFAULTS, (pod, config) =>
  perContainer(pod, (c) => {
    const image = c.image ?? "";
    if (config.requireDigest && !DIGEST.test(image)) return `image '${image}' is not pinned by digest`;
    if (!TAGGED.test(image) && !DIGEST.test(image)) return `image '${image}' has no tag`;
    if (LATEST.test(image)) return `image '${image}' uses the mutable tag 'latest'`;
    return undefined;
  }),
);

export const REGISTRY_DEFAULTS = { registryHost: "" };
export const imagesFromPlatformRegistry: ResourceRule = {
  configSchema: schemaWithDefaults(REGISTRY_DEFAULTS),
  validateResource: (args, report) => {
    const pod = podOf(args.type, args.props);
    if (pod === undefined) return args.notApplicable("applies to Pods and pod controllers");
    const { registryHost } = withDefaults(REGISTRY_DEFAULTS, args.getConfig<Partial<typeof REGISTRY_DEFAULTS>>());
    if (registryHost === "") return args.notApplicable("registryHost is not configured");
    for (const message of perContainer(pod, (c) =>
      (c.image ?? "").startsWith(`${registryHost}/`) ? undefined : `image '${c.image ?? ""}' is not from ${registryHost}`,
    ))
      report(message);
  },
};
