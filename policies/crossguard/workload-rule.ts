import type { ResourceValidationArgs } from "@pulumi/policy";
import { describeObject, objectsOfResource } from "./kubernetes-objects";
import { podOf, type PodView } from "./pod-specs";
import { schemaWithDefaults, withDefaults, type ResourceRule } from "./rule";
import { settleUnknowns, UNKNOWN_INPUT_DEFAULTS, unknownInputs, type UnknownInputConfig } from "./unknown-values";

export type PodCheck<C> = (pod: PodView, config: C) => string[];

/**
 * A resource rule over every pod a resource creates: a Pod, any controller's template (all API
 * versions, their Patch types, pod-shaped custom resources) and the pods inside manifest
 * resources. `needs` are the template's inputs the check reads (unknown-values.ts patterns,
 * relative to the template); when one is unknown at preview time the pod is not checked but
 * settled: fail closed in prod, advisory elsewhere.
 */
export function workloadRule<C extends object>(
  defaults: C,
  needs: readonly string[],
  check: PodCheck<C & UnknownInputConfig>,
): ResourceRule {
  const allDefaults = { ...defaults, ...UNKNOWN_INPUT_DEFAULTS };
  return {
    configSchema: schemaWithDefaults(allDefaults),
    validateResource: (args: ResourceValidationArgs, report) => {
      const pods = objectsOfResource(args.type, args.props, args.name)
        .objects.map((object) => ({ object, pod: podOf(object) }))
        .filter((found): found is { object: (typeof found)["object"]; pod: PodView } => found.pod !== undefined);
      if (pods.length === 0) return args.notApplicable("applies to Pods, pod controllers and the manifests holding them");
      const config = withDefaults(allDefaults, args.getConfig<Partial<C & UnknownInputConfig>>());
      const unknowns: { path: string; subject: string }[] = [];
      for (const { object, pod } of pods) {
        const unknown = pod.unknownTemplate !== undefined ? [pod.unknownTemplate] : unknownInputs(pod.template, needs, pod.at);
        if (unknown.length > 0) {
          const subject = object.where === "" ? `${object.type} '${object.name}'` : describeObject(object);
          unknowns.push(...unknown.map((path) => ({ path, subject })));
          continue;
        }
        const prefix = object.where === "" ? "" : `${describeObject(object)}: `;
        for (const message of check(pod, config)) report(`${prefix}${message}`);
      }
      settleUnknowns(unknowns, config, report);
    },
  };
}
