import type {
  EnforcementLevel,
  Policies,
  ReportViolation,
  ResourceValidation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidation,
  StackValidationPolicy,
} from "@pulumi/policy";
import type { Enforcement } from "./catalog";
import { namespaceOfInputs, scopeDecision, SCOPE_CONFIG_KEY, type PolicyScope } from "./enforcement/policy-scope";
import type { PolicyPackConfig } from "./pack";

/**
 * The pack as `pulumi preview --policy-pack` runs it, honouring the per-stack scope when the
 * config file carries it (`npm run policy -- --plan <plan.json> --pack-config <file>`). The engine
 * gives every violation of a policy that policy's level (@pulumi/policy ReportViolation takes a
 * message and a URN only), so a policy runs at the strictest level any namespace gives it, and
 * what is advisory where it happened (an environment's tier, a waiver) is left to the advisory
 * `guardrail-scope` policy, which reports it with the reason. The engine analyses the stack after
 * every resource (Pulumi's step generator: AnalyzeResources at the end of the deployment) and runs
 * a pack's stack policies in order, so that policy, last, sees what the others left.
 */
export const SCOPE_REPORT_POLICY = "guardrail-scope";

/** The scope as the engine's config file carries it: plus the policy's (raised) level and the stack level it was raised from. */
type PackScope = PolicyScope & { policyLevel: Enforcement; stackLevel: Enforcement };

const deferred: { policy: string; urn: string; message: string }[] = [];

const props = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {};

/** A resource's namespace, read defensively: an unknown value at preview makes it no namespace. */
function namespaceOf(type: string, inputs: unknown): string | undefined {
  try {
    return namespaceOfInputs(type, props(inputs));
  } catch {
    return undefined;
  }
}

function router(policy: string, scope: PackScope, report: ReportViolation, namespaceFor: (urn: string) => string | undefined) {
  return (defaultUrn: string): ReportViolation =>
    (message, urn) => {
      const target = urn ?? defaultUrn;
      const namespace = namespaceFor(target);
      const decision = scopeDecision(scope, scope.stackLevel, { urn: target, ...(namespace !== undefined ? { namespace } : {}) });
      // An advisory policy reports everything as advisory already; a waiver still goes to the report with its record.
      if (decision.waiver === undefined && (decision.level === scope.policyLevel || scope.policyLevel === "advisory"))
        return report(message, urn);
      const why = decision.waiver
        ? `waived by exception '${decision.waiver.id}' (owner ${decision.waiver.owner}, ticket ${decision.waiver.ticket}, expires ${decision.waiver.expires})`
        : `advisory in this namespace's environment`;
      deferred.push({ policy, urn: target, message: `${message} [${why}]` });
    };
}

const splitConfig = (getConfig: () => Record<string, unknown>) => {
  const { [SCOPE_CONFIG_KEY]: scope, ...config } = getConfig();
  return { scope: scope as PackScope | undefined, config };
};

function scopedResource(policy: ResourceValidationPolicy): ResourceValidationPolicy {
  const validations: ResourceValidation[] = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource!];
  const validateResource: ResourceValidation = async (args: ResourceValidationArgs, report) => {
    const { scope, config } = splitConfig(() => args.getConfig<Record<string, unknown>>());
    const inner = { ...args, getConfig: <T extends object>() => config as T };
    const route = scope && router(policy.name, scope, report, () => namespaceOf(args.type, args.props))(args.urn);
    for (const validate of validations) await validate(inner, route ?? report);
  };
  return { ...policy, validateResource };
}

function scopedStack(policy: StackValidationPolicy): StackValidationPolicy {
  const validateStack: StackValidation = async (args, report) => {
    const { scope, config } = splitConfig(() => args.getConfig<Record<string, unknown>>());
    const inner = { ...args, getConfig: <T extends object>() => config as T };
    if (scope === undefined) return policy.validateStack(inner, report);
    const byUrn = new Map(args.resources.map((r) => [r.urn, r]));
    const stackUrn = args.resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn ?? "";
    const namespaceFor = (urn: string) => {
      const resource = byUrn.get(urn);
      return resource && namespaceOf(resource.type, resource.props);
    };
    await policy.validateStack(inner, router(policy.name, scope, report, namespaceFor)(stackUrn));
  };
  return { ...policy, validateStack };
}

/** Reports what the guardrail policies left to it, once per preview. */
export const scopeReportPolicy = (): StackValidationPolicy => ({
  name: SCOPE_REPORT_POLICY,
  description:
    "Guardrail violations that are advisory where they happen: in an environment of a looser tier, or waived by an exception record.",
  enforcementLevel: "advisory",
  validateStack: (_args, report) => {
    for (const { policy, urn, message } of deferred.splice(0)) report(`${policy}: ${message}`, urn);
  },
});

/** The pack's policies for the engine: each guardrail policy routing by its config's scope, then the scope report. */
export function packPolicies(policies: Policies): Policies {
  return [...policies.map((policy) => ("validateStack" in policy ? scopedStack(policy) : scopedResource(policy))), scopeReportPolicy()];
}

/**
 * A config file for `pulumi preview --policy-pack-config` from the config the offline evaluation
 * uses: each scoped policy runs at the strictest level any namespace gives it, and its scope keeps
 * the stack level to route the rest to `guardrail-scope`.
 */
export function enginePackConfig(config: PolicyPackConfig): PolicyPackConfig {
  const out: PolicyPackConfig = {};
  for (const [name, entry] of Object.entries(config)) {
    const scope = entry[SCOPE_CONFIG_KEY] as PolicyScope | undefined;
    if (scope === undefined) {
      out[name] = entry;
      continue;
    }
    const stackLevel: Enforcement = entry.enforcementLevel === "mandatory" ? "mandatory" : "advisory";
    const policyLevel: Enforcement = Object.values(scope.namespaceLevels ?? {}).includes("mandatory") ? "mandatory" : stackLevel;
    const level: EnforcementLevel = entry.enforcementLevel === "disabled" ? "disabled" : policyLevel;
    out[name] = { ...entry, enforcementLevel: level, [SCOPE_CONFIG_KEY]: { ...scope, policyLevel, stackLevel } };
  }
  return out;
}
