import type { PlanDocument, PlanResource } from "../plan-document";
import { providerUrnOf, type Baseline, type BaselineResource } from "./baseline";
import type { BlockedChange, ChangeAction, ChangeSet, ReplaceReason, ResourceChange } from "./change-document";
import { formatPath, plannedInputs, type ComparableObject } from "./comparable-values";
import { baselineComputedValue, mockComputedLeaves, substituteComputed, type Substitution } from "./computed-values";
import { diffValues } from "./diff-values";
import { normaliseCheckpointInputs } from "./normalise-checkpoint-inputs";
import { replaceRuleFor, type PathSegments } from "./replace-on-change";

const APP_COMPONENT = "delivery-platform:onboarding:AppOnboarding";
export const RETIRE_RUNBOOK = "docs/runbooks/retire-an-app.md";

interface Classified {
  change: ResourceChange;
  baseline: BaselineResource | undefined;
}

/**
 * What `pulumi up` of the plan would do to the state the baseline describes, resource by resource,
 * as the engine decides it: a planned resource takes over the baseline resource with its URN or
 * one of its alias URNs (step_generator.go: olds are looked up by URN, then by alias); the
 * provider's replace-on-change properties (replace-on-change.ts) turn an update into a replace;
 * a baseline resource nothing takes over is deleted. Protected resources that would be replaced or
 * deleted block the update.
 */
export function comparePlan(plan: PlanDocument, baseline: Baseline): ChangeSet {
  const olds = new Map(baseline.resources.map((r) => [r.urn, r]));
  const taken = new Map<string, PlanResource>();
  const matchOf = new Map<string, BaselineResource>();
  for (const resource of plan.resources) {
    const old = [resource.urn, ...resource.aliases].map((urn) => olds.get(urn)).find((r) => r !== undefined && !taken.has(r.urn));
    if (old === undefined) continue;
    taken.set(old.urn, resource);
    matchOf.set(resource.urn, old);
  }
  const planned = new Map(plan.resources.map((r) => [r.urn, r]));
  const classified = new Map<string, Classified>();

  const classify = (resource: PlanResource): Classified => {
    const known = classified.get(resource.urn);
    if (known) return known;
    const old = matchOf.get(resource.urn);
    const base = {
      urn: resource.urn,
      type: resource.type,
      changedPaths: [] as string[],
      replaceReasons: [] as ReplaceReason[],
      secretsNotCompared: [] as string[],
      retainOnDelete: resource.retainOnDelete,
    };
    if (old === undefined) {
      const result = { change: { ...base, action: "create" as const, protect: resource.protect }, baseline: undefined };
      classified.set(resource.urn, result);
      return result;
    }
    // Dependencies first: their fate decides what their computed values are.
    const substitutions: Substitution[] = [];
    let computedSourcesChange = false;
    for (const urn of resource.dependencies) {
      const dependency = planned.get(urn);
      if (dependency === undefined) continue;
      const { change, baseline: depOld } = classify(dependency);
      const recreated = change.action === "create" || change.action === "replace";
      computedSourcesChange ||= recreated;
      for (const leaf of mockComputedLeaves(dependency)) {
        substitutions.push({ from: leaf.value, to: recreated || !depOld ? undefined : baselineComputedValue(depOld, leaf.path) });
      }
    }
    const reasons: ReplaceReason[] = [];
    if (old.custom !== resource.custom)
      reasons.push({ path: "custom", source: "the engine replaces a resource that switches between custom and component" });
    const provider = providerUrnOf(resource.provider);
    if (resource.custom && !resource.type.startsWith("pulumi:providers:") && old.providerUrn !== provider) {
      const aliased = old.providerUrn !== null && taken.get(old.providerUrn)?.urn === provider;
      if (!aliased) reasons.push({ path: "provider", source: "pulumi/pulumi pkg/resource/deploy/step_generator.go providerChanged" });
    }
    let next = substituteComputed(plannedInputs(resource), substitutions);
    let previous = old.inputs;
    if (baseline.format === "checkpoint") {
      previous = normaliseCheckpointInputs(resource.type, previous, next);
      if (resource.type.startsWith("pulumi:providers:") && "version" in previous && resource.pluginVersion !== null)
        next = { ...next, version: resource.pluginVersion };
    }
    [previous, next] = [withoutIgnored(previous, resource.ignoreChanges), withoutIgnored(next, resource.ignoreChanges)];
    const diff = diffValues(previous, next, { computedSourcesChange });
    for (const path of diff.changed) {
      const forced = replaceRuleFor(resource.type, path);
      if (forced && !reasons.some((r) => r.path === forced.path)) reasons.push({ path: forced.path, source: forced.rule.source });
    }
    const action: ChangeAction = reasons.length > 0 ? "replace" : diff.changed.length > 0 ? "update" : "same";
    const change: ResourceChange = {
      ...base,
      action,
      ...(old.urn !== resource.urn ? { previousUrn: old.urn } : {}),
      changedPaths: [...new Set(diff.changed.map(formatPath))].sort(),
      replaceReasons: reasons,
      secretsNotCompared: diff.notCompared.map(formatPath).sort(),
      protect: action === "replace" ? old.protect || resource.protect : resource.protect,
    };
    const result = { change, baseline: old };
    classified.set(resource.urn, result);
    return result;
  };

  const changes = plan.resources.map((resource) => classify(resource).change);
  const deletes: ResourceChange[] = baseline.resources
    .filter((old) => !taken.has(old.urn))
    .map((old) => ({
      urn: old.urn,
      type: old.type,
      action: "delete",
      changedPaths: [],
      replaceReasons: [],
      secretsNotCompared: [],
      protect: old.protect,
      retainOnDelete: old.retainOnDelete,
    }));
  const all = [...changes, ...deletes];
  const blocked = all.filter((c) => c.protect && (c.action === "replace" || c.action === "delete")).map(blockedChange);
  const count = (action: ChangeAction) => all.filter((c) => c.action === action).length;
  return {
    baseline: {
      format: baseline.format,
      stack: baseline.stack,
      resources: baseline.resources.length,
      secretsCompared: baseline.secretsFingerprinted && plan.resources.some((r) => r.secretFingerprints !== undefined),
    },
    summary: {
      create: count("create"),
      update: count("update"),
      replace: count("replace"),
      delete: count("delete"),
      same: count("same"),
      blocked: blocked.length,
      secretsNotCompared: all.filter((c) => c.secretsNotCompared.length > 0).length,
    },
    blocked,
    resources: all.filter((c) => c.action !== "same"),
  };
}

