import { allContainers, containerInputs, containerName, type Container, type PodView } from "./pod-specs";
import { workloadRule } from "./workload-rule";

/**
 * What a pod may ask for, as data both enforcement points read (the Kyverno CEL rules in
 * policies/kyverno/cel-rules.ts take the same lists). The values follow the Pod Security
 * Standards (kubernetes.io/docs/concepts/security/pod-security-standards, Baseline and
 * Restricted): allow-lists, so a spelling a deny-list misses (`CAP_SYS_ADMIN`, `sys_admin`) fails.
 */
/** Restricted: containers drop ALL and may add back only NET_BIND_SERVICE. */
export const ALLOWED_CAPABILITIES: readonly string[] = ["NET_BIND_SERVICE"];
export const REQUIRED_DROP = "ALL";
/** Restricted: seccomp and AppArmor profile types other than Unconfined. */
export const CONFINED_PROFILE_TYPES: readonly string[] = ["RuntimeDefault", "Localhost"];
/** Baseline: SELinux types a container may run as (user and role may not be set). */
export const SELINUX_TYPES: readonly string[] = ["", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"];
/** The annotation forms of AppArmor and seccomp (still read by older kubelets) and their confined values. */
export const APPARMOR_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";
export const SECCOMP_POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod";
export const SECCOMP_CONTAINER_ANNOTATION_PREFIX = "container.seccomp.security.alpha.kubernetes.io/";
export const CONFINED_APPARMOR_ANNOTATION_VALUES: readonly string[] = ["runtime/default"];
export const CONFINED_SECCOMP_ANNOTATION_VALUES: readonly string[] = ["runtime/default", "docker/default"];
export const LOCALHOST_ANNOTATION_PREFIX = "localhost/";
/** Baseline: /proc stays masked. */
export const DEFAULT_PROC_MOUNT = "Default";
/** Baseline: the namespaced sysctls that cannot affect other pods on the node. */
export const SAFE_SYSCTLS: readonly string[] = [
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
  "net.ipv4.ip_local_reserved_ports",
  "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_fin_timeout",
  "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
];
/** Restricted: volume types that hold no node path, device or network share (hostPath, nfs, gitRepo, ... are refused). */
export const ALLOWED_VOLUME_TYPES: readonly string[] = [
  "configMap",
  "csi",
  "downwardAPI",
  "emptyDir",
  "ephemeral",
  "persistentVolumeClaim",
  "projected",
  "secret",
];

/** Each container's problem (if any), named. */
const perContainer = (pod: PodView, bad: (c: Container) => string | undefined): string[] =>
  allContainers(pod.spec).flatMap((container, index) => {
    const problem = bad(container);
    return problem === undefined ? [] : [`container '${containerName(container, index)}' ${problem}`];
  });

export const noPrivilegedContainers = workloadRule({}, containerInputs("securityContext.privileged"), (pod) =>
  perContainer(pod, (c) => (c.securityContext?.privileged === true ? "runs privileged" : undefined)),
);

export const noPrivilegeEscalation = workloadRule({}, containerInputs("securityContext.allowPrivilegeEscalation"), (pod) =>
  perContainer(pod, (c) => {
    const value = c.securityContext?.allowPrivilegeEscalation;
    return value === false || (pod.partial && value === undefined) ? undefined : "does not set allowPrivilegeEscalation: false";
  }),
);

export const runAsNonRoot = workloadRule(
  {},
  [
    ...containerInputs("securityContext.runAsNonRoot", "securityContext.runAsUser"),
    "spec.securityContext.runAsNonRoot",
    "spec.securityContext.runAsUser",
  ],
  (pod) =>
    perContainer(pod, (c) => {
      const nonRoot = c.securityContext?.runAsNonRoot ?? pod.spec.securityContext?.runAsNonRoot;
      const user = c.securityContext?.runAsUser ?? pod.spec.securityContext?.runAsUser;
      if (user === 0) return "runs as root (runAsUser: 0)";
      return nonRoot === true || (pod.partial && nonRoot === undefined) ? undefined : "may run as root (runAsNonRoot is not true)";
    }),
);

export const capabilitiesRestricted = workloadRule({}, containerInputs("securityContext.capabilities"), (pod) =>
  perContainer(pod, (c) => {
    const capabilities = c.securityContext?.capabilities;
    const added = (Array.isArray(capabilities?.add) ? capabilities.add : []).filter(
      (name) => !ALLOWED_CAPABILITIES.includes(name as string),
    );
    if (added.length > 0)
      return `adds capabilities ${added.map((name) => JSON.stringify(name)).join(", ")} (only ${ALLOWED_CAPABILITIES.join(", ")} may be added)`;
    const drop = capabilities?.drop;
    if (pod.partial && drop === undefined) return undefined;
    return Array.isArray(drop) && drop.includes(REQUIRED_DROP) ? undefined : `does not drop ${REQUIRED_DROP} capabilities`;
  }),
);

const confinedAnnotation = (value: string, confined: readonly string[]) =>
  confined.includes(value) || (value.startsWith(LOCALHOST_ANNOTATION_PREFIX) && value.length > LOCALHOST_ANNOTATION_PREFIX.length);

function annotationProblems(annotations: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(annotations)) {
    const apparmor = key.startsWith(APPARMOR_ANNOTATION_PREFIX);
    const seccomp = key === SECCOMP_POD_ANNOTATION || key.startsWith(SECCOMP_CONTAINER_ANNOTATION_PREFIX);
    if (apparmor && !confinedAnnotation(String(value), CONFINED_APPARMOR_ANNOTATION_VALUES))
      problems.push(`annotation '${key}: ${String(value)}' lifts the AppArmor confinement`);
    if (seccomp && !confinedAnnotation(String(value), CONFINED_SECCOMP_ANNOTATION_VALUES))
      problems.push(`annotation '${key}: ${String(value)}' lifts the seccomp confinement`);
  }
  return problems;
}

