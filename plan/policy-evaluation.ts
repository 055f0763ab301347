/**
 * Runs the guardrail pack's resource and stack policies over a plan document,
 * the way the policy analyzer would during `pulumi preview` (Level 2 of the
 * CrossGuard testing levels): props wrapped in the analyzer's
 * unknown-checking proxy, unknown values failing a policy as "can't run during
 * preview" (advisory), secrets as the plan's "[secret]" marker.
 */
import type {
  EnforcementLevel,
  PolicyResource,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import { PROFILES, type Profile } from "../policies/catalog";
import type { StackEnforcement } from "../policies/enforcement/levels";
import { namespaceOfInputs, scopeDecision, SCOPE_CONFIG_KEY, type PolicyScope } from "../policies/enforcement/policy-scope";
import { guardrailPolicies, policyPackConfig, type PolicyPackConfig } from "../policies/pack";
import { planEnforcement, planNamespaces, planWaivers } from "./plan-guardrails";
import type { PlanDocument, PlanResource, PolicyViolation } from "./plan-document";
import { UNKNOWN_PLACEHOLDER } from "./wire-values";

// Internal module of @pulumi/policy (no typings): the very proxy the analyzer server wraps props in.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as {
  unknownCheckingProxy: <T extends object>(value: T) => T;
  UnknownValueError: new (...args: unknown[]) => Error;
  unknownStringValue: string;
};

// Rules call notApplicable() for most resources they see (hundreds of thousands of times at 500 apps), and the
// reason is never shown: throwing one shared instance saves capturing a stack trace each time, which took a
// fifth of the evaluation's CPU time.
class NotApplicable extends Error {}
const NOT_APPLICABLE = new NotApplicable("not applicable");
const notApplicable = (): never => {
  throw NOT_APPLICABLE;
};

/** Plan values back to what the analyzer sees: unknowns become the SDK's unknown sentinel. */
function analyzerValue(value: unknown): unknown {
  if (value === UNKNOWN_PLACEHOLDER) return proxy.unknownStringValue;
  if (Array.isArray(value)) return value.map(analyzerValue);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, analyzerValue(v)]));
  return value;
}

// One options object per resource, shared by every policy (they only read it), like the props below.
const optionsCache = new WeakMap<PlanResource, ReturnType<typeof buildOptions>>();
const buildOptions = (resource: PlanResource) => ({
  protect: resource.protect,
  ignoreChanges: resource.ignoreChanges,
  aliases: resource.aliases,
  additionalSecretOutputs: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
});
function optionsOf(resource: PlanResource) {
  let options = optionsCache.get(resource);
  if (options === undefined) {
    options = buildOptions(resource);
    optionsCache.set(resource, options);
  }
  return options;
}

const isType = () => false;
const asType = () => undefined;

// Every policy reads the same props: convert each resource's inputs once per plan, not once per policy
// (33 policies over 43,000 resources at 500 apps). Policies only read props, so sharing them is safe.
const analyzerPropsCache = new WeakMap<PlanResource["inputs"], Record<string, unknown>>();
function analyzerProps(resource: PlanResource): Record<string, unknown> {
  let props = analyzerPropsCache.get(resource.inputs);
  if (props === undefined) {
    props = proxy.unknownCheckingProxy(analyzerValue(resource.inputs) as Record<string, unknown>);
    analyzerPropsCache.set(resource.inputs, props);
  }
  return props;
}

export function resourceValidationArgs(resource: PlanResource, config: Record<string, unknown> = {}): ResourceValidationArgs {
  const props = analyzerProps(resource);
  return {
    type: resource.type,
    props,
    urn: resource.urn,
    name: resource.name,
    opts: optionsOf(resource),
    stackTags: new Map(),
    isType,
    asType: asType,
    getConfig: <T extends object>() => config as T,
    notApplicable,
  };
}

const policyResourcesCache = new WeakMap<readonly PlanResource[], PolicyResource[]>();

/**
 * Plan resources as a stack policy sees them: dependencies and parent resolved to resource objects.
 * Built once per plan, so stack policies also share the lookups they index over it (resource-index.ts).
 */
export function policyResources(resources: readonly PlanResource[]): PolicyResource[] {
  const cached = policyResourcesCache.get(resources);
  if (cached !== undefined) return cached;
  const byUrn = new Map<string, PolicyResource>();
  for (const resource of resources) {
    byUrn.set(resource.urn, {
      type: resource.type,
      props: analyzerProps(resource),
      urn: resource.urn,
      name: resource.name,
      opts: optionsOf(resource),
      dependencies: [],
      propertyDependencies: {},
      isType,
      asType: asType,
    });
  }
  for (const resource of resources) {
    const policyResource = byUrn.get(resource.urn)!;
    policyResource.dependencies = resource.dependencies.map((urn) => byUrn.get(urn)).filter((r) => r !== undefined);
    const parent = resource.parent === null ? undefined : byUrn.get(resource.parent);
    if (parent !== undefined) policyResource.parent = parent;
    // The provider reference is `<provider urn>::<id>`; rules read its config (a default namespace) as the engine passes it.
    const provider = resource.provider === null ? undefined : byUrn.get(resource.provider.slice(0, resource.provider.lastIndexOf("::")));
    if (provider !== undefined)
      policyResource.provider = { type: provider.type, props: provider.props, urn: provider.urn, name: provider.name };
  }
  const built = [...byUrn.values()];
  policyResourcesCache.set(resources, built);
  return built;
}

