import { kindEntry } from "./kubernetes-kinds";
import { describeObject, objectsOfResource } from "./kubernetes-objects";
import { schemaWithDefaults, withDefaults, type ResourceRule } from "./rule";
import { settleUnknowns, UNKNOWN_INPUT_DEFAULTS, type UnknownInputConfig } from "./unknown-values";

const DEFAULTS = { ...UNKNOWN_INPUT_DEFAULTS };

/**
 * Rejects what the other guardrails cannot read (kubernetes-kinds.ts): List types (each item would
 * need the checks of its kind), manifests whose objects the plan does not hold (files, kustomize
 * directories, YAML that does not parse), and kinds that reroute the cluster's own controls.
 */
export const kubernetesKindsReviewed: ResourceRule = {
  configSchema: schemaWithDefaults(DEFAULTS),
  validateResource: (args, report) => {
    if (!args.type.startsWith("kubernetes:")) return args.notApplicable("applies to Kubernetes resources");
    const config = withDefaults(DEFAULTS, args.getConfig<Partial<UnknownInputConfig>>());
    const { objects, unreadable, unknown } = objectsOfResource(args.type, args.props, args.name);
    for (const problem of unreadable) report(`${args.type} '${args.name}': ${problem}`);
    for (const object of objects) {
      if (object.list) {
        report(`${args.type} '${args.name}' is a List type, whose items no guardrail reads; create each object as its own resource`);
        continue;
      }
      const entry = kindEntry(object.kind);
      if (entry?.concern === "control-plane")
        report(`${describeObject(object)} is a ${object.kind}, which ${entry.why ?? "reroutes the cluster's controls"}`);
    }
    settleUnknowns(
      unknown.map((path) => ({ path, subject: `${args.type} '${args.name}'` })),
      config,
      report,
    );
  },
};
