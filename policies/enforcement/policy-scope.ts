import type { Enforcement } from "../catalog";

/**
 * Per-stack facts a CrossGuard policy needs beyond its profile level, carried in the policy's
 * config under `SCOPE_CONFIG_KEY`: the levels of namespaces whose environment's tier gives the
 * guardrail another level (policies/enforcement/levels.ts), and the waivers of exception records.
 * The offline plan evaluation builds it from the plan; `npm run policy -- --pack-config` writes
 * it for `pulumi preview --policy-pack-config`. The CLI checks a policy's config against its
 * configSchema as a JSON Schema object without `additionalProperties: false`
 * (pulumi/pulumi pkg/resource/analyzer/config.go, convertSchema), so the extra key passes.
 */
export const SCOPE_CONFIG_KEY = "platformScope";

/** What an exception record waives, resolved to what a violation can be matched on. */
export interface WaiverMatch {
  /** Every resource of the stack. */
  stack?: boolean;
  /** Resources in these namespaces, and the Namespace objects of that name. */
  namespaces?: readonly string[];
  /** These resources (URNs), e.g. everything an app's onboarding component created. */
  urns?: readonly string[];
}

/** An open exception record, as the pack reports it on each violation it waives. */
export interface Waiver {
  id: string;
  guardrail: string;
  reason: string;
  owner: string;
  ticket: string;
  expires: string;
  /** The record's scope in words (`apps payments-api (dev)`). */
  scope: string;
  match: WaiverMatch;
}

export interface PolicyScope {
  /** Namespace → level, only where it differs from the policy's stack level. */
  namespaceLevels?: Readonly<Record<string, Enforcement>>;
  waivers?: readonly Waiver[];
}

/** Where a violation was reported: the resource's URN and the namespace it is in (or is, for a Namespace). */
export interface ViolationTarget {
  urn: string;
  namespace?: string;
}

export interface ScopeDecision {
  level: Enforcement;
  waiver?: Waiver;
}

const waives = (match: WaiverMatch, target: ViolationTarget): boolean =>
  match.stack === true ||
  (target.namespace !== undefined && (match.namespaces ?? []).includes(target.namespace)) ||
  (match.urns ?? []).includes(target.urn);

/**
 * The level of one violation: the namespace's level if its environment sets one, else the policy's;
 * a waiver that covers the target turns it advisory and names the record.
 */
export function scopeDecision(scope: PolicyScope | undefined, policyLevel: Enforcement, target: ViolationTarget): ScopeDecision {
  const level = (target.namespace !== undefined ? scope?.namespaceLevels?.[target.namespace] : undefined) ?? policyLevel;
  const waiver = scope?.waivers?.find((w) => waives(w.match, target));
  return waiver === undefined ? { level } : { level: "advisory", waiver };
}

/** The namespace of a resource's inputs: `metadata.namespace`, or a Namespace object's own name. */
export function namespaceOfInputs(type: string, inputs: Readonly<Record<string, unknown>>): string | undefined {
  const metadata = inputs.metadata;
  if (metadata === null || typeof metadata !== "object") return undefined;
  const { name, namespace } = metadata as { name?: unknown; namespace?: unknown };
  const value = type === "kubernetes:core/v1:Namespace" ? name : namespace;
  return typeof value === "string" ? value : undefined;
}