type Reported = { urn: string; message: string; previewOnly: boolean };

async function guarded(run: () => unknown, defaultUrn: string, policyName: string): Promise<Reported[]> {
  const reported: Reported[] = [];
  try {
    await Promise.resolve(run());
  } catch (error) {
    if (error instanceof proxy.UnknownValueError)
      reported.push({ urn: defaultUrn, message: `can't run policy '${policyName}' during preview: ${error.message}`, previewOnly: true });
    else if (!(error instanceof NotApplicable)) throw error;
  }
  return reported;
}

/** Violations of one resource policy on one resource (empty when it does not apply). */
export async function runResourcePolicy(policy: ResourceValidationPolicy, resource: PlanResource, config: Record<string, unknown> = {}) {
  const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource!];
  const reported: Reported[] = [];
  for (const validate of validations) {
    const found: Reported[] = [];
    const report = (message: string, urn?: string) => found.push({ urn: urn ?? resource.urn, message, previewOnly: false });
    const failures = await guarded(() => validate(resourceValidationArgs(resource, config), report), resource.urn, policy.name);
    reported.push(...found, ...failures);
  }
  return reported;
}

/** Violations of one stack policy over all resources of a plan. */
export async function runStackPolicy(
  policy: StackValidationPolicy,
  resources: readonly PlanResource[],
  config: Record<string, unknown> = {},
) {
  const stackUrn = resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn ?? "";
  const found: Reported[] = [];
  const report = (message: string, urn?: string) => found.push({ urn: urn ?? stackUrn, message, previewOnly: false });
  const args = {
    resources: policyResources(resources),
    getConfig: <T extends object>() => config as T,
    stackTags: new Map(),
    notApplicable,
  };
  const failures = await guarded(() => policy.validateStack(args, report), stackUrn, policy.name);
  return [...found, ...failures];
}

export function planProfile(plan: PlanDocument): Profile | undefined {
  const profile = plan.outputs.profile;
  return typeof profile === "string" && (PROFILES as readonly string[]).includes(profile) ? (profile as Profile) : undefined;
}

/**
 * The config the pack gets for this plan: the profile's levels, the stack's registry host and each
 * policy's scope (namespaces whose environment sets another level, and the waivers of the plan's
 * exception records still open at `now`). `override`: evaluate every namespace at that profile's
 * levels instead of the plan's tiers.
 */
export function planPolicyConfig(plan: PlanDocument, override?: Profile, now: Date = new Date()): PolicyPackConfig {
  const profile = override ?? planProfile(plan);
  if (profile === undefined) throw new Error("the plan has no 'profile' output (dev, staging or prod); pass the profile explicitly");
  const enforcement: StackEnforcement = override === undefined ? planEnforcement(plan, profile) : { profile, environments: [] };
  const registryHost = plan.outputs.registryHost;
  return policyPackConfig(profile, {
    ...(typeof registryHost === "string" ? { registryHost } : {}),
    enforcement,
    namespaces: planNamespaces(plan),
    waivers: planWaivers(plan, now),
  });
}

/**
 * Resources the analyzer validates one by one: custom resources, and the Kubernetes components
 * that hold objects (yaml ConfigGroups, Helm charts), whose children a preview registers but a
 * plan holds only as the component's inputs.
 */
const analyzedByResourcePolicies = (resource: PlanResource) => resource.custom || resource.type.startsWith("kubernetes:");

const isStackPolicy = (policy: ResourceValidationPolicy | StackValidationPolicy): policy is StackValidationPolicy =>
  "validateStack" in policy;

/**
 * Evaluates every guardrail of the pack over the plan, with the enforcement levels of the plan's
 * profile and each namespace's environment (or every namespace at `profile`, when given). Violations
 * that only stem from values unknown at plan time are advisory, as in a preview.
 */
export async function evaluatePlanPolicies(plan: PlanDocument, profile?: Profile, now: Date = new Date()): Promise<PolicyViolation[]> {
  const config = planPolicyConfig(plan, profile, now);
  const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
  const violations: PolicyViolation[] = [];
  for (const policy of guardrailPolicies()) {
    const {
      enforcementLevel,
      [SCOPE_CONFIG_KEY]: scope,
      ...policyConfig
    } = config[policy.name] ?? {
      enforcementLevel: policy.enforcementLevel ?? "advisory",
    };
    const level: EnforcementLevel = enforcementLevel;
    if (level === "disabled") continue;
    const reported = isStackPolicy(policy)
      ? await runStackPolicy(policy, plan.resources, policyConfig)
      : (
          await Promise.all(plan.resources.filter(analyzedByResourcePolicies).map((r) => runResourcePolicy(policy, r, policyConfig)))
        ).flat();
    for (const { urn, message, previewOnly } of reported) {
      const resource = byUrn.get(urn);
      const namespace = resource && namespaceOfInputs(resource.type, resource.inputs);
      const decision = scopeDecision(scope as PolicyScope | undefined, level === "mandatory" ? "mandatory" : "advisory", {
        urn,
        ...(namespace !== undefined ? { namespace } : {}),
      });
      const { waiver } = decision;
      violations.push({
        policy: policy.name,
        enforcementLevel: previewOnly ? "advisory" : decision.level,
        urn,
        message,
        ...(waiver && {
          waiver: {
            id: waiver.id,
            owner: waiver.owner,
            ticket: waiver.ticket,
            expires: waiver.expires,
            reason: waiver.reason,
            scope: waiver.scope,
          },
        }),
      });
    }
  }
  return violations;
}