/** ignoreChanges: the engine keeps the old value at these paths (step_generator.go processIgnoreChanges). */
function withoutIgnored(inputs: ComparableObject, ignored: readonly string[]): ComparableObject {
  if (ignored.length === 0) return inputs;
  const copy = structuredClone(inputs);
  for (const path of ignored) {
    const segments: PathSegments = path.split(".");
    let at: unknown = copy;
    for (const segment of segments.slice(0, -1)) at = (at as Record<string, unknown> | undefined)?.[String(segment)];
    if (at !== null && typeof at === "object") delete (at as Record<string, unknown>)[String(segments[segments.length - 1])];
  }
  return copy;
}

function blockedChange(change: ResourceChange): BlockedChange {
  const ofApp = change.urn.includes(`::${APP_COMPONENT}`);
  if (change.action === "replace") {
    const properties = change.replaceReasons.map((r) => r.path).join(", ");
    return {
      urn: change.urn,
      action: "replace",
      reason: `protected, and a change of ${properties} replaces it: pulumi up refuses to delete the old one`,
      fix:
        (ofApp ? "if an app was renamed, keep its original name first in formerNames (physical names derive from it); " : "") +
        `otherwise keep ${properties} as deployed, or, to recreate it on purpose, export the stack and back up its data, then set protect: false in a separate change applied first`,
    };
  }
  return {
    urn: change.urn,
    action: "delete",
    reason: `protected, and nothing in the plan takes it over${change.retainOnDelete ? " (retainOnDelete: it would only leave the state)" : ""}: pulumi up refuses to delete it`,
    fix: ofApp
      ? `if the app was renamed, list its old name in formerNames (aliases keep every resource); if it is retired, follow ${RETIRE_RUNBOOK} (export, keep what must stay, unprotect in a separate change, then remove the app)`
      : `if it was renamed or moved, add an alias; to remove it, export the stack, then set protect: false in a separate change (or run pulumi state unprotect '${change.urn}') before removing it`,
  };
}
