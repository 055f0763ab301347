import { TENANCY_LABEL_KEYS } from "../../components/onboarding/tenancy/labels";
import { POLICIES_API_VERSION } from "../../components/platform/kyverno/policy-manifests";
import { GUARDRAILS, type Guardrail, type Profile } from "../catalog";
import { WORKLOAD_LABEL_DEFAULTS } from "../crossguard/workloads";
import { admissionGroups, groupPolicyName, type AdmissionEnforcement, type AdmissionGroup } from "./admission-actions";
import { celList, celString } from "./cel-literals";
import { celRules, type CelRule } from "./cel-rules";
import type { PolicyTarget } from "./policy-exception";
import { cosignAttestor, type SigningIdentity } from "./signing-identity";

/** Only onboarded app namespaces: platform charts come from upstream registries and are governed by the chart catalog. */
export const APP_NAMESPACE_SELECTOR = { matchExpressions: [{ key: "platform.delivery/app", operator: "Exists" }] };
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
  /**
   * The tiers of the stack's environments and `services.kyverno.validationActions`
   * (policies/enforcement/levels.ts); default: the profile's tier in every namespace.
   */
  enforcement?: AdmissionEnforcement;
  /**
   * Namespaces the platform owns, with the environment of each app namespace: its service
   * namespaces and every app namespace of this stack and of its registered tenant stacks. The
   * namespace-labels policy checks these only, not namespaces of other owners (the ingress
   * controller's, the cluster's own).
   */
  ownedNamespaces: readonly OwnedNamespace[];
}

export interface OwnedNamespace {
  name: string;
  /** The environment of an app namespace; platform namespaces have none (they take the stack profile's tier). */
  environment?: string;
}

function metadataOf(guardrail: Guardrail, name: string) {
  return {
    name,
    annotations: {
      "policies.kyverno.io/title": guardrail.title,
      "policies.kyverno.io/severity": guardrail.severity,
      "policies.kyverno.io/description": guardrail.rationale,
      "platform.delivery/regulations": guardrail.regulations.map((r) => `${r.framework} ${r.article}`).join("; "),
    },
  };
}

const OPERATIONS = ["CREATE", "UPDATE"];

const ENVIRONMENT_LABEL = TENANCY_LABEL_KEYS.environment;

/**
 * Which app namespaces a group's policy matches: the base group every app namespace but those of
 * the other groups' environments (so a namespace of an undeclared environment gets the stack's
 * actions), any other group those of its environments only.
 */
function appNamespaceSelector(group: AdmissionGroup, groups: readonly AdmissionGroup[]) {
  const others = groups.filter((g) => g !== group).flatMap((g) => g.environments);
  const environment = group.base
    ? others.length > 0
      ? [{ key: ENVIRONMENT_LABEL, operator: "NotIn", values: others }]
      : []
    : [{ key: ENVIRONMENT_LABEL, operator: "In", values: [...group.environments] }];
  return { matchExpressions: [...APP_NAMESPACE_SELECTOR.matchExpressions, ...environment] };
}

/**
 * Pods and objects in app namespaces are matched there only; namespaces are matched by name, and
 * only those the platform owns (`namespaces`: this group's).
 */
function matchOf(rule: CelRule, namespaceSelector: Record<string, unknown>, namespaces: readonly string[]): Record<string, unknown> {
  if (rule.resource === "namespaces")
    return {
      matchConstraints: { resourceRules: [{ apiGroups: [""], apiVersions: ["v1"], operations: OPERATIONS, resources: ["namespaces"] }] },
      // By name, not by label: the policy checks the labels, and a namespace must not escape it by lacking them.
      matchConditions: [{ name: "owned-by-the-platform", expression: `object.metadata.name in ${celList(namespaces)}` }],
    };
  if (rule.resource === "pods")
    return {
      matchConstraints: {
        resourceRules: [{ apiGroups: [""], apiVersions: ["v1"], operations: OPERATIONS, resources: ["pods"] }],
        namespaceSelector,
      },
      autogen: { podControllers: { controllers: POD_CONTROLLERS } },
    };
  if (rule.resource === "requested-by")
    return {
      matchConstraints: {
        resourceRules: rule.kinds.map((kind) => ({
          apiGroups: [...kind.apiGroups],
          apiVersions: [...kind.apiVersions],
          operations: OPERATIONS,
          resources: [...kind.resources],
        })),
      },
      matchConditions: [{ name: "requested-by", expression: `request.userInfo.username == ${celString(rule.username)}` }],
    };
  return {
    matchConstraints: {
      resourceRules: rule.kinds.map((kind) => ({
        apiGroups: [...kind.apiGroups],
        apiVersions: [...kind.apiVersions],
        operations: OPERATIONS,
        resources: [...kind.resources],
      })),
      namespaceSelector,
    },
  };
}