function selinuxProblem(options: { type?: string; user?: string; role?: string } | undefined): string | undefined {
  if (options === undefined) return undefined;
  if (options.user !== undefined || options.role !== undefined) return "sets an SELinux user or role";
  return SELINUX_TYPES.includes(options.type ?? "") ? undefined : `runs as SELinux type '${String(options.type)}'`;
}

const confinementInputs = ["seccompProfile", "appArmorProfile", "seLinuxOptions"];

export const seccompAppArmorConfined = workloadRule(
  {},
  [
    ...containerInputs(...confinementInputs.map((field) => `securityContext.${field}`)),
    ...confinementInputs.map((field) => `spec.securityContext.${field}`),
    "metadata.annotations",
  ],
  (pod) => {
    const podContext = pod.spec.securityContext;
    const problems: string[] = [];
    const podSeccomp = podContext?.seccompProfile?.type;
    if (podSeccomp !== undefined && !CONFINED_PROFILE_TYPES.includes(podSeccomp)) problems.push(`pod seccomp profile is '${podSeccomp}'`);
    const podAppArmor = podContext?.appArmorProfile?.type;
    if (podAppArmor !== undefined && !CONFINED_PROFILE_TYPES.includes(podAppArmor))
      problems.push(`pod AppArmor profile is '${podAppArmor}'`);
    const podSelinux = selinuxProblem(podContext?.seLinuxOptions);
    if (podSelinux !== undefined) problems.push(`pod ${podSelinux}`);
    problems.push(
      ...perContainer(pod, (c) => {
        const context = c.securityContext;
        const seccomp = context?.seccompProfile?.type ?? podSeccomp;
        if (seccomp === undefined ? !pod.partial : !CONFINED_PROFILE_TYPES.includes(seccomp))
          return `runs with seccomp profile '${seccomp ?? "(none)"}' (set RuntimeDefault or Localhost)`;
        const appArmor = context?.appArmorProfile?.type;
        if (appArmor !== undefined && !CONFINED_PROFILE_TYPES.includes(appArmor)) return `runs with AppArmor profile '${appArmor}'`;
        return selinuxProblem(context?.seLinuxOptions);
      }),
      ...annotationProblems(pod.annotations),
    );
    return problems;
  },
);

export const noHostNamespaces = workloadRule(
  {},
  [
    "spec.hostNetwork",
    "spec.hostPID",
    "spec.hostIPC",
    "spec.volumes",
    "spec.securityContext.sysctls",
    "spec.securityContext.windowsOptions",
    ...containerInputs("ports", "securityContext.procMount", "securityContext.windowsOptions"),
  ],
  (pod) => {
    const problems: string[] = [];
    for (const field of ["hostNetwork", "hostPID", "hostIPC"] as const)
      if (pod.spec[field] === true) problems.push(`pod sets ${field}: true`);
    if (pod.spec.securityContext?.windowsOptions?.hostProcess === true) problems.push("pod runs as a Windows host process");
    for (const sysctl of Array.isArray(pod.spec.securityContext?.sysctls) ? pod.spec.securityContext.sysctls : [])
      if (!SAFE_SYSCTLS.includes(sysctl.name ?? "")) problems.push(`pod sets the node-wide sysctl '${String(sysctl.name)}'`);
    for (const volume of Array.isArray(pod.spec.volumes) ? pod.spec.volumes : []) {
      const types = Object.keys(volume).filter((key) => key !== "name");
      const refused = types.filter((type) => !ALLOWED_VOLUME_TYPES.includes(type));
      if (refused.length > 0)
        problems.push(`volume '${volume.name ?? "?"}' mounts a ${refused.join(", ")} (only ${ALLOWED_VOLUME_TYPES.join(", ")})`);
    }
    problems.push(
      ...perContainer(pod, (c) => {
        const hostPorts = (Array.isArray(c.ports) ? c.ports : []).filter((port) => (port.hostPort ?? 0) !== 0).map((port) => port.hostPort);
        if (hostPorts.length > 0) return `binds host ports ${hostPorts.join(", ")}`;
        const procMount = c.securityContext?.procMount;
        if (procMount !== undefined && procMount !== DEFAULT_PROC_MOUNT) return `mounts /proc ${procMount} (only ${DEFAULT_PROC_MOUNT})`;
        return c.securityContext?.windowsOptions?.hostProcess === true ? "runs as a Windows host process" : undefined;
      }),
    );
    return problems;
  },
);

