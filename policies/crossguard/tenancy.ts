import type { PolicyResource } from "@pulumi/policy";
import { EGRESS_CIDRS_ANNOTATION, INGRESS_HOST_ANNOTATION } from "../../components/onboarding/tenancy/labels";
import { asList, asObject, objectsOfResource, type Json } from "./kubernetes-objects";
import { objectsInNamespace, objectsOfKind, type PlacedObject } from "./resource-index";
import { schemaWithDefaults, withDefaults, type ResourceRule, type StackRule } from "./rule";
import { settleUnknowns, UNKNOWN_INPUT_DEFAULTS, unknownInputs, type UnknownInputConfig } from "./unknown-values";

export const POD_SECURITY_LABEL = "pod-security.kubernetes.io/enforce";
export const POD_SECURITY_VERSION_LABEL = "pod-security.kubernetes.io/enforce-version";
/** The Pod Security levels the API server knows; app namespaces must enforce the strictest. */
export const POD_SECURITY_LEVELS: readonly string[] = ["privileged", "baseline", "restricted"];
export const APP_POD_SECURITY_LEVEL = "restricted";
/** An older version of a level leaves out the checks added since (restricted@v1.22 has no seccomp rule). */
export const POD_SECURITY_VERSION = "latest";
export const SERVICE_LABEL = "platform.delivery/service";
export const APP_LABELS = ["platform.delivery/app", "platform.delivery/team", "platform.delivery/environment"] as const;
/** Labels and annotations only the platform writes on namespaces: tenancy, backups and exposure select by them. */
export const PLATFORM_NAMESPACE_KEYS: readonly string[] = [
  POD_SECURITY_LABEL,
  POD_SECURITY_VERSION_LABEL,
  SERVICE_LABEL,
  ...APP_LABELS,
  INGRESS_HOST_ANNOTATION,
];

/** What the namespace-labels guardrail requires (the Kyverno CEL expression says the same). */
export function namespaceLabelProblems(labels: Record<string, string>): string[] {
  const problems: string[] = [];
  const level = labels[POD_SECURITY_LABEL];
  if (level === undefined) problems.push(`has no '${POD_SECURITY_LABEL}' label`);
  else if (!POD_SECURITY_LEVELS.includes(level)) problems.push(`has '${POD_SECURITY_LABEL}: ${level}', which is no Pod Security level`);
  if (!(SERVICE_LABEL in labels) && !APP_LABELS.every((label) => label in labels))
    problems.push(`has neither '${SERVICE_LABEL}' nor all of ${APP_LABELS.map((l) => `'${l}'`).join(", ")}`);
  if (APP_LABELS[0] in labels) {
    if (level !== undefined && level !== APP_POD_SECURITY_LEVEL)
      problems.push(`is an app namespace enforcing Pod Security '${level}' (app namespaces enforce '${APP_POD_SECURITY_LEVEL}')`);
    const version = labels[POD_SECURITY_VERSION_LABEL];
    if (version !== undefined && version !== POD_SECURITY_VERSION)
      problems.push(
        `pins Pod Security to version '${version}', which leaves out later checks (use '${POD_SECURITY_VERSION}' or no version)`,
      );
  }
  return problems;
}

/** A NamespacePatch changes a namespace the plan may not own: it may not touch what only the platform writes. */
function namespacePatchProblems(metadata: Json): string[] {
  const touched = [...Object.keys(asObject(metadata.labels)), ...Object.keys(asObject(metadata.annotations))];
  return touched
    .filter((key) => PLATFORM_NAMESPACE_KEYS.includes(key))
    .map((key) => `sets '${key}' on an existing namespace (Pod Security level, owner labels and host annotation come with the namespace)`);
}

const NAMESPACE_DEFAULTS = { ...UNKNOWN_INPUT_DEFAULTS };

export const namespaceLabels: ResourceRule = {
  configSchema: schemaWithDefaults(NAMESPACE_DEFAULTS),
  validateResource: (args, report) => {
    const namespaces = objectsOfResource(args.type, args.props, args.name).objects.filter((o) => o.kind === "Namespace" && !o.list);
    if (namespaces.length === 0) return args.notApplicable("applies to Namespaces and the manifests holding them");
    const config = withDefaults(NAMESPACE_DEFAULTS, args.getConfig<Partial<UnknownInputConfig>>());
    const unknowns: { path: string; subject: string }[] = [];
    for (const object of namespaces) {
      const subject = `namespace '${object.name}'${object.where === "" ? "" : ` (${object.where})`}`;
      const unknown = unknownInputs(object.body, ["metadata.labels", "metadata.annotations", "metadata.name"]);
      if (unknown.length > 0) unknowns.push(...unknown.map((path) => ({ path, subject })));
      else {
        const metadata = asObject(object.body.metadata);
        const problems = object.patch
          ? namespacePatchProblems(metadata)
          : namespaceLabelProblems(asObject(metadata.labels) as Record<string, string>);
        for (const problem of problems) report(`${subject} ${problem}`);
      }
    }
    settleUnknowns(unknowns, config, report);
  },
};

