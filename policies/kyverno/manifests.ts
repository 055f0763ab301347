import { POLICIES_API_VERSION } from "../../components/platform/kyverno/policy-manifests";
import { GUARDRAILS, type Guardrail, type KyvernoMode, type Profile } from "../catalog";
import { WORKLOAD_LABEL_DEFAULTS } from "../crossguard/workloads";
import { celRules, type CelRule } from "./cel-rules";
import { policyException, type ExceptionRequest } from "./policy-exception";
import { cosignAttestor, type SigningIdentity } from "./signing-identity";

/** Only onboarded app namespaces: platform charts come from upstream registries and are governed by the chart catalog. */
export const APP_NAMESPACE_SELECTOR = { matchExpressions: [{ key: "platform.delivery/app", operator: "Exists" }] };
const SYSTEM_NAMESPACES = ["kube-system", "kube-public", "kube-node-lease", "default"];
// Kyverno's CEL autogen knows these (kyverno/kyverno pkg/cel/autogen/config.go); ReplicationControllers'
// pods are still checked as pods when the controller creates them.
const POD_CONTROLLERS = ["deployments", "statefulsets", "daemonsets", "replicasets", "jobs", "cronjobs"];
const HOST = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:\d+)?$/;

export interface KyvernoPolicyOptions {
  /** Host of the platform registry (images must come from it and be signed). */
  registryHost: string;
  /**
   * Who signs images. Without it the signature policy is left out: each app's onboarding admits
   * its own pipeline's identity instead (per-app transit keys have no single platform identity).
   */
  signingIdentity?: SigningIdentity;
  /** Namespaces app NetworkPolicies may name besides their own (default: PEER_NAMESPACES). */
  peerNamespaces?: readonly string[];
  /** Labels every app pod must carry (default: the workload-labels guardrail's). */
  requiredLabels?: readonly string[];
  /** Temporary, reasoned exceptions (PolicyExceptions in the Kyverno namespace). */
  exceptions?: readonly ExceptionRequest[];
  /** Evaluation time for exception expiry (tests). */
  now?: Date;
}

export const validationActionsFor = (mode: KyvernoMode) => (mode === "Deny" ? ["Deny"] : ["Audit"]);

function metadataOf(guardrail: Guardrail) {
  return {
    name: guardrail.id,
    annotations: {
      "policies.kyverno.io/title": guardrail.title,
      "policies.kyverno.io/severity": guardrail.severity,
      "policies.kyverno.io/description": guardrail.rationale,
      "platform.delivery/regulations": guardrail.regulations.map((r) => `${r.framework} ${r.article}`).join("; "),
    },
  };
}

const OPERATIONS = ["CREATE", "UPDATE"];

/** Pods and objects in app namespaces are matched there only; namespaces are matched all but Kubernetes' own. */
function matchOf(rule: CelRule): Record<string, unknown> {
  if (rule.resource === "namespaces")
    return {
      matchConstraints: { resourceRules: [{ apiGroups: [""], apiVersions: ["v1"], operations: OPERATIONS, resources: ["namespaces"] }] },
      matchConditions: [
        {
          name: "not-a-system-namespace",
          expression: `!(object.metadata.name in [${SYSTEM_NAMESPACES.map((n) => `'${n}'`).join(", ")}])`,
        },
      ],
    };
  if (rule.resource === "pods")
    return {
      matchConstraints: {
        resourceRules: [{ apiGroups: [""], apiVersions: ["v1"], operations: OPERATIONS, resources: ["pods"] }],
        namespaceSelector: APP_NAMESPACE_SELECTOR,
      },
      autogen: { podControllers: { controllers: POD_CONTROLLERS } },
    };
  return {
    matchConstraints: {
      resourceRules: rule.kinds.map((kind) => ({
        apiGroups: [...kind.apiGroups],
        apiVersions: [...kind.apiVersions],
        operations: OPERATIONS,
        resources: [...kind.resources],
      })),
      namespaceSelector: APP_NAMESPACE_SELECTOR,
    },
  };
}

function validatingPolicy(guardrail: Guardrail, rule: CelRule, mode: KyvernoMode): Record<string, unknown> {
  const { matchConstraints, ...matching } = matchOf(rule);
  return {
    apiVersion: POLICIES_API_VERSION,
    kind: "ValidatingPolicy",
    metadata: metadataOf(guardrail),
    spec: {
      validationActions: validationActionsFor(mode),
      evaluation: { background: { enabled: true } },
      matchConstraints,
      ...matching,
      ...(rule.variables.length > 0 ? { variables: rule.variables } : {}),
      validations: rule.validations,
    },
  };
}

function imageValidatingPolicy(guardrail: Guardrail, mode: KyvernoMode, registryHost: string, identity: SigningIdentity) {
  return {
    apiVersion: POLICIES_API_VERSION,
    kind: "ImageValidatingPolicy",
    metadata: metadataOf(guardrail),
    spec: {
      validationActions: validationActionsFor(mode),
      // Signatures are checked against the registry at admission; background re-verification would hammer it.
      evaluation: { background: { enabled: false } },
      webhookConfiguration: { timeoutSeconds: 30 },
      matchConstraints: {
        resourceRules: [{ apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["pods"] }],
        namespaceSelector: APP_NAMESPACE_SELECTOR,
      },
      autogen: { podControllers: { controllers: POD_CONTROLLERS } },
      matchImageReferences: [{ glob: `${registryHost}/*` }],
      attestors: [{ name: "platform", cosign: cosignAttestor(identity) }],
      validationConfigurations: { mutateDigest: true, verifyDigest: true, required: true },
      validations: [
        {
          expression: "images.containers.map(image, verifyImageSignatures(image, [attestors.platform])).all(e, e > 0)",
          message: "Images must be signed by the platform signing identity.",
        },
      ],
    },
  };
}

/**
 * The guardrails Kyverno enforces, as manifests for the Kyverno component's
 * `policies` arg: a ValidatingPolicy per workload/tenancy guardrail, the
 * ImageValidatingPolicy for signatures and any PolicyExceptions; each with
 * the profile's validation actions from the catalog.
 */
export function kyvernoPolicyManifests(profile: Profile, options: KyvernoPolicyOptions): Record<string, unknown>[] {
  if (!HOST.test(options.registryHost))
    throw new Error(`registryHost must be a host name (optionally :port), got '${options.registryHost}'`);
  const rules = celRules({
    registryHost: options.registryHost,
    requireDigest: profile === "prod",
    requiredLabels: options.requiredLabels ?? WORKLOAD_LABEL_DEFAULTS.requiredLabels,
    ...(options.peerNamespaces === undefined ? {} : { peerNamespaces: options.peerNamespaces }),
  });
  const manifests: Record<string, unknown>[] = [];
  for (const guardrail of GUARDRAILS) {
    if (guardrail.kyverno === undefined) continue;
    const mode = guardrail.kyverno.mode[profile];
    if (guardrail.id === "image-signature-verified") {
      if (options.signingIdentity) manifests.push(imageValidatingPolicy(guardrail, mode, options.registryHost, options.signingIdentity));
      continue;
    }
    const rule = rules[guardrail.id];
    if (rule === undefined)
      throw new Error(`guardrail '${guardrail.id}' is enforced by Kyverno but has no CEL rule in policies/kyverno/cel-rules.ts`);
    manifests.push(validatingPolicy(guardrail, rule, mode));
  }
  for (const request of options.exceptions ?? []) manifests.push(policyException(request, options.now));
  return manifests;
}
