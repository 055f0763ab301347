import { APP_LABELS, POD_SECURITY_LABEL, SERVICE_LABEL } from "../crossguard/tenancy";

/** A CEL string literal (single-quoted; backslashes and quotes escaped). */
export const celString = (value: string) => `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
const celList = (values: readonly string[]) => `[${values.map(celString).join(", ")}]`;

export interface CelValidation {
  expression: string;
  message: string;
}

/** What a ValidatingPolicy checks: the admitted object kind, helper variables and its validations. */
export interface CelRule {
  resource: "pods" | "namespaces";
  variables: { name: string; expression: string }[];
  validations: CelValidation[];
}

export interface CelRuleParameters {
  registryHost: string;
  requireDigest: boolean;
  requiredLabels: readonly string[];
}

const ALL_CONTAINERS = {
  name: "allContainers",
  expression: "object.spec.containers + object.spec.?initContainers.orValue([]) + object.spec.?ephemeralContainers.orValue([])",
};

const podRule = (validations: CelValidation[], containers = true): CelRule => ({
  resource: "pods",
  variables: containers ? [ALL_CONTAINERS] : [],
  validations,
});

/**
 * The Kyverno side of each guardrail enforced at admission, as CEL over the
 * admitted `object` (Pods; Kyverno's autogen applies them to pod controllers).
 * The parity tests run these and the CrossGuard rules on the same fixtures.
 */
export function celRules(parameters: CelRuleParameters): Readonly<Record<string, CelRule>> {
  const digestCheck = parameters.requireDigest
    ? [
        {
          expression: "variables.allContainers.all(c, c.image.matches('@sha256:[a-f0-9]{64}$'))",
          message: "Images must be pinned by digest.",
        },
      ]
    : [];
  return {
    "no-privileged-containers": podRule([
      {
        expression: "variables.allContainers.all(c, c.?securityContext.?privileged.orValue(false) == false)",
        message: "Privileged containers are not allowed.",
      },
    ]),
    "no-privilege-escalation": podRule([
      {
        expression: "variables.allContainers.all(c, c.?securityContext.?allowPrivilegeEscalation.orValue(true) == false)",
        message: "Every container must set securityContext.allowPrivilegeEscalation: false.",
      },
    ]),
    "run-as-non-root": podRule([
      {
        expression:
          "variables.allContainers.all(c, c.?securityContext.?runAsNonRoot.orValue(object.spec.?securityContext.?runAsNonRoot.orValue(false)) == true)",
        message: "Containers must run as non-root (securityContext.runAsNonRoot: true).",
      },
    ]),
    "no-host-namespaces": podRule(
      [
        {
          expression:
            "!object.spec.?hostNetwork.orValue(false) && !object.spec.?hostPID.orValue(false) && !object.spec.?hostIPC.orValue(false) && object.spec.?volumes.orValue([]).all(v, !has(v.hostPath))",
          message: "Host network, PID and IPC namespaces and hostPath volumes are not allowed.",
        },
      ],
      false,
    ),
    "resource-requests-limits": podRule(
      [
        {
          expression:
            "object.spec.containers.all(c, has(c.resources) && has(c.resources.requests) && has(c.resources.requests.cpu) && has(c.resources.requests.memory) && has(c.resources.limits) && has(c.resources.limits.memory))",
          message: "CPU and memory requests and a memory limit are required.",
        },
      ],
      false,
    ),
    "probes-required": podRule(
      [
        {
          expression: "object.spec.containers.all(c, has(c.livenessProbe) && has(c.readinessProbe))",
          message: "Liveness and readiness probes are required.",
        },
      ],
      false,
    ),
    "workload-labels": podRule(
      [
        {
          expression: `${celList(parameters.requiredLabels)}.all(l, l in object.metadata.?labels.orValue({}) && object.metadata.labels[l] != '')`,
          message: `Pods must carry the labels ${parameters.requiredLabels.join(", ")}.`,
        },
      ],
      false,
    ),
    "image-tag-pinned": podRule([
      {
        expression:
          "variables.allContainers.all(c, c.image.matches('^[^@]+:[^:/@]+(@sha256:[a-f0-9]{64})?$') || c.image.matches('@sha256:[a-f0-9]{64}$'))",
        message: "An image tag or digest is required.",
      },
      {
        expression: "variables.allContainers.all(c, !c.image.matches(':latest(@|$)'))",
        message: "The mutable tag 'latest' is not allowed.",
      },
      ...digestCheck,
    ]),
    "images-from-platform-registry": podRule([
      {
        expression: `variables.allContainers.all(c, c.image.startsWith(${celString(`${parameters.registryHost}/`)}))`,
        message: `Images must come from the platform registry ${parameters.registryHost}.`,
      },
    ]),
    "namespace-labels": {
      resource: "namespaces",
      variables: [{ name: "labels", expression: "object.metadata.?labels.orValue({})" }],
      validations: [
        {
          expression: `${celString(POD_SECURITY_LABEL)} in variables.labels && (${celString(SERVICE_LABEL)} in variables.labels || ${celList(APP_LABELS)}.all(k, k in variables.labels))`,
          message: `Namespaces need the ${POD_SECURITY_LABEL} label and either ${SERVICE_LABEL} or ${APP_LABELS.join(", ")}.`,
        },
      ],
    },
  };
}
