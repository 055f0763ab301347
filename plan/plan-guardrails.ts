import { z } from "zod";
import { TENANCY_LABEL_KEYS } from "../components/onboarding/tenancy/labels";
import { VALIDATION_ACTIONS } from "../components/platform/kyverno/validation-actions";
import { guardrailById, PROFILES, type Profile } from "../policies/catalog";
import type { Waiver, WaiverMatch } from "../policies/enforcement/policy-scope";
import { exceptionRecordSchema, isExpiredOn } from "../policies/exceptions/exception-record";
import { stackEnforcement, type ScopedNamespace } from "../policies/enforcement/levels";
import type { AdmissionEnforcement } from "../policies/kyverno/admission-actions";
import type { PlanDocument } from "./plan-document";

/** The stack output `guardrails.enforcement` (stacks/program.ts, stacks/tenant.ts). */
const enforcementSchema = z.object({
  profile: z.enum(PROFILES),
  environments: z.array(z.object({ name: z.string(), tier: z.enum(PROFILES) })),
  advisoryActions: z.array(z.enum(VALIDATION_ACTIONS)).optional(),
});
const environmentsSchema = z.array(z.object({ name: z.string(), production: z.boolean(), enforcement: z.enum(PROFILES).optional() }));

const record = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/**
 * What the plan's guardrails enforce where (`profile`: the plan's), and what its advisory Kyverno
 * policies do. From `guardrails.enforcement`; for plans written before it existed, derived from
 * the exported environments by the same rule, else the profile everywhere.
 */
export function planEnforcement(plan: PlanDocument, profile: Profile): AdmissionEnforcement {
  const exported = enforcementSchema.safeParse(record(plan.outputs.guardrails).enforcement);
  if (exported.success) return exported.data;
  const environments = environmentsSchema.safeParse(record(plan.outputs.onboarding).environments);
  return stackEnforcement(profile, environments.success ? environments.data : []);
}

/** The plan's app namespaces with their environment (the label the platform sets on each). */
export function planNamespaces(plan: PlanDocument): ScopedNamespace[] {
  return plan.resources
    .filter((r) => r.type === "kubernetes:core/v1:Namespace")
    .flatMap((r) => {
      const metadata = record(r.inputs.metadata);
      const environment = record(metadata.labels)[TENANCY_LABEL_KEYS.environment];
      return typeof metadata.name === "string"
        ? [{ name: metadata.name, ...(typeof environment === "string" ? { environment } : {}) }]
        : [];
    });
}

/** The stack output `guardrails.exceptions` (stacks/policy-exceptions.ts): each record, its status and resolved namespaces. */
const exportedExceptionSchema = exceptionRecordSchema.extend({
  scopeText: z.string(),
  status: z.enum(["open", "expired"]),
  namespaces: z.array(z.string()).optional(),
  kyverno: z.object({ policyException: z.string(), policies: z.array(z.string()) }).optional(),
});
export type PlanException = z.output<typeof exportedExceptionSchema>;

/** The exception records of a plan (none for plans written before they existed). */
export function planExceptions(plan: PlanDocument): PlanException[] {
  const parsed = z.array(exportedExceptionSchema).safeParse(record(plan.outputs.guardrails).exceptions ?? []);
  if (!parsed.success)
    throw new Error(`the plan's 'guardrails.exceptions' output is not a list of exception records: ${parsed.error.message}`);
  return parsed.data;
}

/** Everything an app's onboarding component created: the resources below `AppOnboarding::<app>`. */
function appResourceUrns(plan: PlanDocument, app: string): string[] {
  const root = plan.resources.find((r) => r.type === "delivery-platform:onboarding:AppOnboarding" && r.name === app)?.urn;
  if (root === undefined) return [];
  const parent = new Map(plan.resources.map((r) => [r.urn, r.parent]));
  const below = (urn: string): boolean => {
    for (let p = parent.get(urn); p; p = parent.get(p)) if (p === root) return true;
    return false;
  };
  return plan.resources.filter((r) => below(r.urn)).map((r) => r.urn);
}

/** The plan's resources a Kubernetes object scope names (kind, namespace, name). */
function objectUrns(plan: PlanDocument, { kind, namespace, name }: { kind?: string; namespace?: string; name?: string }): string[] {
  return plan.resources
    .filter((r) => {
      const metadata = record(r.inputs.metadata);
      return r.type.endsWith(`:${kind}`) && metadata.name === name && (metadata.namespace ?? undefined) === namespace;
    })
    .map((r) => r.urn);
}

/** What an exception waives in this plan: its scope resolved to namespaces and URNs. */
function waiverMatch(plan: PlanDocument, exception: PlanException): WaiverMatch {
  const { scope } = exception;
  if (scope.stack) return { stack: true };
  if (scope.resource) return { urns: scope.resource.urn ? [scope.resource.urn] : objectUrns(plan, scope.resource) };
  // An app without environments: everything its onboarding created, wherever it lives (Argo CD, Vault, Harbor, GitLab).
  const urns = scope.apps && scope.environments === undefined ? scope.apps.flatMap((app) => appResourceUrns(plan, app)) : [];
  return { namespaces: exception.namespaces ?? [], urns };
}

/**
 * The CrossGuard waivers of a plan's exception records, by guardrail: the open ones, judged at
 * `now`, so a record that expired since the plan was written waives nothing.
 */
export function planWaivers(plan: PlanDocument, now: Date): Map<string, Waiver[]> {
  const waivers = new Map<string, Waiver[]>();
  for (const exception of planExceptions(plan)) {
    if (isExpiredOn(exception, now) || !guardrailById(exception.guardrail).implementations.includes("crossguard")) continue;
    const { id, guardrail, reason, owner, ticket, expires, scopeText } = exception;
    const list = waivers.get(guardrail) ?? [];
    list.push({ id, guardrail, reason, owner, ticket, expires, scope: scopeText, match: waiverMatch(plan, exception) });
    waivers.set(guardrail, list);
  }
  return waivers;
}