function validatingPolicy(
  guardrail: Guardrail,
  rule: CelRule,
  name: string,
  actions: readonly string[],
  match: Record<string, unknown>,
): Record<string, unknown> {
  const { matchConstraints, ...matching } = match;
  return {
    apiVersion: POLICIES_API_VERSION,
    kind: "ValidatingPolicy",
    metadata: metadataOf(guardrail, name),
    spec: {
      validationActions: [...actions],
      // A background scan has no admission request, so a rule about who requests an object can only run at admission.
      evaluation: { background: { enabled: rule.resource !== "requested-by" } },
      matchConstraints,
      ...matching,
      ...(rule.variables.length > 0 ? { variables: rule.variables } : {}),
      validations: rule.validations,
    },
  };
}

function imageValidatingPolicy(
  guardrail: Guardrail,
  name: string,
  actions: readonly string[],
  namespaceSelector: Record<string, unknown>,
  registryHost: string,
  identity: SigningIdentity,
) {
  return {
    apiVersion: POLICIES_API_VERSION,
    kind: "ImageValidatingPolicy",
    metadata: metadataOf(guardrail, name),
    spec: {
      validationActions: [...actions],
      // Signatures are checked against the registry at admission; background re-verification would hammer it.
      evaluation: { background: { enabled: false } },
      webhookConfiguration: { timeoutSeconds: 30 },
      matchConstraints: {
        resourceRules: [{ apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["pods"] }],
        namespaceSelector,
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
 * The guardrails Kyverno enforces, as manifests for the Kyverno component's `policies` arg: per
 * workload/tenancy guardrail a ValidatingPolicy for each group of environments with the same
 * actions (the base group keeps the guardrail's id as its name, others get `<id>.<actions>`), the
 * ImageValidatingPolicy for signatures alike. Actions follow the shared
 * level rule (policies/enforcement/levels.ts), so CrossGuard and Kyverno agree per environment.
 */
export function kyvernoPolicyManifests(profile: Profile, options: KyvernoPolicyOptions): Record<string, unknown>[] {
  if (!HOST.test(options.registryHost))
    throw new Error(`registryHost must be a host name (optionally :port), got '${options.registryHost}'`);
  const enforcement = options.enforcement ?? { profile, environments: [] };
  if (enforcement.profile !== profile) throw new Error(`enforcement is for profile '${enforcement.profile}', not '${profile}'`);
  const rules = celRules({
    registryHost: options.registryHost,
    requireDigest: profile === "prod",
    requiredLabels: options.requiredLabels ?? WORKLOAD_LABEL_DEFAULTS.requiredLabels,
    ...(options.peerNamespaces === undefined ? {} : { peerNamespaces: options.peerNamespaces }),
  });
  const manifests: Record<string, unknown>[] = [];
  for (const guardrail of GUARDRAILS) {
    if (guardrail.kyverno === undefined) continue;
    const rule = rules[guardrail.id];
    if (guardrail.id !== "image-signature-verified" && rule === undefined)
      throw new Error(`guardrail '${guardrail.id}' is enforced by Kyverno but has no CEL rule in policies/kyverno/cel-rules.ts`);
    if (guardrail.id === "image-signature-verified" && !options.signingIdentity) continue;
    const groups = admissionGroups(guardrail, enforcement, undefined, { alwaysBase: true });
    for (const group of groups) {
      const name = groupPolicyName(guardrail.id, group);
      if (rule === undefined) {
        manifests.push(
          imageValidatingPolicy(
            guardrail,
            name,
            group.actions,
            appNamespaceSelector(group, groups),
            options.registryHost,
            options.signingIdentity!,
          ),
        );
        continue;
      }
      const owned = options.ownedNamespaces
        .filter((ns) => admissionGroupOf(groups, enforcement, ns.environment) === group)
        .map((ns) => ns.name);
      // A namespaces group with no owned namespace would match nothing; the base policy stays, as its name is stable.
      if (rule.resource === "namespaces" && owned.length === 0 && !group.base) continue;
      manifests.push(validatingPolicy(guardrail, rule, name, group.actions, matchOf(rule, appNamespaceSelector(group, groups), owned)));
    }
  }
  return manifests;
}

/** The guardrail policies among manifests, as targets exceptions can reference (a variant's guardrail is its name before the '.'). */
export function policyTargets(manifests: readonly Record<string, unknown>[]): PolicyTarget[] {
  return manifests.flatMap((manifest) => {
    const kind = manifest.kind;
    if (kind !== "ValidatingPolicy" && kind !== "ImageValidatingPolicy") return [];
    const name = (manifest.metadata as { name: string }).name;
    return [{ kind, name, guardrail: name.split(".")[0]! }];
  });
}

/** The group a namespace's environment falls in; platform namespaces (no environment) and undeclared ones: the base group. */
function admissionGroupOf(groups: readonly AdmissionGroup[], enforcement: AdmissionEnforcement, environment: string | undefined) {
  const declared = environment !== undefined && enforcement.environments.some((env) => env.name === environment);
  return (declared && groups.find((g) => g.environments.includes(environment))) || groups.find((g) => g.base)!;
}