export const resourceRequestsLimits = workloadRule({}, ["spec.containers.*.resources", "spec.containers"], (pod) =>
  (Array.isArray(pod.spec.containers) ? pod.spec.containers : []).flatMap((c, index) => {
    if (pod.partial && c.resources === undefined) return [];
    const missing = [
      c.resources?.requests?.cpu === undefined ? "requests.cpu" : undefined,
      c.resources?.requests?.memory === undefined ? "requests.memory" : undefined,
      c.resources?.limits?.memory === undefined ? "limits.memory" : undefined,
    ].filter((m) => m !== undefined);
    return missing.length === 0 ? [] : [`container '${containerName(c, index)}' has no ${missing.join(", ")}`];
  }),
);

export const probesRequired = workloadRule(
  {},
  ["spec.containers.*.livenessProbe", "spec.containers.*.readinessProbe", "spec.containers"],
  (pod) =>
    (Array.isArray(pod.spec.containers) ? pod.spec.containers : []).flatMap((c, index) => {
      const missing = [
        c.livenessProbe === undefined ? "livenessProbe" : undefined,
        c.readinessProbe === undefined ? "readinessProbe" : undefined,
      ].filter((m) => m !== undefined);
      return missing.length === 0 || pod.partial ? [] : [`container '${containerName(c, index)}' has no ${missing.join(" or ")}`];
    }),
);

export const WORKLOAD_LABEL_DEFAULTS = { requiredLabels: ["app.kubernetes.io/name"] as readonly string[] };
export const workloadLabels = workloadRule(WORKLOAD_LABEL_DEFAULTS, ["metadata.labels"], (pod, config) =>
  config.requiredLabels
    .filter((label) => (pod.labels[label] ?? "") === "" && !(pod.partial && !(label in pod.labels)))
    .map((label) => `pod template has no label '${label}'`),
);

// A tag is whatever follows the last ':' after the last '/', so a registry port is not mistaken for one.
const TAGGED = /^[^@]+:[^:/@]+(@sha256:[a-f0-9]{64})?$/;
const DIGEST = /@sha256:[a-f0-9]{64}$/;
const LATEST = /:latest(@|$)/;

/** Containers whose image to check: in a Patch only those that set one (the others keep theirs). */
const imageOf = (pod: PodView, c: Container): string | undefined =>
  pod.partial && c.image === undefined ? undefined : String(c.image ?? "");

export const IMAGE_TAG_DEFAULTS = { requireDigest: false };
export const imageTagPinned = workloadRule(IMAGE_TAG_DEFAULTS, containerInputs("image"), (pod, config) =>
  perContainer(pod, (c) => {
    const image = imageOf(pod, c);
    if (image === undefined) return undefined;
    if (config.requireDigest && !DIGEST.test(image)) return `image '${image}' is not pinned by digest`;
    if (!TAGGED.test(image) && !DIGEST.test(image)) return `image '${image}' has no tag`;
    if (LATEST.test(image)) return `image '${image}' uses the mutable tag 'latest'`;
    return undefined;
  }),
);

export const REGISTRY_DEFAULTS = { registryHost: "" };
export const imagesFromPlatformRegistry = workloadRule(REGISTRY_DEFAULTS, containerInputs("image"), (pod, config) => {
  // Without a registry host every image would be "foreign": the config names it (policyPackConfig).
  if (config.registryHost === "") return [];
  return perContainer(pod, (c) => {
    const image = imageOf(pod, c);
    return image === undefined || image.startsWith(`${config.registryHost}/`)
      ? undefined
      : `image '${image}' is not from ${config.registryHost}`;
  });
});