/** An app namespace of the plan, with what the rules read from it. */
export interface AppNamespace {
  name: string;
  /** Its app (label `platform.delivery/app`): the app's Harbor project has this name (app-names.ts). */
  app: string;
  environment: string;
  /** The host it may expose ("" when it has none). */
  host: string;
  /** CIDRs its NetworkPolicies may name as egress ipBlocks (EGRESS_CIDRS_ANNOTATION; none when absent). */
  egressCidrs: string[];
  placed: PlacedObject;
}

const stringOf = (value: unknown): string => (typeof value === "string" ? value : "");

/** The plan's app namespaces (Namespaces carrying the app label; resources and manifest objects alike). */
export function appNamespaces(resources: readonly PolicyResource[]): AppNamespace[] {
  return objectsOfKind(resources, "Namespace")
    .filter((entry) => !entry.object.patch)
    .flatMap((entry) => {
      const metadata = asObject(entry.object.body.metadata);
      const labels = asObject(metadata.labels);
      if (typeof labels[APP_LABELS[0]] !== "string") return [];
      return [
        {
          name: stringOf(metadata.name) || entry.object.name,
          app: stringOf(labels[APP_LABELS[0]]),
          environment: stringOf(labels[APP_LABELS[2]]),
          host: stringOf(asObject(metadata.annotations)[INGRESS_HOST_ANNOTATION]),
          egressCidrs: stringOf(asObject(metadata.annotations)[EGRESS_CIDRS_ANNOTATION])
            .split(",")
            .filter((cidr) => cidr !== ""),
          placed: entry,
        },
      ];
    });
}

const isDefaultDeny = (policy: PlacedObject) => {
  if (policy.object.patch) return false;
  const spec = asObject(policy.object.body.spec);
  const selector = asObject(spec.podSelector);
  const selectsAll = Object.values(selector).every((value) => value === undefined || Object.keys(asObject(value)).length === 0);
  const types = asList(spec.policyTypes);
  return (
    selectsAll &&
    types.includes("Ingress") &&
    types.includes("Egress") &&
    asList(spec.ingress).length === 0 &&
    asList(spec.egress).length === 0
  );
};

export const appNamespaceIsolation: StackRule = {
  validateStack: (args, report) => {
    for (const namespace of appNamespaces(args.resources)) {
      const missing: string[] = [];
      if (!objectsInNamespace(args.resources, "NetworkPolicy", namespace.name).some(isDefaultDeny))
        missing.push("a default-deny NetworkPolicy (podSelector {}, policyTypes Ingress and Egress, no rules)");
      if (objectsInNamespace(args.resources, "ResourceQuota", namespace.name).length === 0) missing.push("a ResourceQuota");
      if (objectsInNamespace(args.resources, "LimitRange", namespace.name).length === 0) missing.push("a LimitRange");
      if (missing.length > 0) report(`app namespace '${namespace.name}' has no ${missing.join(", ")}`, namespace.placed.resource.urn);
    }
  },
};

/**
 * A stack rule over the objects of `kinds` in each app namespace. `needs` are the inputs (patterns
 * over the object) the check reads: unknown ones are settled (fail closed in prod), and so is an
 * object of these kinds whose namespace is unknown, since it may be in an app namespace.
 */
export function inAppNamespaces<C extends object>(
  kindsOf: readonly string[] | ((resources: readonly PolicyResource[]) => readonly string[]),
  needs: readonly string[] | ((placed: PlacedObject) => readonly string[]),
  check: (placed: PlacedObject, namespace: AppNamespace, config: C & UnknownInputConfig) => string[],
  defaults: C = {} as C,
): StackRule {
  const allDefaults = { ...defaults, ...UNKNOWN_INPUT_DEFAULTS };
  return {
    configSchema: schemaWithDefaults(allDefaults),
    validateStack: (args, report) => {
      const config = withDefaults(allDefaults, args.getConfig<Partial<C & UnknownInputConfig>>());
      const kinds = typeof kindsOf === "function" ? kindsOf(args.resources) : kindsOf;
      const unknowns: { path: string; subject: string; urn: string }[] = [];
      const subjectOf = (placed: PlacedObject) =>
        `${placed.object.type} '${placed.object.name}'${placed.object.where === "" ? "" : ` (${placed.object.where} of ${placed.resource.name})`}`;
      for (const kind of kinds)
        for (const placed of objectsInNamespace(args.resources, kind, undefined))
          unknowns.push({ path: "metadata.namespace", subject: subjectOf(placed), urn: placed.resource.urn });
      for (const namespace of appNamespaces(args.resources))
        for (const kind of kinds)
          for (const placed of objectsInNamespace(args.resources, kind, namespace.name)) {
            const unknown = unknownInputs(placed.object.body, typeof needs === "function" ? needs(placed) : needs);
            if (unknown.length > 0) {
              unknowns.push(...unknown.map((path) => ({ path, subject: subjectOf(placed), urn: placed.resource.urn })));
              continue;
            }
            for (const problem of check(placed, namespace, config))
              report(`${subjectOf(placed)} in app namespace '${namespace.name}': ${problem}`, placed.resource.urn);
          }
      settleUnknowns(unknowns, config, report);
    },
  };
}
