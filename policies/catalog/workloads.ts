import { ALWAYS_MANDATORY, guardrail, type Guardrail, type Regulation } from "./types";

// CRA sub-letters follow Annex I Part I (2) of Reg. (EU) 2024/2847; see docs/guardrails.md for what was verified.
const LEAST_PRIVILEGE: Regulation[] = [
  { framework: "CRA", article: "Annex I Part I (2)(j)" },
  { framework: "NIS2", article: "Art. 21(2)(i)" },
];
const AVAILABILITY: Regulation[] = [
  { framework: "CRA", article: "Annex I Part I (2)(h)" },
  { framework: "DORA", article: "Art. 9(2)" },
];

export const WORKLOAD_GUARDRAILS: readonly Guardrail[] = [
  guardrail({
    id: "no-privileged-containers",
    title: "Containers never run privileged",
    area: "workloads",
    rationale: "A privileged container has every capability and the host's devices: one compromised app owns the node.",
    fix: "Remove securityContext.privileged (or set it to false) on every container.",
    severity: "critical",
    regulations: LEAST_PRIVILEGE,
    implementations: ["crossguard", "kyverno"],
  }),
  guardrail({
    id: "no-privilege-escalation",
    title: "Privilege escalation is switched off",
    area: "workloads",
    rationale: "Without allowPrivilegeEscalation: false a setuid binary can gain more privileges than the container started with.",
    fix: "Set securityContext.allowPrivilegeEscalation: false on every container.",
    severity: "high",
    regulations: LEAST_PRIVILEGE,
    implementations: ["crossguard", "kyverno"],
  }),
  guardrail({
    id: "run-as-non-root",
    title: "Containers run as a non-root user",
    area: "workloads",
    rationale: "Root in a container is root on the node after any container escape; restricted Pod Security requires non-root.",
    fix: "Set securityContext.runAsNonRoot: true on the pod (or on every container) and use an image with a numeric non-root USER.",
    severity: "high",
    regulations: LEAST_PRIVILEGE,
    implementations: ["crossguard", "kyverno"],
  }),
  guardrail({
    id: "no-host-namespaces",
    title: "No host namespaces, host ports, unmasked /proc or volumes other than the restricted types",
    area: "workloads",
    rationale:
      "Host network, PID and IPC namespaces, host ports, an unmasked /proc, Windows host processes, node-wide sysctls and volume types such as hostPath, nfs or gitRepo break the isolation between an app and the node and the other tenants on it.",
    fix: "Remove hostNetwork, hostPID, hostIPC, hostPort, procMount and windowsOptions.hostProcess; use only safe sysctls and the restricted volume types (configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret).",
    severity: "critical",
    regulations: LEAST_PRIVILEGE,
    implementations: ["crossguard", "kyverno"],
  }),
  guardrail({
    id: "capabilities-restricted",
    title: "Containers drop all capabilities and add back at most NET_BIND_SERVICE",
    area: "workloads",
    rationale:
      "SYS_ADMIN, NET_ADMIN, NET_RAW, BPF, SYS_PTRACE and the like hand a container the kernel's powers over the node and its neighbours' traffic; restricted Pod Security allows only NET_BIND_SERVICE and requires drop ALL.",
    fix: "Set securityContext.capabilities.drop: [ALL] on every container and add nothing but NET_BIND_SERVICE.",
    severity: "critical",
    regulations: LEAST_PRIVILEGE,
    implementations: ["crossguard", "kyverno"],
  }),
  guardrail({
    id: "seccomp-apparmor-confined",
    title: "Seccomp, AppArmor and SELinux keep every container confined",
    area: "workloads",
    rationale:
      "An Unconfined seccomp or AppArmor profile (in the securityContext or the older annotations) or a custom SELinux type lifts the kernel's guard against container escapes; restricted Pod Security requires RuntimeDefault or Localhost.",
    fix: "Set securityContext.seccompProfile.type: RuntimeDefault on the pod, never Unconfined, no unconfined AppArmor profile or annotation, and no SELinux user, role or custom type.",
    severity: "high",
    regulations: LEAST_PRIVILEGE,
    implementations: ["crossguard", "kyverno"],
  }),
  guardrail({
    id: "persistent-volumes-provisioned",
    title: "Volumes are provisioned for a claim, never a node path or a volume chosen by name",
    area: "workloads",
    rationale:
      "A PersistentVolume with a hostPath or local path gives whichever claim binds it the node's files; a claim naming a volume takes that volume (another tenant's included), and a cross-namespace data source copies another namespace's data.",
    fix: "Create no hostPath or local PersistentVolumes; in app namespaces let claims be provisioned by their storage class (no spec.volumeName, data sources only from the own namespace).",
    severity: "critical",
    regulations: LEAST_PRIVILEGE,
    implementations: ["crossguard", "kyverno"],
  }),
  guardrail({
    id: "resource-requests-limits",
    title: "CPU and memory requests and a memory limit are set",
    area: "workloads",
    rationale: "Without requests the scheduler overcommits nodes; without a memory limit one leaking app evicts its neighbours.",
    fix: "Set resources.requests.cpu, resources.requests.memory and resources.limits.memory on every container.",
    severity: "medium",
    regulations: AVAILABILITY,
    implementations: ["crossguard", "kyverno"],
  }),
  guardrail({
    id: "probes-required",
    title: "Liveness and readiness probes are defined",
    area: "workloads",
    rationale:
      "Without a readiness probe a rollout sends traffic to pods that are not ready; without liveness a hung pod is never restarted.",
    fix: "Add livenessProbe and readinessProbe to every container (the app's health endpoint on its service port).",
    severity: "medium",
    regulations: AVAILABILITY,
    implementations: ["crossguard", "kyverno"],
  }),
  guardrail({
    id: "workload-labels",
    title: "Workloads carry the required labels",
    area: "workloads",
    rationale: "Labels tie a running pod to its app for monitoring, cost reports and incident handling (asset inventory).",
    fix: "Add the required labels (default app.kubernetes.io/name) to the pod template's metadata.labels.",
    severity: "low",
    regulations: [
      { framework: "NIS2", article: "Art. 21(2)(i)" },
      { framework: "DORA", article: "Art. 8(1)" },
    ],
    implementations: ["crossguard", "kyverno"],
  }),
  guardrail({
    id: "rollouts-reference-deployment",
    title: "Argo Rollouts reference the app's Deployment instead of carrying a pod template",
    area: "workloads",
    rationale:
      "A Rollout with its own pod template is a second workload kind the controller-level admission checks (autogen for Deployments, StatefulSets, ...) do not know; with workloadRef every pod template stays a Deployment's, checked by every workload guardrail.",
    fix: "Remove spec.template from the Rollout and set spec.workloadRef to the app's Deployment (apiVersion apps/v1, kind Deployment).",
    severity: "high",
    regulations: LEAST_PRIVILEGE,
    enforcement: ALWAYS_MANDATORY,
    implementations: ["crossguard", "kyverno"],
  }),
];
